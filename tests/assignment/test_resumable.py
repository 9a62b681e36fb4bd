"""Resumable uploads through the assignment's handlers: only a whole, untampered file becomes part of the work.

Every refusal is a 4xx with a message and leaves the session, the stored chunks and the hand-in as
they were (``snapshot``).
"""

import hashlib
import json
import os
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.storage import storages
from django.utils import timezone, translation

from kemenag_xblocks.assignment.models import AssignmentFile
from kemenag_xblocks.common import chunked
from kemenag_xblocks.common.models import UploadSession
from tests.assignment import samples
from tests.assignment.conftest import AssignmentCaller
from tests.support.handlers import read

MB = 1024 * 1024
XML = '<kemenag_assignment max_file_mb="3" max_files="2" allowed_types="pdf"/>'


def big_pdf(size=int(2.5 * MB), text="Laporan"):
    """A real-looking PDF of ``size`` bytes: three chunks of 1 MB, the last one short."""
    head = samples.pdf(text)
    return head + b"%" + os.urandom(size - len(head) - 1)


def body(response):
    return json.loads(response.content)


class Resumable(AssignmentCaller):
    def start(self, student, data, name="laporan.pdf", sha256=None):
        payload = {"name": name, "size": len(data), "sha256": sha256 or hashlib.sha256(data).hexdigest()}
        return self.json(student, "upload_start", payload)

    def chunk(self, student, upload_id, offset, data):
        query = {"upload_id": upload_id, "offset": offset}
        return self.request(student, "upload_chunk", body=data, content_type="application/octet-stream", query=query)

    def send(self, student, upload_id, data, start=0, stop=None):
        """Chunks from ``start`` up to (not including) byte ``stop``; returns the last answer."""
        offset, stop = start, len(data) if stop is None else stop
        while offset < stop:
            response = self.chunk(student, upload_id, offset, data[offset : offset + MB])
            assert response.status_code == 200, response.content
            offset = body(response)["received"]
        return offset

    def status(self, student, upload_id):
        return self.json(student, "upload_status", {"upload_id": upload_id})

    def finish(self, student, upload_id):
        return self.json(student, "upload_finish", {"upload_id": upload_id})

    def raw(self, student, name, data):
        headers = {"X-Upload-Name": quote(name)}
        return self.request(student, "upload", body=data, content_type="application/octet-stream", headers=headers)


@pytest.fixture
def up(client, scenario):
    return Resumable(client, scenario(XML))


def stored_objects():
    root = storages["default"].location
    return sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files if "/kemenag/" in d)


def partial_chunks():
    return [path for path in stored_objects() if "/partial/" in path]


def snapshot():
    return (
        list(UploadSession.objects.values_list("id", "received").order_by("id")),
        partial_chunks(),
        list(AssignmentFile.objects.values_list("sha256", flat=True)),
    )


@pytest.fixture(autouse=True)
def clean_storage(db):
    for path in stored_objects():
        os.remove(path)


def started(up, data, student="student_1"):
    response = up.start(student, data)
    assert response.status_code == 200, response.content
    return body(response)


def test_a_file_sent_in_chunks_becomes_one_of_the_files_and_leaves_no_chunks(up, django_capture_on_commit_callbacks):
    data = big_pdf()
    session = started(up, data)
    assert session["received"] == 0 and session["chunk_size"] == MB
    assert up.send("student_1", session["upload_id"], data) == len(data)
    # The chunks are deleted once the file's row is committed (the test's transaction never is).
    with django_capture_on_commit_callbacks(execute=True):
        response = up.finish("student_1", session["upload_id"])
    assert response.status_code == 200, response.content
    [file] = body(response)["files"]
    assert file["name"] == "laporan.pdf" and file["size"] == len(data)
    assert file["sha256"] == hashlib.sha256(data).hexdigest()
    row = AssignmentFile.objects.get()
    assert storages["default"].open(row.path, "rb").read() == data
    assert partial_chunks() == [] and not UploadSession.objects.exists()


