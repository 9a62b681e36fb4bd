"""The shared upload rules: what is kept, what is refused (and that nothing is stored then)."""

import hashlib
import os

import pytest
from django.core.files.storage import storages
from django.test import override_settings
from django.utils import translation

from kemenag_xblocks.common.downloads import attachment_response
from kemenag_xblocks.common.uploads import (
    UploadPolicy,
    UploadRefused,
    sanitize_display_name,
    storage_prefix,
    store_stream,
    store_upload,
)
from tests.assignment import samples

PREFIX = "kemenag/test/block/learner"


@pytest.fixture
def policy():
    return UploadPolicy.from_settings()


def stored_files():
    root = storages["default"].location
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files if PREFIX in d]


@pytest.fixture(autouse=True)
def empty_prefix():
    storage = storages["default"]
    for path in stored_files():
        os.remove(path)
    yield storage


def refused(upload, policy, code):
    with pytest.raises(UploadRefused) as caught:
        store_upload(upload, policy, path_prefix=PREFIX)
    assert caught.value.code == code, caught.value.message
    assert stored_files() == [], "a refused upload must leave nothing in storage"
    return caught.value


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("rencana aksi.pdf", samples.pdf(), "application/pdf"),
        ("foto.JPEG", samples.JPG, "image/jpeg"),
        ("bagan.png", samples.PNG, "image/png"),
        ("laporan.docx", samples.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("anggaran.xlsx", samples.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("catatan.odt", samples.odt(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_allowed_files_are_stored_under_their_content_hash(policy, name, data, mime):
    stored = store_upload(samples.upload(name, data), policy, path_prefix=PREFIX)
    assert stored.size == len(data) and stored.mime == mime and stored.display_name == name
    assert stored.path == f"{PREFIX}/{stored.sha256}.{name.rsplit('.', 1)[1].lower().replace('jpeg', 'jpg')}"
    with storages["default"].open(stored.path, "rb") as handle:
        assert handle.read() == data


def test_the_same_content_twice_is_stored_once(policy):
    first = store_upload(samples.upload("a.pdf", samples.pdf()), policy, path_prefix=PREFIX)
    second = store_upload(samples.upload("b.pdf", samples.pdf()), policy, path_prefix=PREFIX)
    assert first.path == second.path and len(stored_files()) == 1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("setup.exe", samples.EXE, "type_not_allowed"),
        ("tugas.pdf", samples.EXE, "content_mismatch"),  # a renamed executable
        ("halaman.html", samples.HTML, "type_not_allowed"),
        ("halaman.pdf", samples.HTML, "content_mismatch"),
        ("logo.svg", samples.SVG, "type_not_allowed"),
        ("logo.png", samples.SVG, "content_mismatch"),
        ("foto.png", samples.JPG, "content_mismatch"),  # real image, wrong extension
        ("laporan.docx", samples.xlsx(), "content_mismatch"),  # a spreadsheet renamed
        ("laporan.docx", samples.zipped({"a.txt": "x"}), "content_mismatch"),  # any zip
        ("laporan.docx", samples.docx({"word/vbaProject.bin": b"\0"}), "content_mismatch"),
        ("laporan.pdf", b"", "empty"),
        ("tanpa-ekstensi", samples.pdf(), "type_not_allowed"),
    ],
)
def test_hostile_or_mismatched_files_are_refused_and_nothing_is_stored(policy, name, data, code):
    error = refused(samples.upload(name, data), policy, code)
    assert error.status in (400, 415)


def test_a_zip_bomb_is_refused_by_its_declared_size(policy):
    bomb = samples.docx({"word/media/big.bin": b"\0" * (3 * 1024 * 1024)})
    assert len(bomb) < 100_000
    refused(samples.upload("laporan.docx", bomb), policy, "bad_archive")


def test_an_oversize_file_is_refused_with_413_and_a_clear_message(policy):
    small = UploadPolicy(extensions=policy.extensions, max_bytes=1024, max_files=5)
    with translation.override("id"):
        error = refused(samples.upload("besar.pdf", samples.pdf("x" * 2000)), small, "too_large")
    assert error.status == 413
    assert "1,0\xa0KB" in error.message and "lebih besar" in error.message


def test_a_file_too_many_is_refused_with_413(policy):
    policy.check_count(policy.max_files - 1)
    with pytest.raises(UploadRefused) as caught:
        policy.check_count(policy.max_files)
    assert caught.value.status == 413 and str(policy.max_files) in caught.value.message


def test_policy_takes_block_limits_and_drops_unknown_types():
    policy = UploadPolicy.from_settings(extensions=["PDF", ".jpeg", "svg", "html"], max_bytes=5, max_files=2)
    assert policy.extensions == {"pdf", "jpg"} and policy.max_bytes == 5 and policy.max_files == 2


@override_settings(KEMENAG_UPLOAD_ALLOWED_TYPES=("pdf",))
def test_site_setting_narrows_the_default_types():
    assert UploadPolicy.from_settings().extensions == {"pdf"}


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("C:\\Users\\ani\\Rencana Aksi.pdf", "Rencana Aksi.pdf"),
        ("../../etc/passwd", "passwd"),
        ("tugas\u202efdp.exe", "tugasfdp.exe"),  # right-to-left override hides the real extension
        ("ba\x00d\nname.pdf", "badname.pdf"),
        ("", "file"),
        ("...", "file"),
    ],
)
def test_display_names_are_sanitised(raw, shown):
    assert sanitize_display_name(raw) == shown


