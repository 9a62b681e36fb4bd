"""The blocks' resource URL serves a fixed allowlist of assets and nothing else.

For every block of the package (its ``xblock.v1`` entry points, so a new block is covered without
being listed): hostile resource names (absolute paths, percent-encoded slashes, ``..``, doubled
slashes, symbolic links, the names of real files outside ``public/``: settings, the SQLite database,
a learner's unfinished upload chunk) are refused both by ``open_local_resource`` (what the LMS's
``xblock/resource/`` view calls) and through the demo server's real ``/resource/<type>/<uri>`` URL;
every allowlisted asset, and every asset a rendered fragment references, is served.
"""

import hashlib
import importlib.resources
import inspect
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from xblock.core import XBlock
from xblock.exceptions import DisallowedFileError

from kemenag_xblocks.common import assets, chunked
from kemenag_xblocks.common.models import UploadSession
from tests.security.support import BLOCK_TAGS, LEARNER, STAFF, block_xml, media_root
from tests.support.handlers import read

PACKAGE_ROOT = Path(assets.__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_ROOT.parent
# Bytes a learner controls: what a stored-XSS probe sends as an "unfinished upload".
PROBE = b"%PDF-1.4\n<html><script>window.__pwned=1</script></html>"


def package_of(tag):
    return inspect.getmodule(XBlock.load_class(tag)).__package__


def real_files_outside_public(tag):
    """Absolute paths of real files the resource URL must never serve."""
    block_dir = Path(os.fspath(importlib.resources.files(package_of(tag))))
    found = [
        Path("/etc/passwd"),
        REPO_ROOT / "demo" / "settings.py",
        PACKAGE_ROOT / "conf.py",
        PACKAGE_ROOT / "common" / "uploads.py",
        block_dir / "__init__.py",
    ]
    database = Path(str(django_settings.DATABASES["default"].get("NAME") or ""))
    if database.is_file():
        found.append(database)
    return [path for path in found if path.is_file()]


def hostile_uris(tag, secret_files):
    """Every way of naming a file outside the allowlist the suite knows, for one block."""
    block_dir = Path(os.fspath(importlib.resources.files(package_of(tag))))
    own = sorted(name for name in assets.asset_index(package_of(tag)) if not name.startswith(assets.SHARED_PREFIX))
    uris = [
        "/etc/passwd",
        "public//etc/passwd",
        "public/common//etc/passwd",
        "public/common/%2Fetc%2Fpasswd",
        "public/common/%252Fetc%252Fpasswd",
        "public%2F..%2F..%2Fconf.py",
        "public/../../conf.py",
        "public/../__init__.py",
        "public/common/../uploads.py",
        "public/common/../../conf.py",
        "public/common/../../../demo/settings.py",
        "public/common/%2E%2E/uploads.py",
        "public/./" + own[0].split("/", 1)[1] if own else "public/./x.js",
        "public//" + own[0].split("/", 1)[1] if own else "public//x.js",
        "public/common//" + assets.SHARED_ASSETS[0],
        "public/common/./" + assets.SHARED_ASSETS[0],
        "public\\..\\__init__.py",
        "public/common/chunked.py",  # a real file of common/, outside its public/
        "public/common/public/kemenag.js",
        "public/",
        "public/common/",
        "",
        "public/\x00kemenag.js",
    ]
    for path in secret_files:
        relative = os.path.relpath(path, block_dir / "public")
        uris += [
            f"public/common/{path}",  # absolute: public/common//abs/path
            f"public/{path}",
            str(path),
            f"public/{relative}",
            f"public/common/{quote(str(path), safe='')}",
        ]
    return uris


def fetch(client, tag, uri):
    """The demo server's resource URL, percent-encoded as a browser would send it."""
    return client.get(f"/resource/{tag}/{quote(uri, safe='/%')}")


def assert_refused(client, tag, uri, secrets_):
    with pytest.raises(DisallowedFileError):
        XBlock.load_class(tag).open_local_resource(uri)
    reply = fetch(client, tag, uri)
    body = read(reply)
    assert reply.status_code == 404, (tag, uri, reply.status_code, body[:120])
    for secret in secrets_:
        assert secret not in body, (tag, uri)


def secrets_of(paths):
    """A distinctive slice of each file, to prove none of it came back."""
    found = []
    for path in paths:
        data = Path(path).read_bytes()
        found.append(data[:64] if len(data) >= 16 else data)
    return [piece for piece in found if piece]


@pytest.fixture
def unfinished_chunk(client, scenario, settings, tmp_path):
    """A learner's unfinished resumable upload whose first chunk is HTML with a script, on disk."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    from tests.security.support import ReplyCaller, ensure_users

    ensure_users()
    caller = ReplyCaller(client, scenario('<kemenag_assignment max_file_mb="5" allowed_types="pdf"/>'))
    part = PROBE.ljust(chunked.DEFAULT_CHUNK_SIZE, b" ")  # a full first chunk of a longer file
    reply = caller.call(
        LEARNER,
        "upload_start",
        json_body={"name": "bab.pdf", "size": len(part) + 10, "sha256": hashlib.sha256(part).hexdigest()},
    )
    assert reply.status == 200, reply.content
    upload_id = reply.json["upload_id"]
    sent = caller.call(
        LEARNER,
        "upload_chunk",
        raw=part,
        content_type="application/octet-stream",
        query=f"upload_id={upload_id}&offset=0",
    )
    assert sent.status == 200, sent.content
    session = UploadSession.objects.get(pk=upload_id)
    # On local disk the chunks are written in place into one file (perf); elsewhere one file a chunk.
    local = chunked.local_data_path(session)
    path = Path(local) if local else media_root() / chunked.chunk_path(session, 0)
    assert path.read_bytes() == part, "the probe is really stored where the suite looks"
    return path


@pytest.mark.parametrize("tag", BLOCK_TAGS)
def test_hostile_resource_names_are_refused(client, db, tag, unfinished_chunk):
    files = [*real_files_outside_public(tag), unfinished_chunk]
    secrets_ = [*secrets_of(files), PROBE[:20]]
    uris = hostile_uris(tag, files)
    for uri in uris:
        assert_refused(client, tag, uri, secrets_)
    assert len(uris) >= 40


@pytest.mark.parametrize("tag", BLOCK_TAGS)
def test_a_symbolic_link_in_a_public_folder_is_not_served(client, db, tag):
    """A link dropped into the block's public folder (a deploy mistake, a hostile package) is not
    followed, whether it points outside the package or at one of its sources."""
    public = Path(os.fspath(importlib.resources.files(package_of(tag)))) / "public"
    public.mkdir(exist_ok=True)
    links = {
        public / "zz_probe_passwd.js": Path("/etc/passwd"),
        public / "zz_probe_source.js": PACKAGE_ROOT / "conf.py",
    }
    try:
        for link, target in links.items():
            link.symlink_to(target)
        assets.asset_index.cache_clear()
        for link in links:
            assert_refused(client, tag, f"public/{link.name}", secrets_of(links.values()))
    finally:
        for link in links:
            link.unlink(missing_ok=True)
        assets.asset_index.cache_clear()


def test_the_index_skips_links_other_suffixes_and_subfolders(tmp_path):
    """``index_folder`` itself: only regular asset files directly in the folder are indexed."""
    (tmp_path / "ok.js").write_text("1")
    (tmp_path / "notes.py").write_text("secret")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.js").write_text("1")
    (tmp_path / "kemenag.js").symlink_to("/etc/passwd")
    (tmp_path / "dir.js").mkdir()
    assert sorted(assets.index_folder(tmp_path)) == ["ok.js"]
    assert sorted(assets.index_folder(tmp_path, ("kemenag.js", "ok.js"))) == ["ok.js"]


@pytest.mark.parametrize("tag", BLOCK_TAGS)
def test_every_allowlisted_asset_is_served(client, db, tag):
    index = assets.asset_index(package_of(tag))
    assert {assets.SHARED_PREFIX + name for name in assets.SHARED_ASSETS} <= set(index), (
        "every block serves the shared modules"
    )
    for uri, path in index.items():
        reply = fetch(client, tag, uri)
        assert reply.status_code == 200, (tag, uri)
        assert reply.content == path.read_bytes()
        assert reply["Content-Type"].split(";")[0] in ("text/javascript", "application/javascript", "text/css")


def fragment_urls(fragment):
    return [resource.data for resource in fragment.resources if resource.kind == "url"]


@pytest.mark.parametrize("tag", BLOCK_TAGS)
def test_every_asset_a_page_references_is_served(client, scenario, tag):
    """The allowlist is not too narrow: each script and style the block's views reference loads."""
    from tests.security.support import ensure_users

    ensure_users()
    unit = scenario(block_xml(tag))
    urls = set()
    for student in (LEARNER, STAFF):
        block = unit.block(student)
        for view in ("student_view", "studio_view", "author_view"):
            if hasattr(block, view):
                urls.update(fragment_urls(block.render(view)))
    resource_urls = [url for url in urls if "/resource/" in url]
    assert resource_urls, f"{tag} references no asset: the check would prove nothing"
    for url in resource_urls:
        reply = client.get(url)
        assert reply.status_code == 200, (tag, url)
