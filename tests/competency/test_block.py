"""The tracker block through the workbench's URLs, as the LMS's JavaScript and browsers call it."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from demo.settings import DEMO_COURSE_KEY
from kemenag_xblocks.common.models import AuditEntry
from kemenag_xblocks.competency.models import (
    CohortMember,
    CourseCompetency,
    HrOfficer,
    LedgerEntry,
    Transcript,
    WorkUnit,
    WorkUnitMembership,
)
from tests.competency.conftest import send_certificate, send_enrollment
from tests.competency.pdf import pdf_text
from tests.support.workbench import handler_url, post_json

XML = '<kemenag_competency jp="12" competency_type="sosial_kultural" course_title="Moderasi Beragama"/>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def unit(scenario):
    return scenario(XML)


def studio_save(client, unit, jp=12):
    """Course staff set the course's JP in Studio (the only way the LMS learns them)."""
    fields = {"display_name": "JP", "course_title": "Moderasi Beragama", "jp": jp, "competency_type": "sosial_kultural"}
    body = {"values": fields, "defaults": []}
    return post_json(client, unit.block("staff"), "submit_studio_edits", body, student_id="staff")


@pytest.fixture
def officer(db):
    """student_1's work unit, with the workbench's staff user as its HR officer."""
    from datetime import date

    users = get_user_model().objects
    learner, _ = users.get_or_create(username="student_1")
    staff, _ = users.get_or_create(username="staff")
    office = WorkUnit.objects.create(code="KK-SBY", name="Kankemenag Kota Surabaya", path="")
    office.path = f"/{office.pk}/"
    office.save()
    WorkUnitMembership.objects.create(user=learner, work_unit=office, start=date(2000, 1, 1))
    HrOfficer.objects.create(user=staff, work_unit=office)
    return staff


def url(block, handler, student):
    return handler_url(block, handler).split("?")[0] + f"?student={student}"


def report(client, block, student="student_1", **overrides):
    fields = {
        "title": "Bimtek Pengelolaan Arsip",
        "organizer": "BDK Jakarta",
        "jp": "8",
        "competency_type": "teknis",
        "completed_on": timezone.localdate().isoformat(),
        "certificate_number": "BDK-JKT/2026/0042",
        "evidence": SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
        **overrides,
    }
    return client.post(url(block, "report_training", student), data=fields)


def test_learner_view_shows_the_course_jp_after_a_certificate(client, unit):
    block = unit.block("student_1")
    with translation.override("id"):
        block.render("student_view")
    assert not CourseCompetency.objects.exists() and not CohortMember.objects.exists(), "a view never writes"
    assert studio_save(client, unit).status_code == 200  # staff's Studio save stores the course's JP value
    assert CourseCompetency.objects.get(course_key=DEMO_COURSE_KEY).jp == 12
    student = get_user_model().objects.get(username="student_1")
    send_enrollment(student, DEMO_COURSE_KEY)  # the platform's enrollment event makes the cohort
    send_certificate(student, DEMO_COURSE_KEY)
    with translation.override("id"):
        html = unit.block("student_1").render("student_view").body_html()
    assert "Kurang 8 JP" in html
    assert "Moderasi Beragama" in html and 'aria-valuenow="60"' in html
    assert "Staf: peserta kursus" not in html and "Ekspor CSV" not in html, "learners see no staff panel"
    assert CohortMember.objects.filter(course_key=DEMO_COURSE_KEY, user__username="student_1").exists()


