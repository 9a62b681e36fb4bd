"""Course staff's handlers: listing, grading (score or rubric), publishing, returning, CSV, zip."""

import csv
import io
import json
import zipfile

import pytest

from kemenag_xblocks.assignment.models import AssignmentSubmission
from kemenag_xblocks.common.models import AuditEntry
from tests.assignment import samples
from tests.assignment.conftest import AssignmentCaller


def body(response):
    return json.loads(response.content)


def grade(calls, submission_id, **fields):
    return calls.form("staff", "grade", {"submission_id": submission_id, **fields})


STAFF_JSON = ("submissions", "return_for_revision", "grade_history", "download_all")
STAFF_FILES = ("grade", "import_grades")
STAFF_GETS = ("export_grades", "download_archive")


@pytest.mark.parametrize("handler", STAFF_JSON)
def test_staff_json_handlers_refuse_learners(calls, handler):
    assert calls.json("student_1", handler, {}).status_code == 403


@pytest.mark.parametrize("handler", STAFF_FILES)
def test_staff_form_handlers_refuse_learners(calls, handler):
    calls.hand_in("student_1")
    submission_id = AssignmentSubmission.objects.get().pk
    response = calls.form("student_1", handler, {"submission_id": submission_id, "score": "40"})
    assert response.status_code == 403
    assert AssignmentSubmission.objects.get().score is None


@pytest.mark.parametrize("handler", STAFF_GETS)
def test_staff_downloads_refuse_learners(calls, handler):
    assert calls.get("student_1", handler, token="0" * 32).status_code == 403


def test_grading_list_shows_every_learner_with_filters(calls):
    calls.hand_in("student_1")
    calls.upload("student_2")
    listing = calls.rows()
    assert [row["username"] for row in listing["rows"]] == ["student_1", "student_2"]
    assert listing["counts"]["submitted"] == 1 and listing["counts"]["draft"] == 1
    assert [row["username"] for row in calls.rows(status="draft")["rows"]] == ["student_2"]
    assert [row["username"] for row in calls.rows(search="nt_1")["rows"]] == ["student_1"]
    assert calls.json("staff", "submissions", {"status": "bogus"}).status_code == 400


def test_a_grade_is_published_to_the_learners_gradebook_and_shown_to_them(calls, published):
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    response = grade(calls, submission.pk, score="32,5", feedback="Rencana sudah baik; perjelas indikator.")
    assert response.status_code == 200, response.content
    assert published[-1] == (
        "grade",
        {"value": 32.5, "max_value": 40.0, "user_id": submission.user_id, "anonymous_user_id": submission.anonymous_id},
    )
    state = body(calls.json("student_1", "learner_state_json"))
    assert state["status"] == "graded"
    assert state["grade"]["score"] == 32.5 and "indikator" in state["grade"]["feedback"]


@pytest.mark.parametrize("score", ["41", "-1", "abc", "", "nan"])
def test_invalid_scores_are_400_and_change_nothing(calls, published, score):
    calls.hand_in("student_1")
    response = grade(calls, AssignmentSubmission.objects.get().pk, score=score)
    assert response.status_code == 400 and body(response)["error"]
    assert AssignmentSubmission.objects.get().status == "submitted" and not published


def test_a_draft_cannot_be_graded(calls):
    calls.upload("student_1")
    assert grade(calls, AssignmentSubmission.objects.get().pk, score="10").status_code == 409
    assert grade(calls, 999999, score="10").status_code == 404


def test_rubric_levels_give_the_scaled_score_and_the_learner_sees_them(rubric_calls, published):
    rubric_calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    incomplete = grade(rubric_calls, submission.pk, levels=json.dumps({"0": 1}))
    assert incomplete.status_code == 400
    response = grade(rubric_calls, submission.pk, levels=json.dumps({"0": 1, "1": 0}), feedback="Kegiatan kurang.")
    assert response.status_code == 200
    assert published[-1][1]["value"] == 40.0 and published[-1][1]["max_value"] == 100.0  # 20 of 50 points
    rubric = body(rubric_calls.json("student_1", "learner_state_json"))["grade"]["rubric"]
    assert rubric == [
        {"name": "Analisis", "level": "Baik", "points": 20, "max": 20, "points_label": "20", "max_label": "20"},
        {"name": "Kegiatan", "level": "Kurang", "points": 0, "max": 30, "points_label": "0", "max_label": "30"},
    ]


def test_changing_a_grade_keeps_an_audit_trail(calls):
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    grade(calls, submission.pk, score="20")
    grade(calls, submission.pk, score="35", feedback="Setelah ditinjau ulang.")
    entries = list(AuditEntry.objects.filter(subject=submission.anonymous_id).order_by("id"))
    assert [e.action for e in entries] == ["assignment.grade", "assignment.regrade"]
    assert entries[1].old_value["score"] == 20 and entries[1].new_value["score"] == 35
    assert entries[1].actor_id == calls.block("staff").user.user_id