def test_starting_the_same_file_again_resumes_from_the_last_confirmed_chunk(up):
    data = big_pdf()
    first = started(up, data)
    up.send("student_1", first["upload_id"], data, stop=MB)
    again = started(up, data)  # after a reload: the page asks again for the same file
    assert again["upload_id"] == first["upload_id"] and again["received"] == MB
    assert body(up.status("student_1", first["upload_id"]))["received"] == MB
    up.send("student_1", first["upload_id"], data, start=MB)
    assert up.finish("student_1", first["upload_id"]).status_code == 200
    assert AssignmentFile.objects.count() == 1


@pytest.mark.parametrize(
    ("offset", "length", "status", "code"),
    [
        (2 * MB, MB, 409, "wrong_offset"),  # out of order: a chunk after a gap
        (0, MB, 409, "wrong_offset"),  # a duplicate of the chunk already confirmed
        (MB + 17, MB, 409, "wrong_offset"),  # not on a chunk boundary
        (MB, MB + 1, 413, "chunk_too_large"),
        (MB, MB - 1, 400, "short_chunk"),
    ],
)
def test_a_chunk_other_than_the_next_one_is_refused_and_nothing_changes(up, offset, length, status, code):
    data = big_pdf()
    session = started(up, data)
    up.send("student_1", session["upload_id"], data, stop=MB)
    before = snapshot()
    response = up.chunk("student_1", session["upload_id"], offset, os.urandom(length))
    assert response.status_code == status, response.content
    answer = body(response)
    assert answer["code"] == code and answer["error"]
    if status == 409:
        assert answer["received"] == MB, "the client learns where to continue"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "size", "sha256", "status", "code"),
    [
        ("laporan.pdf", 3 * MB + 1, "a" * 64, 413, "too_large"),
        ("setup.exe", MB, "a" * 64, 415, "type_not_allowed"),
        ("laporan.pdf", 0, "a" * 64, 400, "empty"),
        ("laporan.pdf", MB, "not-a-hash", 400, "bad_hash"),
        ("laporan.pdf", "1024", "a" * 64, 400, "bad_size"),
    ],
)
def test_a_file_the_block_would_refuse_is_refused_at_the_start(up, name, size, sha256, status, code):
    response = up.json("student_1", "upload_start", {"name": name, "size": size, "sha256": sha256})
    assert response.status_code == status and body(response)["code"] == code and body(response)["error"]
    assert not UploadSession.objects.exists()


def test_a_tampered_file_never_becomes_part_of_the_work(up):
    data = big_pdf()
    session = started(up, data, student="student_1")
    tampered = data[:MB] + bytes(MB) + data[2 * MB :]
    up.send("student_1", session["upload_id"], tampered)
    response = up.finish("student_1", session["upload_id"])
    assert response.status_code == 422 and body(response)["code"] == "hash_mismatch"
    assert "SHA-256" in body(response)["error"]
    assert not AssignmentFile.objects.exists()
    assert stored_objects() == [], "neither the chunks nor an assembled file remain"
    assert up.status("student_1", session["upload_id"]).status_code == 404


def test_an_incomplete_upload_cannot_be_finished(up):
    data = big_pdf()
    session = started(up, data)
    up.send("student_1", session["upload_id"], data, stop=2 * MB)
    before = snapshot()
    response = up.finish("student_1", session["upload_id"])
    assert response.status_code == 409 and body(response)["code"] == "incomplete"
    assert body(response)["received"] == 2 * MB
    assert snapshot() == before and not AssignmentFile.objects.exists()
    response = up.json("student_1", "submit", {"confirm": True})
    assert response.status_code == 409, "nothing to hand in: the partial file does not count"


def test_a_file_whose_content_is_not_its_type_is_refused_after_assembly(up):
    data = samples.EXE + os.urandom(int(1.5 * MB))
    session = started(up, data)  # named .pdf, declared with its true hash
    up.send("student_1", session["upload_id"], data)
    response = up.finish("student_1", session["upload_id"])
    assert response.status_code == 415 and body(response)["code"] == "content_mismatch"
    assert stored_objects() == [] and not AssignmentFile.objects.exists()


