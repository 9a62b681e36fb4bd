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
from tests.support.handlers import Caller, read
from tests.support.olx import olx

XML = olx("kemenag_competency/tracker")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def unit(scenario):
    return scenario(XML)


@pytest.fixture
def tracker(client, unit):
    """The tracker's handlers, called as any student."""
    return Caller(client, unit)


def studio_save(tracker, jp=12):
    """Course staff set the course's JP in Studio (the only way the LMS learns them)."""
    fields = {"display_name": "JP", "course_title": "Moderasi Beragama", "jp": jp, "competency_type": "sosial_kultural"}
    body = {"values": fields, "defaults": []}
    return tracker.json("staff", "submit_studio_edits", body)


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


def report(tracker, student="student_1", **overrides):
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
    return tracker.form(student, "report_training", fields)


def test_learner_view_shows_the_course_jp_after_a_certificate(tracker, unit):
    block = unit.block("student_1")
    with translation.override("id"):
        block.render("student_view")
    assert not CourseCompetency.objects.exists() and not CohortMember.objects.exists(), "a view never writes"
    assert studio_save(tracker).status_code == 200  # staff's Studio save stores the course's JP value
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


def test_learner_reports_an_external_training_with_its_certificate(tracker, unit):
    unit.block("student_1")
    response = report(tracker)
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
    link = tracker.get("student_1", "evidence", entry=entry.pk)
    assert link.status_code == 302, "the handler redirects to a streamed, user-bound download"
    download = tracker.follow(link)
    assert download.status_code == 200 and read(download) == PDF
    assert "attachment" in download["Content-Disposition"]
    other = tracker.get("student_2", "evidence", entry=entry.pk)
    missing = tracker.get("student_2", "evidence", entry=entry.pk + 1000)
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
def test_bad_reports_are_refused_and_nothing_is_stored(tracker, overrides, status, fragment):
    response = report(tracker, **overrides)  # the demo answers in Indonesian
    assert response.status_code == status, response.content
    assert fragment in json.loads(response.content)["error"]
    assert not LedgerEntry.objects.exists()


def test_a_report_with_several_wrong_fields_names_each_one(tracker):
    """The page marks each field where it is (issue 21.7): the refusal names every field at fault,
    each with its own message, and the first message leads."""
    response = report(tracker, title="", jp="banyak", completed_on="2999-01-01", evidence="")
    body = json.loads(response.content)
    assert response.status_code == 400 and body["code"] == "invalid"
    assert list(body["fields"]) == ["title", "jp", "completed_on"]
    assert "Nama pelatihan" in body["fields"]["title"] and "masa depan" in body["fields"]["completed_on"]
    assert body["error"] == body["fields"]["title"]
    missing = report(tracker, evidence="")
    assert json.loads(missing.content)["fields"] == {"evidence": "Lampirkan sertifikat pelatihan."}
    assert not LedgerEntry.objects.exists()


def test_course_staff_who_are_not_the_learners_officer_cannot_verify(tracker, unit):
    report(tracker)
    entry = LedgerEntry.objects.get()
    staff = tracker.json("staff", "decide_training", {"entry": entry.pk, "approve": True})
    assert staff.status_code == 404, "course staff do not verify (decision 0004)"
    assert "Bimtek Pengelolaan Arsip" not in unit.block("staff").render("student_view").body_html()
    assert LedgerEntry.objects.get().status == "pending"


def test_officer_verifies_a_pending_training_and_the_learner_sees_its_jp(tracker, unit, officer):
    report(tracker)
    entry = LedgerEntry.objects.get()
    refused = tracker.json("student_1", "decide_training", {"entry": entry.pk, "approve": True})
    assert refused.status_code == 404
    staff_html = unit.block("staff").render("student_view").body_html()
    assert "Bimtek Pengelolaan Arsip" in staff_html and f'data-entry="{entry.pk}"' in staff_html
    done = tracker.json("staff", "decide_training", {"entry": entry.pk, "approve": True})
    assert done.status_code == 200
    entry.refresh_from_db()
    assert entry.status == "verified" and entry.verified_by.username == "staff"
    again = tracker.json("staff", "decide_training", {"entry": entry.pk, "approve": True})
    assert again.status_code == 409
    assert AuditEntry.objects.filter(action="jp_training_verified", actor_id=entry.verified_by_id).count() == 1
    with translation.override("id"):
        assert "Kurang 12 JP" in unit.block("student_1").render("student_view").body_html()


def test_rejection_needs_a_reason_which_the_learner_then_reads(tracker, unit, officer):
    report(tracker)
    entry = LedgerEntry.objects.get()
    unit.block("staff")
    missing = tracker.json("staff", "decide_training", {"entry": entry.pk, "approve": False})
    assert missing.status_code == 400
    for bad in ({"entry": "1; drop", "approve": True}, {"entry": 10**30, "approve": True}, [entry.pk]):
        assert tracker.json("staff", "decide_training", bad).status_code == 400
    rejected = tracker.json(
        "staff", "decide_training", {"entry": entry.pk, "approve": False, "reason": "Sertifikat <b>tidak</b> terbaca"}
    )
    assert rejected.status_code == 200
    html = unit.block("student_1").render("student_view").body_html()
    assert "Sertifikat &lt;b&gt;tidak&lt;/b&gt; terbaca" in html, "the reason is shown, escaped"