def test_staff_see_who_changed_a_grade_when_and_from_what(client, scenario):
    client.cookies["django_language"] = "en"
    calls = AssignmentCaller(client, scenario('<kemenag_assignment weight="40" allowed_types="pdf"/>'))
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    grade(calls, submission.pk, score="20")
    grade(calls, submission.pk, score="32,5")
    calls.json("staff", "return_for_revision", {"submission_id": submission.pk, "feedback": "Lengkapi."})
    response = calls.json("staff", "grade_history", {"submission_id": submission.pk})
    assert response.status_code == 200
    entries = body(response)["entries"]
    assert [(e["action_label"], e["old_score"], e["new_score"]) for e in entries] == [
        ("Graded", "\u2013", "20"),
        ("Grade changed", "20", "32.5"),
        ("Returned for revision", "32.5", "32.5"),
    ]
    assert {e["who"] for e in entries} == {"staff"} and all(e["when"] for e in entries)
    assert calls.json("staff", "grade_history", {"submission_id": 0}).status_code == 404


def test_return_for_revision_needs_a_hand_in(calls):
    calls.upload("student_1")
    submission = AssignmentSubmission.objects.get()
    response = calls.json("staff", "return_for_revision", {"submission_id": submission.pk})
    assert response.status_code == 409 and AssignmentSubmission.objects.get().status == "draft"


def test_an_annotated_file_reaches_the_learner_only(calls):
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    response = calls.form(
        "staff",
        "grade",
        {
            "submission_id": submission.pk,
            "score": "30",
            "annotated": samples.upload("catatan.pdf", samples.pdf("catatan")),
        },
    )
    assert response.status_code == 200
    annotated = body(calls.json("student_1", "learner_state_json"))["grade"]["annotated"]
    assert annotated["name"] == "catatan.pdf"
    assert calls.get("student_1", "download", annotated=submission.pk).status_code == 302
    assert calls.get("student_2", "download", annotated=submission.pk).status_code == 404


def test_a_hostile_annotated_file_is_refused_and_the_grade_unchanged(calls):
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    response = calls.form(
        "staff",
        "grade",
        {"submission_id": submission.pk, "score": "30", "annotated": samples.upload("x.pdf", samples.HTML)},
    )
    assert response.status_code == 415 and AssignmentSubmission.objects.get().score is None


def test_return_for_revision_makes_files_editable_again(calls):
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    response = calls.json(
        "staff", "return_for_revision", {"submission_id": submission.pk, "feedback": "Lengkapi jadwal."}
    )
    assert response.status_code == 200
    state = body(calls.json("student_1", "learner_state_json"))
    assert state["status"] == "returned" and state["can_edit"] and state["grade"]["feedback"] == "Lengkapi jadwal."
    assert calls.upload("student_1", "revisi.pdf", samples.pdf("revisi")).status_code == 200
    assert calls.json("student_1", "submit", {"confirm": True}).status_code == 200
    assert AssignmentSubmission.objects.get().attempt == 2
    assert calls.json("staff", "return_for_revision", {"submission_id": 0}).status_code == 404


def test_export_then_import_grades_round_trip(calls, published):
    calls.hand_in("student_1")
    calls.hand_in("student_2")
    exported = calls.get("staff", "export_grades")
    assert exported.status_code == 200 and exported["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [r["username"] for r in rows] == ["student_1", "student_2"]
    rows[0]["score"], rows[0]["feedback"] = "38", "Baik sekali"
    rows[1]["score"] = ""
    sheet = io.StringIO()
    writer = csv.DictWriter(sheet, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    response = calls.form("staff", "import_grades", {"file": samples.upload("nilai.csv", sheet.getvalue().encode())})
    assert response.status_code == 200 and body(response) == {"applied": 1}
    graded = AssignmentSubmission.objects.get(username="student_1")
    assert graded.score == 38 and graded.feedback == "Baik sekali" and len(published) == 1
    assert AssignmentSubmission.objects.get(username="student_2").score is None


def test_import_with_one_bad_row_applies_nothing_and_names_the_rows(calls, published):
    calls.hand_in("student_1")
    calls.hand_in("student_2")
    text = "username,score,feedback\nstudent_1,30,ok\nstudent_2,99,terlalu tinggi\nstudent_9,10,\n"
    response = calls.form("staff", "import_grades", {"file": samples.upload("nilai.csv", text.encode())})
    assert response.status_code == 400
    assert [e["line"] for e in body(response)["errors"]] == [3, 4]
    assert not AssignmentSubmission.objects.filter(score__isnull=False).exists() and not published
    bad_header = calls.form("staff", "import_grades", {"file": samples.upload("x.csv", b"nama,nilai\n")})
    assert bad_header.status_code == 400


def test_export_neutralises_spreadsheet_formulas(client, scenario):
    calls = AssignmentCaller(client, scenario('<kemenag_assignment allowed_types="pdf"/>'))
    calls.hand_in("student_1", "=HYPERLINK(1).pdf")
    text = calls.get("staff", "export_grades").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_download_all_streams_a_zip_of_every_hand_in_with_a_manifest(calls):
    calls.hand_in("student_1", "rencana.pdf", samples.pdf("satu"))
    calls.hand_in("student_2", "rencana.pdf", samples.pdf("dua"))
    calls.upload("student_3", "draf.pdf", samples.pdf("draf"))
    started = body(calls.json("staff", "download_all"))
    assert started["ready"]
    redirect = calls.client.get(started["url"])
    assert redirect.status_code == 302  # to a streamed download (test_downloads.py)
    response = calls.client.get(redirect["Location"])
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response)))
    assert sorted(archive.namelist()) == ["manifest.csv", "student_1/rencana.pdf", "student_2/rencana.pdf"]
    assert archive.read("student_2/rencana.pdf") == samples.pdf("dua")
    assert "sha256" in archive.read("manifest.csv").decode()
    assert calls.get("student_1", "download_archive", token=started["token"]).status_code == 403