def test_learner_reports_an_external_training_with_its_certificate(client, unit):
    block = unit.block("student_1")
    response = report(client, block)
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert "Bimtek Pengelolaan Arsip" in body["html"]
    entry = LedgerEntry.objects.get(source="external")
    assert (entry.status, entry.jp, entry.evidence_name, entry.reported_in) == (
        "pending",
        8,
        "sertifikat.pdf",
        DEMO_COURSE_KEY,
    )
    assert len(entry.evidence_sha256) == 64
    link = client.get(url(block, "evidence", "student_1") + f"&entry={entry.pk}")
    assert link.status_code == 302, "the handler redirects to a streamed, user-bound download"
    download = client.get(link["Location"])
    assert (
        download.status_code == 200
        and (b"".join(download.streaming_content) if download.streaming else download.content) == PDF
    )
    assert "attachment" in download["Content-Disposition"]
    other = client.get(url(block, "evidence", "student_2") + f"&entry={entry.pk}")
    missing = client.get(url(block, "evidence", "student_2") + f"&entry={entry.pk + 1000}")
    assert other.status_code == missing.status_code == 404, "another's certificate looks like a missing one"
    assert json.loads(other.content) == json.loads(missing.content)


@pytest.mark.parametrize(
    ("overrides", "status", "fragment"),
    [
        ({"jp": "0"}, 400, "JP"),
        ({"jp": "abc"}, 400, "JP"),
        ({"title": ""}, 400, "Nama pelatihan"),
        ({"competency_type": "agama"}, 400, "jenis kompetensi"),
        ({"completed_on": "2999-01-01"}, 400, "masa depan"),
        ({"evidence": SimpleUploadedFile("foto.png", b"not really a png", content_type="image/png")}, 415, ""),
        ({"evidence": SimpleUploadedFile("x.html", b"<script>alert(1)</script>")}, 415, ""),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_stored(client, unit, overrides, status, fragment):
    response = report(client, unit.block("student_1"), **overrides)  # the demo answers in Indonesian
    assert response.status_code == status, response.content
    assert fragment in json.loads(response.content)["error"]
    assert not LedgerEntry.objects.exists()


def test_a_report_with_several_wrong_fields_names_each_one(client, unit):
    """The page marks each field where it is (issue 21.7): the refusal names every field at fault,
    each with its own message, and the first message leads."""
    response = report(client, unit.block("student_1"), title="", jp="banyak", completed_on="2999-01-01", evidence="")
    body = json.loads(response.content)
    assert response.status_code == 400 and body["code"] == "invalid"
    assert list(body["fields"]) == ["title", "jp", "completed_on"]
    assert "Nama pelatihan" in body["fields"]["title"] and "masa depan" in body["fields"]["completed_on"]
    assert body["error"] == body["fields"]["title"]
    missing = report(client, unit.block("student_1"), evidence="")
    assert json.loads(missing.content)["fields"] == {"evidence": "Lampirkan sertifikat pelatihan."}
    assert not LedgerEntry.objects.exists()


def test_course_staff_who_are_not_the_learners_officer_cannot_verify(client, unit):
    report(client, unit.block("student_1"))
    entry = LedgerEntry.objects.get()
    staff = post_json(client, unit.block("staff"), "decide_training", {"entry": entry.pk, "approve": True}, "staff")
    assert staff.status_code == 404, "course staff do not verify (decision 0004)"
    assert "Bimtek Pengelolaan Arsip" not in unit.block("staff").render("student_view").body_html()
    assert LedgerEntry.objects.get().status == "pending"


def test_officer_verifies_a_pending_training_and_the_learner_sees_its_jp(client, unit, officer):
    report(client, unit.block("student_1"))
    entry = LedgerEntry.objects.get()
    refused = post_json(
        client, unit.block("student_1"), "decide_training", {"entry": entry.pk, "approve": True}, student_id="student_1"
    )
    assert refused.status_code == 404
    staff_html = unit.block("staff").render("student_view").body_html()
    assert "Bimtek Pengelolaan Arsip" in staff_html and f'data-entry="{entry.pk}"' in staff_html
    done = post_json(
        client, unit.block("staff"), "decide_training", {"entry": entry.pk, "approve": True}, student_id="staff"
    )
    assert done.status_code == 200
    entry.refresh_from_db()
    assert entry.status == "verified" and entry.verified_by.username == "staff"
    again = post_json(
        client, unit.block("staff"), "decide_training", {"entry": entry.pk, "approve": True}, student_id="staff"
    )
    assert again.status_code == 409
    assert AuditEntry.objects.filter(action="jp_training_verified", actor_id=entry.verified_by_id).count() == 1
    with translation.override("id"):
        assert "Kurang 12 JP" in unit.block("student_1").render("student_view").body_html()


def test_rejection_needs_a_reason_which_the_learner_then_reads(client, unit, officer):
    report(client, unit.block("student_1"))
    entry = LedgerEntry.objects.get()
    staff = unit.block("staff")
    missing = post_json(client, staff, "decide_training", {"entry": entry.pk, "approve": False}, student_id="staff")
    assert missing.status_code == 400
    for bad in ({"entry": "1; drop", "approve": True}, {"entry": 10**30, "approve": True}, [entry.pk]):
        assert post_json(client, staff, "decide_training", bad, student_id="staff").status_code == 400
    rejected = post_json(
        client,
        staff,
        "decide_training",
        {"entry": entry.pk, "approve": False, "reason": "Sertifikat <b>tidak</b> terbaca"},
        student_id="staff",
    )
    assert rejected.status_code == 200
    html = unit.block("student_1").render("student_view").body_html()
    assert "Sertifikat &lt;b&gt;tidak&lt;/b&gt; terbaca" in html, "the reason is shown, escaped"


def test_staff_export_is_csv_of_the_cohort_and_refused_to_learners(client, unit):
    studio_save(client, unit)
    unit.block("student_1").render("student_view")  # the workbench makes the learner's user
    send_certificate(get_user_model().objects.get(username="student_1"), DEMO_COURSE_KEY)
    assert client.get(url(unit.block("student_1"), "export_csv", "student_1")).status_code == 403
    response = client.get(url(unit.block("staff"), "export_csv", "staff"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert [(r["username"], r["jp_this_year"], r["status"]) for r in rows] == [("student_1", "12", "below")]


def test_transcript_pdf_has_a_code_that_staff_can_check(client, unit):
    studio_save(client, unit)
    unit.block("student_1").render("student_view")  # the workbench makes the learner's user
    send_certificate(get_user_model().objects.get(username="student_1"), DEMO_COURSE_KEY)
    response = client.get(url(unit.block("student_1"), "transcript", "student_1"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF") and b"/Subtype /Image" in content, "a PDF with the QR code image"
    issued = Transcript.objects.get()
    text = pdf_text(content)
    assert issued.code in text and "Moderasi Beragama" in text and "Kurang 8 JP" in text
    assert issued.code in response["Content-Disposition"]
    assert issued.snapshot["jp_this_year"] == "12" and issued.snapshot["trainings"][0]["title"] == "Moderasi Beragama"
    learner = post_json(
        client, unit.block("student_1"), "check_transcript", {"code": issued.code}, student_id="student_1"
    )
    assert learner.status_code == 403
    checked = post_json(
        client, unit.block("staff"), "check_transcript", {"code": issued.code.lower()}, student_id="staff"
    )
    assert checked.status_code == 200 and json.loads(checked.content)["username"] == "student_1"
    unknown = post_json(client, unit.block("staff"), "check_transcript", {"code": "ZZZZZZZZZZ"}, student_id="staff")
    assert unknown.status_code == 404


def test_studio_validation_refuses_a_bad_jp_value(unit):
    from xblock.validation import Validation

    block = unit.block("staff")

    class Data:
        jp = -3
        competency_type = "teknis"

    validation = Validation(block.scope_ids.usage_id)
    block.validate_field_data(validation, Data)
    assert not validation.empty


def test_studio_save_stores_the_course_jp_used_by_the_receivers(client, unit):
    block = unit.block("staff")
    fields = {"display_name": "JP", "course_title": "Moderasi Beragama", "jp": 16, "competency_type": "teknis"}
    response = post_json(client, block, "submit_studio_edits", {"values": fields, "defaults": []}, student_id="staff")
    assert response.status_code == 200, response.content
    stored = CourseCompetency.objects.get(course_key=DEMO_COURSE_KEY)
    assert (stored.jp, stored.competency_type) == (16, "teknis")
    refused = post_json(
        client, block, "submit_studio_edits", {"values": {**fields, "jp": -1}, "defaults": []}, student_id="staff"
    )
    assert refused.status_code == 400
    assert CourseCompetency.objects.get(course_key=DEMO_COURSE_KEY).jp == 16


def test_studio_editor_numbers_round_trip_in_indonesian_and_a_save_without_edits_changes_nothing(client, unit):
    block = unit.block("staff")
    with translation.override("id"):
        html = block.render("studio_view").body_html()
    (value,) = re.findall(r'id="xb-field-edit-jp"[^>]*value="([^"]*)"', html, re.S) or re.findall(
        r'value="([^"]*)"[^>]*id="xb-field-edit-jp"', html, re.S
    )
    assert value == "12.0", "a number the browser's <input type=number> accepts, in every language"
    studio_save(client, unit, jp=float(value))
    assert unit.block("staff").jp == 12.0 and CourseCompetency.objects.get().jp == 12


def test_a_learners_studio_save_is_refused_and_writes_nothing(client, unit):
    fields = {"jp": 200, "competency_type": "teknis"}
    for student in ("student_1", "student_2"):
        refused = post_json(
            client, unit.block(student), "submit_studio_edits", {"values": fields, "defaults": []}, student
        )
        assert refused.status_code == 403
    assert unit.block("staff").jp == 12.0 and not CourseCompetency.objects.exists()


def test_transcript_downloads_are_idempotent(client, unit):
    block = unit.block("student_1")
    first = client.get(url(block, "transcript", "student_1"))
    second = client.get(url(block, "transcript", "student_1"))
    assert first.status_code == second.status_code == 200
    assert Transcript.objects.count() == 1 and first["Content-Disposition"] == second["Content-Disposition"]


def test_duplicate_retry_and_resubmission_through_the_handler(client, unit, officer):
    block = unit.block("student_1")
    key = "f" * 32
    assert report(client, block, report_key=key).status_code == 200
    retry = report(client, block, report_key=key)
    assert retry.status_code == 200 and LedgerEntry.objects.count() == 1, "a retry adds nothing"
    duplicate = report(client, block)  # a new form, the same certificate file
    assert duplicate.status_code == 409 and json.loads(duplicate.content)["code"] == "duplicate"
    entry = LedgerEntry.objects.get()
    staff = unit.block("staff")
    post_json(client, staff, "decide_training", {"entry": entry.pk, "approve": False, "reason": "Buram"}, "staff")
    html = unit.block("student_1").render("student_view").body_html()
    assert 'data-action="resubmit"' in html and 'accept=".jpg,.pdf,.png"' in html
    again = report(client, block, resubmit=str(entry.pk), title="Bimtek Arsip (perbaikan)", evidence="")
    assert again.status_code == 200, again.content
    entry.refresh_from_db()
    assert (entry.status, entry.title) == ("pending", "Bimtek Arsip (perbaikan)") and LedgerEntry.objects.count() == 1


def test_a_learner_of_the_public_sees_their_jp_without_a_target(unit):
    from kemenag_xblocks.competency.models import LearnerProfile

    block = unit.block("student_1")
    block.render("student_view")
    LearnerProfile.objects.create(user=get_user_model().objects.get(username="student_1"), employee_type="public")
    with translation.override("id"):
        html = unit.block("student_1").render("student_view").body_html()
    assert "tidak ada target tahunan bagi Anda" in html and "progressbar" not in html
    from kemenag_xblocks.competency import native

    state = native.user_state(get_user_model().objects.get(username="student_1").pk, lambda entry: "")
    assert state["target_jp"] is None and state["status"] == "no_target", "the apps get no target, not an error"
