"""The learner's path through the handlers: upload, remove, hand in, receipt, own files only."""

import json

import pytest
from django.core.files.storage import storages
from django.utils import translation

from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
from tests.assignment import samples


def body(response):
    return json.loads(response.content)


def test_upload_returns_the_draft_with_the_file_and_stores_it(calls):
    response = calls.upload("student_1", "Rencana Aksi.pdf")
    assert response.status_code == 200, response.content
    state = body(response)
    assert state["status"] == "draft" and state["can_edit"]
    [file] = state["files"]
    assert file["name"] == "Rencana Aksi.pdf" and file["size"] == len(samples.pdf())
    stored = AssignmentFile.objects.get(pk=file["id"])
    assert storages["default"].exists(stored.path) and stored.sha256 in stored.path
    assert "Rencana" not in stored.path, "the client's name is display text only"


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("virus.pdf", samples.EXE, 415, "content_mismatch"),
        ("logo.svg", samples.SVG, 415, "type_not_allowed"),
        ("laporan.docx", samples.docx(), 415, "type_not_allowed"),  # this block allows pdf and png only
        ("besar.pdf", samples.pdf("x" * (10 * 1024 * 1024)), 413, "too_large"),
    ],
)
def test_refused_uploads_answer_4xx_and_change_nothing(calls, name, data, status, code):
    response = calls.upload("student_1", name, data)
    assert response.status_code == status and body(response)["code"] == code
    assert body(response)["error"]
    assert not AssignmentFile.objects.exists()


def test_oversize_message_is_indonesian_by_default(client, scenario):
    from tests.assignment.conftest import AssignmentCaller

    calls = AssignmentCaller(client, scenario('<kemenag_assignment max_file_mb="1" allowed_types="pdf"/>'))
    with translation.override("id"):
        response = calls.upload("student_1", "besar.pdf", samples.pdf("x" * (2 * 1024 * 1024)))
    assert response.status_code == 413
    assert "lebih besar" in body(response)["error"] and "1,0\xa0MB" in body(response)["error"]


def test_upload_without_a_file_field_is_400(calls):
    response = calls.form("student_1", "upload", {"file": "not a file"})
    assert response.status_code == 400 and not AssignmentSubmission.objects.filter(files__isnull=False).exists()


def test_a_file_too_many_is_refused_with_413(client, scenario):
    from tests.assignment.conftest import AssignmentCaller

    calls = AssignmentCaller(client, scenario('<kemenag_assignment max_files="2" allowed_types="pdf,png"/>'))
    assert calls.upload("student_1", "a.pdf", samples.pdf("a")).status_code == 200
    assert calls.upload("student_1", "b.png", samples.PNG).status_code == 200
    response = calls.upload("student_1", "c.pdf", samples.pdf("c"))
    assert response.status_code == 413 and body(response)["code"] == "too_many_files"
    assert AssignmentFile.objects.count() == 2


def test_remove_before_hand_in_deletes_the_stored_file(calls):
    file = body(calls.upload("student_1"))["files"][0]
    path = AssignmentFile.objects.get(pk=file["id"]).path
    response = calls.json("student_1", "remove_file", {"file_id": file["id"]})
    assert response.status_code == 200 and body(response)["files"] == []
    assert not storages["default"].exists(path)


def test_removing_someone_elses_file_is_404(calls):
    file = body(calls.upload("student_1"))["files"][0]
    assert calls.json("student_2", "remove_file", {"file_id": file["id"]}).status_code == 404
    assert calls.json("student_1", "remove_file", {"file_id": "x"}).status_code == 400
    assert AssignmentFile.objects.filter(pk=file["id"]).exists()


def test_hand_in_needs_confirmation_and_a_file(calls):
    assert calls.json("student_1", "submit", {"confirm": True}).status_code == 409
    calls.upload("student_1")
    assert calls.json("student_1", "submit", {}).status_code == 400
    assert AssignmentSubmission.objects.get().status == "draft"


def test_after_hand_in_files_are_read_only_and_a_receipt_exists(calls):
    state = calls.hand_in("student_1")
    assert state["status"] == "submitted" and not state["can_edit"] and state["receipt"]
    assert calls.upload("student_1", "lagi.pdf", samples.pdf("lagi")).status_code == 409
    file_id = state["files"][0]["id"]
    assert calls.json("student_1", "remove_file", {"file_id": file_id}).status_code == 409
    assert calls.json("student_1", "submit", {"confirm": True}).status_code == 409
    assert AssignmentSubmission.objects.get().attempt == 1


def test_receipt_pdf_and_page_show_each_files_hash(calls):
    state = calls.hand_in("student_1", "Rencana Aksi.pdf")
    sha = state["files"][0]["sha256"]
    pdf = calls.get("student_1", "receipt", format="pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Disposition"].startswith("attachment")
    page = calls.get("student_1", "receipt")
    assert page.status_code == 200 and sha in page.content.decode() and "Rencana Aksi.pdf" in page.content.decode()
    assert calls.get("student_2", "receipt").status_code == 404


def test_downloads_are_attachments_for_the_owner_and_staff_only(calls):
    file_id = calls.hand_in("student_1")["files"][0]["id"]
    own = calls.get("student_1", "download", file=file_id)
    assert own.status_code == 302  # to a short-lived link that streams the file (test_downloads.py)
    own = calls.client.get(own["Location"])
    assert own.status_code == 200 and b"".join(own) == samples.pdf()
    assert own["X-Content-Type-Options"] == "nosniff" and own["Content-Security-Policy"].startswith("sandbox")
    assert own["Content-Disposition"].startswith("attachment;")
    assert calls.get("staff", "download", file=file_id).status_code == 302
    assert calls.get("student_2", "download", file=file_id).status_code == 404
    assert calls.get("student_1", "download", file="nope").status_code == 404


def test_late_hand_in_is_flagged_or_refused_by_policy(client, scenario):
    from tests.assignment.conftest import AssignmentCaller

    past = "2020-01-01T00:00:00+00:00"
    flagged = AssignmentCaller(client, scenario(f'<kemenag_assignment due_date="{past}" grace_hours="2"/>'))
    assert flagged.hand_in("student_1")["status"] == "late"
    refusing = AssignmentCaller(client, scenario(f'<kemenag_assignment due_date="{past}" late_policy="refuse"/>'))
    refusing.upload("student_1")
    response = refusing.json("student_1", "submit", {"confirm": True})
    assert response.status_code == 403 and AssignmentSubmission.objects.filter(status="draft").count() == 1


def test_two_blocks_in_one_unit_keep_separate_hand_ins(client, scenario):
    from tests.assignment.conftest import AssignmentCaller

    unit = scenario(
        '<vertical_demo><kemenag_assignment display_name="A"/><kemenag_assignment display_name="B"/></vertical_demo>'
    )
    first, second = AssignmentCaller(client, unit, child=0), AssignmentCaller(client, unit, child=1)
    first.hand_in("student_1")
    state = body(second.json("student_1", "learner_state_json"))
    assert state["status"] == "draft" and state["files"] == []
    assert second.upload("student_1").status_code == 200
    assert AssignmentSubmission.objects.count() == 2
    html = [unit.block("student_1", child=i).render("student_view").body_html() for i in (0, 1)]
    first_id = html[0].split('id="')[1].split('"')[0]
    assert first_id not in html[1]