def test_long_display_names_keep_their_extension():
    name = sanitize_display_name("a" * 500 + ".docx")
    assert len(name) <= 120 and name.endswith(".docx")


def test_storage_prefix_uses_only_opaque_safe_parts():
    prefix = storage_prefix("course-v1:Kemenag+MB101+2026", "block-v1:Kemenag+MB101+2026+type@x+block@y", "ab/../c")
    assert prefix.startswith("kemenag/course-v1_Kemenag_MB101_2026/")
    assert ".." not in prefix.replace("_.._", "") and "@" not in prefix and ":" not in prefix
    assert prefix.endswith("/ab_.._c") or "/" not in prefix.rsplit("/", 1)[1]


def test_attachment_response_streams_with_safe_headers(policy):
    stored = store_upload(samples.upload("rencana aksi.pdf", samples.pdf()), policy, path_prefix=PREFIX)
    response = attachment_response(stored.path, "Rencana Aksi \u2013 Satker.pdf", stored.mime, chunk_size=16)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    disposition = response.headers["Content-Disposition"]
    assert (
        disposition.startswith("attachment;")
        and "filename*=UTF-8''Rencana%20Aksi%20%E2%80%93%20Satker.pdf" in disposition
    )
    chunks = list(response.app_iter)
    assert len(chunks) > 1 and b"".join(chunks) == samples.pdf()
    response.app_iter.close()


def test_a_real_temporary_upload_is_hashed_from_disk(policy, tmp_path):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    data = samples.pdf("y" * 50_000)
    upload = TemporaryUploadedFile("besar.pdf", "application/pdf", len(data), None)
    upload.write(data)
    upload.seek(0)
    stored = store_upload(upload, policy, path_prefix=PREFIX)
    with storages["default"].open(stored.path, "rb") as handle:
        assert handle.read() == data
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)


# ---- store_stream: a raw body or reassembled chunks, in one pass -------------------------------


def in_chunks(data, size=1024 * 1024):
    return (data[start : start + size] for start in range(0, len(data), size))


def test_a_stream_is_hashed_and_stored_in_one_pass_even_across_the_hashing_thread(policy):
    data = samples.pdf() + os.urandom(3 * 1024 * 1024)  # large enough for the threaded hash
    stored = store_stream(in_chunks(data), "laporan.pdf", policy, path_prefix=PREFIX, expected_size=len(data))
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    with storages["default"].open(stored.path, "rb") as handle:
        assert handle.read() == data
    assert len(stored_files()) == 1


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"expected_size": 10**6}, "incomplete"),  # the body was cut short
        ({"expected_sha256": "0" * 64}, "hash_mismatch"),
    ],
)
def test_a_stream_that_is_not_what_was_declared_stores_nothing(policy, kwargs, code):
    with pytest.raises(UploadRefused) as caught:
        store_stream(in_chunks(samples.pdf()), "a.pdf", policy, path_prefix=PREFIX, **kwargs)
    assert caught.value.code == code and stored_files() == []


def test_a_stream_over_the_limit_is_refused_while_reading(policy):
    small = UploadPolicy.from_settings(max_bytes=1024 * 1024)
    read = []

    def chunks():
        for chunk in in_chunks(samples.pdf() + bytes(5 * 1024 * 1024), 256 * 1024):
            read.append(len(chunk))
            yield chunk

    with pytest.raises(UploadRefused) as caught:
        store_stream(chunks(), "a.pdf", small, path_prefix=PREFIX)
    assert caught.value.code == "too_large" and caught.value.status == 413 and stored_files() == []
    assert sum(read) <= 1024 * 1024 + 256 * 1024, "reading stops at the limit"


def test_a_stream_of_the_wrong_type_is_refused_before_it_is_read(policy):
    with pytest.raises(UploadRefused) as caught:
        store_stream(iter(()), "skrip.html", policy, path_prefix=PREFIX)
    assert caught.value.code == "type_not_allowed"
