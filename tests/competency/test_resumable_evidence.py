"""An external training's certificate sent resumably: it counts only once all of it arrived untampered."""

import hashlib
import json
import os

import pytest
from django.utils import timezone

from kemenag_xblocks.common.models import UploadSession
from kemenag_xblocks.competency.models import LedgerEntry
from tests.competency.test_block import PDF
from tests.support.handlers import Caller
from tests.support.olx import olx

MB = 1024 * 1024
CERTIFICATE = PDF + b"%" + os.urandom(int(1.5 * MB))


@pytest.fixture
def tracker(client, scenario):
    return Caller(client, scenario(olx("kemenag_competency/tracker")))


def answer(response):
    return json.loads(response.content)


def start(tracker, data, student="student_1", sha256=None):
    payload = {"name": "sertifikat.pdf", "size": len(data), "sha256": sha256 or hashlib.sha256(data).hexdigest()}
    response = tracker.json(student, "upload_start", payload)
    assert response.status_code == 200, response.content
    return answer(response)


def send(tracker, session, data, stop=None, student="student_1"):
    offset = session["received"]
    while offset < (len(data) if stop is None else stop):
        response = tracker.request(
            student,
            "upload_chunk",
            body=data[offset : offset + session["chunk_size"]],
            content_type="application/octet-stream",
            query={"upload_id": session["upload_id"], "offset": offset},
        )
        assert response.status_code == 200, response.content
        offset = answer(response)["received"]


def report(tracker, upload_id, student="student_1", **overrides):
    fields = {
        "title": "Diklat Kepemimpinan",
        "organizer": "BDK Semarang",
        "jp": "10",
        "competency_type": "manajerial",
        "completed_on": timezone.localdate().isoformat(),
        "certificate_number": "BDK/2026/0001",
        "upload_id": upload_id,
        **overrides,
    }
    return tracker.form(student, "report_training", fields)


def test_a_certificate_sent_in_chunks_is_the_evidence_of_the_report(tracker):
    session = start(tracker, CERTIFICATE)
    send(tracker, session, CERTIFICATE)
    response = report(tracker, session["upload_id"])
    assert response.status_code == 200, response.content
    entry = LedgerEntry.objects.get(source="external")
    assert entry.evidence_sha256 == hashlib.sha256(CERTIFICATE).hexdigest() and entry.status == "pending"
    assert entry.evidence_name == "sertifikat.pdf" and not UploadSession.objects.exists()


def test_a_bad_form_keeps_the_upload_for_the_next_try(tracker):
    session = start(tracker, CERTIFICATE)
    send(tracker, session, CERTIFICATE)
    assert report(tracker, session["upload_id"], jp="0").status_code == 400
    assert UploadSession.objects.get().received == len(CERTIFICATE), "the learner does not upload it again"
    assert report(tracker, session["upload_id"]).status_code == 200


def test_an_incomplete_certificate_is_not_reported(tracker):
    session = start(tracker, CERTIFICATE)
    send(tracker, session, CERTIFICATE, stop=MB)
    response = report(tracker, session["upload_id"])
    assert response.status_code == 409 and answer(response)["code"] == "incomplete" and answer(response)["error"]
    assert not LedgerEntry.objects.exists() and UploadSession.objects.get().received == MB


def test_a_tampered_certificate_is_not_reported(tracker):
    session = start(tracker, CERTIFICATE, sha256=hashlib.sha256(b"another file").hexdigest())
    send(tracker, session, CERTIFICATE)
    response = report(tracker, session["upload_id"])
    assert response.status_code == 422 and answer(response)["code"] == "hash_mismatch"
    assert not LedgerEntry.objects.exists() and not UploadSession.objects.exists()


def test_another_learners_upload_cannot_be_reported(tracker):
    session = start(tracker, CERTIFICATE)
    send(tracker, session, CERTIFICATE)
    response = report(tracker, session["upload_id"], student="student_2")
    assert response.status_code == 404 and answer(response)["code"] == "unknown_upload"
    assert not LedgerEntry.objects.exists() and UploadSession.objects.get().received == len(CERTIFICATE)


def test_a_certificate_type_the_tracker_refuses_is_refused_at_the_start(tracker):
    payload = {"name": "sertifikat.docx", "size": MB, "sha256": "a" * 64}
    response = tracker.json("student_1", "upload_start", payload)
    assert response.status_code == 415 and answer(response)["code"] == "type_not_allowed"
    assert not UploadSession.objects.exists()
