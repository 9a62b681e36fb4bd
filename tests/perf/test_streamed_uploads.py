"""Uploads on the fast paths of issue 18: multipart bodies parsed as they stream, resumable chunks
written in place (a chunk cut off keeps what arrived), a second chunk in flight confirmed after the
one before it. Through the workbench's handlers and Django's CSRF check, against real storage."""

import hashlib
import io
import json
import os
import threading

import pytest
from django.core.files.storage import storages
from django.test import Client

from kemenag_xblocks.assignment.models import AssignmentFile
from kemenag_xblocks.common import chunked
from kemenag_xblocks.common.models import UploadSession
from tests.assignment import samples
from tests.support import handlers
from tests.support.handlers import Caller

MB = 1024 * 1024
XML = '<kemenag_assignment max_file_mb="4" max_files="5" allowed_types="pdf"/>'
BOUNDARY = "----kemenagtestboundary"
TOKEN = "t" * 32


def body(response):
    return json.loads(response.content)


def multipart(name, data, *, extra_fields=(), close=True):
    """The form a browser sends (``close=False``: one whose closing boundary never arrives)."""
    body, _content_type = handlers.multipart(
        {**dict(extra_fields), "file": (name, data, "application/pdf")}, boundary=BOUNDARY
    )
    return body if close else body[: -len(f"--{BOUNDARY}--\r\n")]


@pytest.fixture
def csrf_client():
    """A browser-like client: Django's CSRF check enforced, the token in the cookie and the header."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = TOKEN
    return client


@pytest.fixture
def unit(scenario):
    return scenario(XML)


def post_form(client, unit, payload, *, header=True):
    return Caller(client, unit).request(
        "student_1",
        "upload",
        body=payload,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        headers={"X-CSRFToken": TOKEN} if header else None,
    )


def test_a_multipart_upload_streamed_past_the_csrf_check_is_stored_with_its_hash(csrf_client, unit, settings):
    # With no upload handlers Django's own parser would drop the file: it arrives only if the
    # handler read the body itself.
    settings.FILE_UPLOAD_HANDLERS = []
    data = samples.pdf("x" * (2 * MB))
    response = post_form(csrf_client, unit, multipart("Laporan Akhir.pdf", data))
    assert response.status_code == 200, response.content
    [file] = body(response)["files"]
    assert file["name"] == "Laporan Akhir.pdf" and file["sha256"] == hashlib.sha256(data).hexdigest()
    assert storages["default"].open(AssignmentFile.objects.get().path, "rb").read() == data


def test_a_form_carrying_its_token_in_the_body_still_uploads(csrf_client, unit):
    """No header: Django's CSRF check reads the form (it parses the body), the handler takes the file from it."""
    data = samples.pdf()
    payload = multipart("rencana.pdf", data, extra_fields=[("csrfmiddlewaretoken", TOKEN)])
    response = post_form(csrf_client, unit, payload, header=False)
    assert response.status_code == 200, response.content
    assert AssignmentFile.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_without_any_token_the_upload_is_forbidden(csrf_client, unit):
    response = post_form(csrf_client, unit, multipart("rencana.pdf", samples.pdf()), header=False)
    assert response.status_code == 403 and not AssignmentFile.objects.exists()


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        (multipart("rencana.pdf", samples.pdf(), close=False), 400, "incomplete"),  # the form never ends
        (multipart("rencana.pdf", samples.pdf())[: -len(BOUNDARY) - 30], 400, "incomplete"),  # cut mid-file
        (multipart("rencana.pdf", samples.pdf(), extra_fields=[("x", "y" * 70000)]), 400, "bad_request"),
        (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--{BOUNDARY}--\r\n".encode(),
         400, "no_file"),
        (multipart("virus.pdf", samples.EXE), 415, "content_mismatch"),
    ],
)  # fmt: skip
def test_a_bad_multipart_body_is_refused_and_stores_nothing(csrf_client, unit, payload, status, code):
    response = post_form(csrf_client, unit, payload)
    assert response.status_code == status, response.content
    assert body(response)["code"] == code and body(response)["error"]
    assert not AssignmentFile.objects.exists()


class Cut(io.RawIOBase):
    """A request body whose connection drops after ``arrives`` bytes."""

    def __init__(self, data, arrives):
        self.data, self.arrives, self.position = data, arrives, 0

    def read(self, size=-1):
        end = min(self.arrives, self.position + size)
        piece, self.position = self.data[self.position : end], end
        return piece


