"""Every URL of the demo server that can answer with bytes is in a security suite.

The URL configuration is walked as Django resolves it, and the blocks' handlers are found by
introspection (``_is_xblock_handler`` on every block of the package's ``xblock.v1`` entry points):

* block handlers (``/handler/...``) are cells of the authorization matrix (``matrix.MATRIX``);
* the resource URL (``/resource/<type>/<uri>``) is the traversal suite (``test_resource_traversal``);
* the plugin app's views (``kemenag_xblocks/urls.py``) are rows of ``matrix.PLUGIN_VIEWS``;
* nothing serves ``MEDIA_ROOT`` (learners' files and upload chunks) directly.

Anything else must be a page of the workbench or of Django itself (listed below, none of it part
of what the LMS runs); a URL in none of these classes fails the test.
"""

import importlib
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLResolver, clear_url_caches, get_resolver

from tests.security import test_resource_traversal
from tests.security.matrix import MATRIX, PLUGIN_VIEWS
from tests.security.support import BLOCK_TAGS, block_handlers
from tests.support.handlers import read

HANDLER_VIEWS = {"workbench.views.handler"}  # /handler/ and /unauth_handler/: the block handlers
RESOURCE_VIEWS = {"workbench.views.package_resource"}
# The workbench's own pages and Django's: the demo's shell, not shipped to the LMS.
NOT_SHIPPED_PREFIXES = (
    "workbench.views.index",
    "workbench.views.show_scenario",
    "workbench.views.user_list",
    "workbench.views.reset_state",
    "workbench.views.aside_handler",  # asides only; the package installs none
    "django.contrib.admin.",
    "django.contrib.auth.admin.",
    "django.contrib.contenttypes.views.",
    "django.views.generic.base.",  # the admin's redirects
    "django.views.i18n.",
    "django.contrib.staticfiles.views.serve",  # collected static files, DEBUG only
)


def reload_urls():
    import workbench.urls

    import demo.urls

    importlib.reload(workbench.urls)
    importlib.reload(demo.urls)
    clear_url_caches()


@pytest.fixture
def demo_server_urls(settings):
    """The URLs as the demo server builds them: with ``DEBUG`` on (pytest-django turns it off, and
    the workbench adds some patterns only under ``DEBUG``, when its URL module is imported)."""
    settings.DEBUG = True
    reload_urls()
    yield
    settings.DEBUG = False
    reload_urls()


def patterns(resolver=None, prefix="", namespace=""):
    """``(route, dotted view, namespaced name, default args)`` for every URL the server resolves."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from patterns(pattern, prefix + str(pattern.pattern), space)
        else:
            view = pattern.callback
            dotted = f"{view.__module__}.{view.__qualname__}"
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), dotted, name, pattern.default_args


def test_every_handler_of_every_block_is_in_the_authorization_matrix():
    handlers = {(tag, name) for tag in BLOCK_TAGS for name in block_handlers(tag)}
    assert handlers, "introspection found no handler: the check would prove nothing"
    missing = sorted(handlers - set(MATRIX))
    assert not missing, f"handlers serving bytes without a row in tests/security/matrix.py: {missing}"


def test_every_block_is_in_the_traversal_suite():
    assert set(BLOCK_TAGS) == set(test_resource_traversal.BLOCK_TAGS)
    assert set(BLOCK_TAGS) >= {"kemenag_assignment", "kemenag_competency", "kemenag_moderation_quiz"}


def test_every_url_of_the_server_is_covered_or_not_shipped(demo_server_urls):
    unclassified, plugin = [], set()
    for route, view, name, args in patterns():
        if view == "django.views.static.serve":
            root = str(args.get("document_root", ""))
            assert Path(root).resolve() != Path(settings.MEDIA_ROOT).resolve(), f"{route} serves MEDIA_ROOT"
            unclassified.append((route, view))
        elif view.startswith(("kemenag_", "demo.")):
            plugin.add(name)
            if name not in PLUGIN_VIEWS:
                unclassified.append((route, view))
        elif view in HANDLER_VIEWS | RESOURCE_VIEWS or view.startswith(NOT_SHIPPED_PREFIXES):
            continue
        else:
            unclassified.append((route, view))
    assert not unclassified, f"URLs in no security suite (add a row to matrix.PLUGIN_VIEWS): {unclassified}"
    assert plugin, "the plugin app's URLs were not found: the check would prove nothing"
    stale = sorted(set(PLUGIN_VIEWS) - plugin)
    assert not stale, f"rows for views that no longer exist: {stale}"


def test_stored_files_are_not_served_from_the_media_folder(demo_server_urls, client, db):
    """A learner's stored bytes at their storage path are not a URL of the server (the workbench
    serves MEDIA_ROOT at ``/`` under DEBUG; the demo leaves that pattern out)."""
    root = Path(settings.MEDIA_ROOT)
    probe = root / "kemenag" / "zz-probe" / "partial" / ("0" * 32) / "0"
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_bytes(b"<html><script>window.__pwned=1</script></html>")
    try:
        relative = probe.relative_to(root).as_posix()
        reply = client.get("/" + relative)
        assert reply.status_code == 404
        assert b"__pwned" not in read(reply)
    finally:
        shutil.rmtree(root / "kemenag" / "zz-probe", ignore_errors=True)