@pytest.mark.parametrize("handler", ["upload_status", "upload_chunk", "upload_finish", "upload_cancel"])
def test_another_learners_upload_id_is_unknown(up, handler):
    data = big_pdf()
    session = started(up, data, student="student_1")
    up.send("student_1", session["upload_id"], data, stop=MB)
    before = snapshot()
    if handler == "upload_chunk":
        response = up.chunk("student_2", session["upload_id"], MB, data[MB : 2 * MB])
    else:
        response = up.json("student_2", handler, {"upload_id": session["upload_id"]})
    assert response.status_code == 404 and body(response)["code"] == "unknown_upload" and body(response)["error"]
    assert snapshot() == before


def test_a_handed_in_assignment_takes_no_new_upload(up):
    assert up.upload("student_1").status_code == 200
    assert up.json("student_1", "submit", {"confirm": True}).status_code == 200
    response = up.start("student_1", big_pdf())
    assert response.status_code == 409 and body(response)["code"] == "read_only"
    assert not UploadSession.objects.exists()


def test_cancel_removes_the_chunks(up):
    data = big_pdf()
    session = started(up, data)
    up.send("student_1", session["upload_id"], data, stop=2 * MB)
    assert partial_chunks(), "what arrived is kept (written in place: one data file) until cancelled"
    assert up.json("student_1", "upload_cancel", {"upload_id": session["upload_id"]}).status_code == 200
    assert partial_chunks() == [] and not UploadSession.objects.exists()


def test_abandoned_uploads_are_purged_with_their_chunks(up):
    old, fresh = big_pdf(text="lama"), big_pdf(text="baru")
    for data in (old, fresh):
        session = started(up, data)
        up.send("student_1", session["upload_id"], data, stop=MB)
    stale = UploadSession.objects.get(sha256=hashlib.sha256(old).hexdigest())
    UploadSession.objects.filter(pk=stale.pk).update(updated=timezone.now() - timedelta(days=3))
    assert chunked.purge_abandoned() == 1
    assert list(UploadSession.objects.values_list("sha256", flat=True)) == [hashlib.sha256(fresh).hexdigest()]
    assert len(partial_chunks()) == 1 and stale.id not in partial_chunks()[0]


def test_the_purge_command_reports_what_it_removed(up, capsys):
    from django.core.management import call_command

    data = big_pdf()
    session = started(up, data)
    up.send("student_1", session["upload_id"], data, stop=MB)
    UploadSession.objects.update(updated=timezone.now() - timedelta(days=3))
    call_command("kemenag_purge_uploads")
    assert "1" in capsys.readouterr().out and partial_chunks() == []


def test_refusals_speak_the_learners_language(up):
    data = big_pdf()
    session = started(up, data)
    with translation.override("id"):
        response = up.chunk("student_1", session["upload_id"], MB, data[MB : 2 * MB])
    assert response.status_code == 409 and "terakhir" in body(response)["error"]


# ---- the single-request raw body the page sends for small files ---------------------------------


def test_a_raw_body_upload_is_stored_like_a_multipart_one(up):
    data = samples.pdf()
    response = up.raw("student_1", "Rencana Aksi ✓.pdf", data)
    assert response.status_code == 200, response.content
    [file] = body(response)["files"]
    assert file["name"] == "Rencana Aksi ✓.pdf" and file["sha256"] == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("virus.pdf", samples.EXE, 415, "content_mismatch"),
        ("halaman.html", samples.HTML, 415, "type_not_allowed"),
        ("besar.pdf", samples.pdf("x" * (3 * MB + 1)), 413, "too_large"),
        ("kosong.pdf", b"", 400, "no_file"),
    ],
)
def test_a_refused_raw_body_upload_stores_nothing(up, name, data, status, code):
    response = up.raw("student_1", name, data)
    assert response.status_code == status and body(response)["code"] == code
    assert stored_objects() == [] and not AssignmentFile.objects.exists()


def test_the_shared_browser_module_is_served_with_each_block(client, up):
    from xblock.exceptions import DisallowedFileError

    from kemenag_xblocks.competency.block import CompetencyBlock

    block = up.block("student_1")
    response = client.get(block.runtime.local_resource_url(block, "public/common/chunked_upload.js"))
    assert response.status_code == 200
    assert b"KemenagChunkedUpload" in read(response)
    with CompetencyBlock.open_local_resource("public/common/chunked_upload.js") as handle:
        assert b"localStorage" in handle.read()
    with pytest.raises(DisallowedFileError):
        CompetencyBlock.open_local_resource("public/common/../chunked.py")