def test_staff_export_is_csv_of_the_cohort_and_refused_to_learners(tracker, unit):
    studio_save(tracker)
    unit.block("student_1").render("student_view")  # the workbench makes the learner's user
    send_certificate(get_user_model().objects.get(username="student_1"), DEMO_COURSE_KEY)
    assert tracker.get("student_1", "export_csv").status_code == 403
    response = tracker.get("staff", "export_csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = read(response)
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert [(r["username"], r["jp_this_year"], r["status"]) for r in rows] == [("student_1", "12", "below")]


def test_transcript_pdf_has_a_code_that_staff_can_check(tracker, unit):
    studio_save(tracker)
    unit.block("student_1").render("student_view")  # the workbench makes the learner's user
    send_certificate(get_user_model().objects.get(username="student_1"), DEMO_COURSE_KEY)
    response = tracker.get("student_1", "transcript")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = read(response)
    assert content.startswith(b"%PDF") and b"/Subtype /Image" in content, "a PDF with the QR code image"
    issued = Transcript.objects.get()
    text = pdf_text(content)
    assert issued.code in text and "Moderasi Beragama" in text and "Kurang 8 JP" in text
    assert issued.code in response["Content-Disposition"]
    assert issued.snapshot["jp_this_year"] == "12" and issued.snapshot["trainings"][0]["title"] == "Moderasi Beragama"
    learner = tracker.json("student_1", "check_transcript", {"code": issued.code})
    assert learner.status_code == 403
    checked = tracker.json("staff", "check_transcript", {"code": issued.code.lower()})
    assert checked.status_code == 200 and json.loads(checked.content)["username"] == "student_1"
    unknown = tracker.json("staff", "check_transcript", {"code": "ZZZZZZZZZZ"})
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


def test_studio_save_stores_the_course_jp_used_by_the_receivers(tracker, unit):
    unit.block("staff")
    fields = {"display_name": "JP", "course_title": "Moderasi Beragama", "jp": 16, "competency_type": "teknis"}
    response = tracker.json("staff", "submit_studio_edits", {"values": fields, "defaults": []})
    assert response.status_code == 200, response.content
    stored = CourseCompetency.objects.get(course_key=DEMO_COURSE_KEY)
    assert (stored.jp, stored.competency_type) == (16, "teknis")
    refused = tracker.json("staff", "submit_studio_edits", {"values": {**fields, "jp": -1}, "defaults": []})
    assert refused.status_code == 400
    assert CourseCompetency.objects.get(course_key=DEMO_COURSE_KEY).jp == 16


def test_studio_editor_numbers_round_trip_in_indonesian_and_a_save_without_edits_changes_nothing(tracker, unit):
    block = unit.block("staff")
    with translation.override("id"):
        html = block.render("studio_view").body_html()
    (value,) = re.findall(r'id="xb-field-edit-jp"[^>]*value="([^"]*)"', html, re.S) or re.findall(
        r'value="([^"]*)"[^>]*id="xb-field-edit-jp"', html, re.S
    )
    assert value == "12.0", "a number the browser's <input type=number> accepts, in every language"
    studio_save(tracker, jp=float(value))
    assert unit.block("staff").jp == 12.0 and CourseCompetency.objects.get().jp == 12


def test_a_learners_studio_save_is_refused_and_writes_nothing(tracker, unit):
    fields = {"jp": 200, "competency_type": "teknis"}
    for student in ("student_1", "student_2"):
        refused = tracker.json(student, "submit_studio_edits", {"values": fields, "defaults": []})
        assert refused.status_code == 403
    assert unit.block("staff").jp == 12.0 and not CourseCompetency.objects.exists()


def test_transcript_downloads_are_idempotent(tracker, unit):
    unit.block("student_1")
    first = tracker.get("student_1", "transcript")
    second = tracker.get("student_1", "transcript")
    assert first.status_code == second.status_code == 200
    assert Transcript.objects.count() == 1 and first["Content-Disposition"] == second["Content-Disposition"]


def test_duplicate_retry_and_resubmission_through_the_handler(tracker, unit, officer):
    unit.block("student_1")
    key = "f" * 32
    assert report(tracker, report_key=key).status_code == 200
    retry = report(tracker, report_key=key)
    assert retry.status_code == 200 and LedgerEntry.objects.count() == 1, "a retry adds nothing"
    duplicate = report(tracker)  # a new form, the same certificate file
    assert duplicate.status_code == 409 and json.loads(duplicate.content)["code"] == "duplicate"
    entry = LedgerEntry.objects.get()
    unit.block("staff")
    tracker.json("staff", "decide_training", {"entry": entry.pk, "approve": False, "reason": "Buram"})
    html = unit.block("student_1").render("student_view").body_html()
    assert 'data-action="resubmit"' in html and 'accept=".jpg,.pdf,.png"' in html
    again = report(tracker, resubmit=str(entry.pk), title="Bimtek Arsip (perbaikan)", evidence="")
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
