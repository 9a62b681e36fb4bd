"""The Tutor init task's rendered script, run for real against the site-theme tables (SQLite,
the schema of edx-platform's ``theming.SiteTheme``): it assigns our theme only to sites that
have none, keeps an operator's own, replaces it only when KEMENAG_FORCE_THEME asks, says which
it did, and running it again changes nothing."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.theme.test_tutor_plugin import RENDER_HOOKS, tutor

# A Django project holding only what the task touches: sites and edx-platform's SiteTheme model.
RUNNER = textwrap.dedent(
    """
    import sys, django
    from django.conf import settings
    settings.configure(
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.sites", "theming"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[1]}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()
    from django.core.management import call_command
    call_command("migrate", run_syncdb=True, verbosity=0)
    if sys.argv[2] == "-":
        exec(sys.stdin.read())
    else:
        from theming.models import SiteTheme
        from django.contrib.sites.models import Site
        site, _ = Site.objects.get_or_create(domain=sys.argv[2], defaults={"name": sys.argv[2]})
        SiteTheme.objects.create(site=site, theme_dir_name=sys.argv[3])
    """
)
THEMING_MODELS = textwrap.dedent(
    """
    from django.contrib.sites.models import Site
    from django.db import models

    class SiteTheme(models.Model):  # edx-platform: openedx/core/djangoapps/theming/models.py
        site = models.ForeignKey(Site, related_name="themes", on_delete=models.CASCADE)
        theme_dir_name = models.CharField(max_length=255)

        class Meta:
            app_label = "theming"
            db_table = "theming_sitetheme"
    """
)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "theming").mkdir()
    (tmp_path / "theming" / "__init__.py").write_text("")
    (tmp_path / "theming" / "models.py").write_text(THEMING_MODELS)
    (tmp_path / "run.py").write_text(RUNNER)
    return tmp_path


def rendered_init(tmp_path_factory, *settings):
    root = tmp_path_factory.mktemp("tutor-init")
    tutor(root, "plugins", "enable", "kemenag")
    tutor(root, "config", "save", *[part for setting in settings for part in ("--set", setting)])
    env = {**os.environ, "TUTOR_ROOT": str(root / "tutor"), "TUTOR_PLUGINS_ROOT": str(root / "plugins")}
    out = subprocess.run(
        [sys.executable, "-c", RENDER_HOOKS, str(root / "tutor")], env=env, capture_output=True, text=True, check=True
    ).stdout
    (task,) = [task for _service, task in json.loads(out)["init"] if "theme_dir_name='kemenag'" in task]
    return task


def shell_code(task):
    """The Python that ``./manage.py lms shell -c "..."`` runs."""
    start = task.index('shell -c "') + len('shell -c "')
    return task[start : task.rindex('"')]


def run(project, code):
    result = subprocess.run(
        [sys.executable, str(project / "run.py"), str(project / "db.sqlite3"), "-"],
        input=code,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def preset(project, domain, theme):
    subprocess.run(
        [sys.executable, str(project / "run.py"), str(project / "db.sqlite3"), domain, theme],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        check=True,
    )


def themes(project):
    import sqlite3

    with sqlite3.connect(project / "db.sqlite3") as db:
        rows = db.execute(
            "SELECT s.domain, t.theme_dir_name FROM theming_sitetheme t JOIN django_site s ON s.id = t.site_id"
        ).fetchall()
    return sorted(rows)


@pytest.fixture(scope="module")
def default_task(tmp_path_factory):
    return rendered_init(tmp_path_factory)


@pytest.fixture(scope="module")
def forced_task(tmp_path_factory):
    return rendered_init(tmp_path_factory, "KEMENAG_FORCE_THEME=true")


def test_sites_without_a_theme_get_ours_once(project, default_task):
    out = run(project, shell_code(default_task))
    assert themes(project) == sorted(
        (domain, "kemenag")
        for domain in (
            "local.openedx.io",
            "local.openedx.io:8000",
            "studio.local.openedx.io",
            "studio.local.openedx.io:8001",
        )
    )
    assert out.count("Kemenag theme: assigned to") == 4
    again = run(project, shell_code(default_task))
    assert len(themes(project)) == 4
    assert again.count("already the theme of") == 4


def test_an_operators_theme_is_kept_and_the_output_says_so(project, default_task):
    preset(project, "local.openedx.io", "indigo")
    out = run(project, shell_code(default_task))
    assert ("local.openedx.io", "indigo") in themes(project)
    assert ("local.openedx.io", "kemenag") not in themes(project)
    assert "kept theme indigo of local.openedx.io (KEMENAG_FORCE_THEME=true replaces it)" in out
    assert out.count("assigned to") == 3  # the other three sites had none


def test_force_replaces_an_assigned_theme_and_says_so(project, forced_task):
    preset(project, "studio.local.openedx.io", "indigo")
    out = run(project, shell_code(forced_task))
    assert ("studio.local.openedx.io", "kemenag") in themes(project)
    assert all(theme == "kemenag" for _domain, theme in themes(project))
    assert "replacing indigo of studio.local.openedx.io (KEMENAG_FORCE_THEME)" in out


def test_the_task_documents_how_to_undo_it(default_task):
    assert "Undo:" in default_task and "SiteTheme.objects.filter(theme_dir_name='kemenag').delete()" in default_task
