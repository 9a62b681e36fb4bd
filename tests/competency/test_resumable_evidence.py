"""An external training's certificate sent resumably: it counts only once all of it arrived untampered."""

import hashlib
import json
import os

import pytest
from django.utils import timezone

from kemenag_xblocks.common.models import UploadSession
from kemenag_xblocks.competency.models import LedgerEntry
from tests.competency.test_block import PDF, XML, url
from tests.support.workbench import post_json

MB = 1024 * 1024
CERTIFICATE = PDF + b"%" + os.urandom(int(1.5 * MB))


@pytest.fixture
def block(scenario):
    return scenario(XML).block("student_1")


def answer(response):
    return json.loads(response.content)


def start(client, block, data, student="student_1", sha256=None):
    payload = {"name": "sertifikat.pdf", "size": len(data), "sha256": sha256 or hashlib.sha256(data).hexdigest()}
    response = post_json(client, block, "upload_start", payload, student_id=student)
    assert response.status_code == 200, response.content
    return answer(response)


def send(client, block, session, data, stop=None, student="student_1"):
    offset = session["received"]
    while offset < (len(data) if stop is None else stop):
        response = client.post(
            url(block, "upload_chunk", student) + f"&upload_id={session['upload_id']}&offset={offset}",
            data=data[offset : offset + session["chunk_size"]],
            content_type="application/octet-stream",
        )
        assert response.status_code == 200, response.content
        offset = answer(response)["received"]


def report(client, block, upload_id, student="student_1", **overrides):
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
    return client.post(url(block, "report_training", student), data=fields)


def test_a_certificate_sent_in_chunks_is_the_evidence_of_the_report(client, block):
    session = start(client, block, CERTIFICATE)
    send(client, block, session, CERTIFICATE)
    response = report(client, block, session["upload_id"])
    assert response.status_code == 200, response.content
    entry = LedgerEntry.objects.get(source="external")
    assert entry.evidence_sha256 == hashlib.sha256(CERTIFICATE).hexdigest() and entry.status == "pending"
    assert entry.evidence_name == "sertifikat.pdf" and not UploadSession.objects.exists()


def test_a_bad_form_keeps_the_upload_for_the_next_try(client, block):
    session = start(client, block, CERTIFICATE)
    send(client, block, session, CERTIFICATE)
    assert report(client, block, session["upload_id"], jp="0").status_code == 400
    assert UploadSession.objects.get().received == len(CERTIFICATE), "the learner does not upload it again"
    assert report(client, block, session["upload_id"]).status_code == 200


def test_an_incomplete_certificate_is_not_reported(client, block):
    session = start(client, block, CERTIFICATE)
    send(client, block, session, CERTIFICATE, stop=MB)
    response = report(client, block, session["upload_id"])
    assert response.status_code == 409 and answer(response)["code"] == "incomplete" and answer(response)["error"]
    assert not LedgerEntry.objects.exists() and UploadSession.objects.get().received == MB


def test_a_tampered_certificate_is_not_reported(client, block):
    session = start(client, block, CERTIFICATE, sha256=hashlib.sha256(b"another file").hexdigest())
    send(client, block, session, CERTIFICATE)
    response = report(client, block, session["upload_id"])
    assert response.status_code == 422 and answer(response)["code"] == "hash_mismatch"
    assert not LedgerEntry.objects.exists() and not UploadSession.objects.exists()


def test_another_learners_upload_cannot_be_reported(client, block):
    session = start(client, block, CERTIFICATE)
    send(client, block, session, CERTIFICATE)
    response = report(client, block, session["upload_id"], student="student_2")
    assert response.status_code == 404 and answer(response)["code"] == "unknown_upload"
    assert not LedgerEntry.objects.exists() and UploadSession.objects.get().received == len(CERTIFICATE)


def test_a_certificate_type_the_tracker_refuses_is_refused_at_the_start(client, block):
    payload = {"name": "sertifikat.docx", "size": MB, "sha256": "a" * 64}
    response = post_json(client, block, "upload_start", payload, student_id="student_1")
    assert response.status_code == 415 and answer(response)["code"] == "type_not_allowed"
    assert not UploadSession.objects.exists()