def new_session(unit, data):
    b = unit.block("student_1")
    return chunked.start(
        course_key=b.course_key,
        usage_key=b.usage_key,
        owner=b.user.anonymous_id,
        name="laporan.pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        policy=b.policy(),
        folder_prefix=b.path_prefix(b.user.anonymous_id),
    ), {"usage_key": b.usage_key, "owner": b.user.anonymous_id}


def test_a_chunk_cut_off_by_a_dropped_line_keeps_what_arrived(unit):
    data = samples.pdf("y" * (2 * MB))
    session, scope = new_session(unit, data)
    with pytest.raises(chunked.UploadRefused):
        chunked.accept_chunk(session.id, offset=0, stream=Cut(data[:MB], 300_000), length=MB, **scope)
    assert UploadSession.objects.get().received == 300_000, "the learner resumes from the last byte that arrived"
    offset = 300_000
    while offset < len(data):
        length = min(MB, len(data) - offset)
        offset = chunked.accept_chunk(session.id, offset=offset, data=data[offset : offset + length], **scope).received
    b = unit.block("student_1")
    stored = chunked.finish(session.id, policy=b.policy(), path_prefix=b.path_prefix(scope["owner"]), **scope)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert storages["default"].open(stored.path, "rb").read() == data
    assert not UploadSession.objects.exists()
    folder = storages["default"].path(session.folder)
    assert not os.path.exists(folder) or os.listdir(folder) == [], "the data file was renamed into place"


@pytest.mark.django_db(transaction=True)
def test_a_pipelined_chunk_that_overtakes_its_predecessor_is_confirmed_after_it(scenario):
    unit = scenario(XML)
    data = samples.pdf("z" * (2 * MB))
    session, scope = new_session(unit, data)
    answers = []

    def second():
        answers.append(
            chunked.accept_chunk(session.id, offset=MB, data=data[MB : 2 * MB], pipelined=True, **scope).received
        )

    ahead = threading.Thread(target=second)
    ahead.start()  # arrives first, waits for the first chunk to be confirmed
    first = chunked.accept_chunk(session.id, offset=0, data=data[:MB], **scope)
    ahead.join(timeout=30)
    assert first.received == MB and answers == [2 * MB]
    assert UploadSession.objects.get().received == 2 * MB


def test_a_chunk_ahead_without_pipelined_is_still_refused(unit):
    data = samples.pdf("w" * (2 * MB))
    session, scope = new_session(unit, data)
    with pytest.raises(chunked.UploadConflict) as refused:
        chunked.accept_chunk(session.id, offset=MB, data=data[MB : 2 * MB], **scope)
    assert refused.value.received == 0 and UploadSession.objects.get().received == 0


@pytest.mark.parametrize(
    ("asked", "given"),
    [(3 * MB, 3 * MB), (64 * MB, 8 * MB), (MB + 1, MB), ("3145728", MB), (None, MB), (True, MB)],
)
def test_the_page_may_ask_for_larger_chunks_within_bounds(client, unit, asked, given):
    data = samples.pdf("v" * (3 * MB))
    payload = {"name": "laporan.pdf", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if asked is not None:
        payload["chunk_size"] = asked
    response = Caller(client, unit).json("student_1", "upload_start", payload)
    assert response.status_code == 200 and body(response)["chunk_size"] == given


def test_a_chunk_resent_after_a_cut_is_confirmed_whatever_the_cut_request_confirmed_meanwhile(unit):
    """After a dropped line the page resends from where the server said; the cut request may still
    confirm its part before the resent one ends. Both hold the same bytes: the resent one counts,
    and the cut one, arriving later, cannot move ``received`` back."""
    data = samples.pdf("u" * (2 * MB))
    session, scope = new_session(unit, data)
    resent = UploadSession.objects.get()  # read as the resent request read it: received 0
    with pytest.raises(chunked.UploadRefused):  # short_chunk: the cut request's own (unseen) answer
        chunked.accept_chunk(session.id, offset=0, stream=Cut(data[:MB], 300_000), length=MB, **scope)
    assert UploadSession.objects.get().received == 300_000  # the cut request confirmed its part
    chunked._advance(resent, 0, MB)  # the resent whole chunk, whose bytes are in place
    assert UploadSession.objects.get().received == MB
    with pytest.raises(chunked.UploadConflict) as late:
        chunked._advance(UploadSession.objects.get(), 0, 300_000)  # a cut request confirming late
    assert late.value.received == MB and UploadSession.objects.get().received == MB
