"""What staff see: the report from plugin-app rows (SQL aggregates), the CSV export, the item bank."""

import csv
import io
import json
import math
import statistics
from urllib.parse import urlsplit

import pytest

from kemenag_xblocks.quiz import analysis
from kemenag_xblocks.quiz.models import QuizBandCount, QuizCounter
from tests.support.handlers import Caller, as_student
from tests.support.olx import small_quiz
from tests.support.quiz_tokens import authored_items

# Four learners' answers: kk1 (likert), kk2 (reverse likert), t1 (choice).
COHORT = {
    "student_1": {"kk1": 5, "kk2": 1, "t1": "b"},
    "student_2": {"kk1": 4, "kk2": 2, "t1": "c"},
    "student_3": {"kk1": 2, "kk2": 5, "t1": "a"},
    "student_4": {"kk1": 3, "kk2": 4, "t1": "b"},
}


def take(quiz_caller, xml, answers_by_student):
    for student, answers in answers_by_student.items():
        quiz = quiz_caller(xml, student)
        quiz.ok("start_attempt")
        quiz.ok("submit", {"answers": answers})


def pearson(xs, ys):
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))


def test_report_needs_staff(quiz_caller):
    status, body = quiz_caller(small_quiz()).call("staff_report")
    assert status == 403 and body["error"]


def test_report_counts_means_bands_and_item_analysis_match_a_hand_computation(quiz_caller):
    xml = small_quiz()
    take(quiz_caller, xml, COHORT)
    report = quiz_caller(xml, "staff").ok("staff_report")
    assert report["attempts_started"] == report["attempts_submitted"] == report["learners"] == 4
    kk1 = [100, 75, 25, 50]
    kk2 = [100, 75, 0, 25]  # reverse keyed
    dims = {d["id"]: d for d in report["dimensions"]}
    assert dims["kk"]["mean"] == pytest.approx(statistics.fmean([(a + b) / 2 for a, b in zip(kk1, kk2, strict=True)]))
    assert dims["tol"]["mean"] == pytest.approx(statistics.fmean([100, 25, 0, 100]))
    assert report["items"]["kk1"]["mean"] == 62.5 and report["items"]["kk1"]["n"] == 4
    assert report["items"]["kk1"]["item_rest"] == pytest.approx(pearson(kk1, kk2), abs=1e-3)
    variances = [statistics.pvariance(kk1), statistics.pvariance(kk2)]
    totals = [a + b for a, b in zip(kk1, kk2, strict=True)]
    alpha = 2 * (1 - sum(variances) / statistics.pvariance(totals))
    assert dims["kk"]["alpha"] == pytest.approx(alpha, abs=1e-3)
    assert dims["tol"]["alpha"] is None, "one item: alpha is undefined, not a number"
    overall = {row["band"]: row["counts"][0] for row in report["band_table"]}
    # overall indices: 100, 56.25, 12.5, 68.75
    assert overall == {"Sangat Rendah": 2, "Rendah": 1, "Sedang": 0, "Tinggi": 0, "Sangat Tinggi": 1}


def test_band_counts_follow_a_learners_latest_attempt(quiz_caller):
    xml = small_quiz('max_attempts="0"')
    take(quiz_caller, xml, {"student_1": {}})
    take(quiz_caller, xml, {"student_1": {"kk1": 5, "kk2": 1, "t1": "b"}})
    overall = {row.band_min: row.count for row in QuizBandCount.objects.filter(dimension="")}
    assert overall == {0.0: 0, 61.0: 0, 71.0: 0, 81.0: 0, 91.0: 1}, "the first attempt's count moved, not added"
    assert QuizCounter.objects.get().submitted == 2


def test_cohort_gain_pairs_learners_who_took_both(quiz_caller):
    pre_xml, post_xml = small_quiz(url_name="pre"), small_quiz('pretest="pre"', url_name="post")
    take(quiz_caller, pre_xml, {"student_1": {"kk1": 3, "kk2": 3, "t1": "c"}, "student_2": {}, "student_3": {}})
    take(
        quiz_caller,
        post_xml,
        {"student_1": {"kk1": 5, "kk2": 1, "t1": "b"}, "student_2": {"t1": "b"}, "student_4": {"t1": "b"}},
    )
    report = quiz_caller(post_xml, "staff").ok("staff_report")
    gain = {row["id"]: row for row in report["gain"]}
    assert gain["kk"] == {"id": "kk", "name": "Komitmen Kebangsaan", "pre": 25.0, "post": 50.0, "gain": 25.0, "n": 2}
    assert gain["tol"]["gain"] == pytest.approx((100 + 100) / 2 - (25 + 0) / 2)


def test_staff_page_offers_the_report_and_learners_never_get_it(quiz_caller, client):
    xml = small_quiz()
    take(quiz_caller, xml, {"student_1": COHORT["student_1"]})
    staff = quiz_caller(xml, "staff")
    assert 'data-part="report-box"' in staff.block.render("student_view").body_html()
    assert 'data-part="report-box"' not in quiz_caller(xml, "student_2").block.render("student_view").body_html()
    report = Caller(client, staff.unit)
    html = report.get("staff", "staff_report_html").content.decode()
    assert "Cronbach" in html and 'data-stat="submitted">1<' in html
    assert report.get("student_2", "staff_report_html").status_code == 403


def test_csv_export_is_keyed_by_anonymous_id_and_only_for_staff(quiz_caller, client):
    xml = small_quiz()
    take(quiz_caller, xml, COHORT)
    assert quiz_caller(xml, "student_1").call("export_attempts")[0] == 403
    staff = quiz_caller(xml, "staff")
    body = staff.ok("export_attempts")
    assert body["status"] == "ready"
    refused = client.get(as_student(body["url"], "student_1", {"lang": "id"}))
    assert refused.status_code == 403
    assert "staf kursus" in json.loads(refused.content)["error"], "a learner is told why, in Indonesian"
    response = client.get(as_student(body["url"], "staff"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4 and {r["kk"] for r in rows} == {"100.0", "75.0", "12.5", "37.5"}
    assert all(len(r["anonymous_id"]) == 32 for r in rows)
    # Issue 21.10 reversed the old "no usernames" rule: course staff get the same identity columns as
    # the assignment's CSV (the export stays staff-only, proven above).
    assert {r["username"] for r in rows} == set(COHORT), "usernames, as the assignment CSV has them"
    folder = urlsplit(body["url"]).path.rsplit("/", 1)[0]  # the export's handler path, a forged file name after it
    assert client.get(as_student(folder + "/..%2Fx.csv", "staff")).status_code == 404


def test_item_bank_import_replaces_items_and_reports_bad_rows(quiz_caller):
    xml = small_quiz()
    staff = quiz_caller(xml, "staff")
    bad = "id,dimension,type,prompt\nx1,kk,likert,Soal\nx2,tidak_ada,likert,Soal\n"
    assert staff.ok("import_item_bank", {"csv": bad})["errors"][0]["row"] == 3
    assert quiz_caller(xml, "student_1").call("import_item_bank", {"csv": bad})[0] == 403
    good = "id,dimension,type,reverse,prompt\nx1,kk,likert,,Soal satu\nx2,tol,likert,true,Soal dua\n"
    assert staff.ok("import_item_bank", {"csv": good}) == {"imported": 2, "errors": []}
    items = quiz_caller(xml, "student_9").ok("start_attempt")["items"]
    assert sorted(authored_items(items, "student_9")) == ["x1", "x2"]


def test_correlation_and_alpha_are_none_when_undefined():
    assert analysis.correlation(3, 3, 3, 3, 3, 3) is None
    assert analysis.cronbach_alpha(1, [1.0], 2.0) is None
    assert analysis.cronbach_alpha(2, [1.0, 1.0], 0.0) is None
    assert json.dumps(analysis.cronbach_alpha(2, [1.0, 1.0], 4.0)) == "1.0"


def test_item_analysis_names_the_question_and_warns_of_a_small_sample(quiz_caller):
    from kemenag_xblocks.quiz.analysis import MIN_RELIABILITY_N

    xml = small_quiz('max_attempts="0"')
    for student in ("student_1", "student_2"):
        quiz = quiz_caller(xml, student)
        quiz.ok("start_attempt")
        quiz.ok("submit", {"answers": {"kk1": 5 if student == "student_1" else 1, "kk2": 1, "t1": "b"}})
    staff = quiz_caller(xml, "staff")
    report = staff.ok("staff_report")
    assert report["items"]["kk1"]["prompt"] == "Pancasila sejalan dengan agama."
    assert report["small_sample"] is True and report["min_reliability_n"] == MIN_RELIABILITY_N == 30
    assert all(item["small_sample"] for item in report["items"].values())
    html = staff.block.runtime.handle(staff.block, "staff_report_html", _get_request()).body.decode()
    assert "Pancasila sejalan dengan agama." in html and 'data-part="small-sample"' in html


def _get_request():
    from webob import Request

    return Request.blank("/", method="GET")


def test_the_quiz_csv_names_learners_as_the_assignment_csv_does(quiz_caller, client):
    from kemenag_xblocks.assignment.grades_csv import EXPORT_HEADER
    from kemenag_xblocks.quiz.tasks import IDENTITY_COLUMNS

    xml = small_quiz()
    quiz = quiz_caller(xml, "student_1")
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": {"kk1": 4}})
    body = quiz_caller(xml, "staff").ok("export_attempts")
    rows = list(csv.reader(io.StringIO(client.get(body["url"]).content.decode())))
    assert rows[0][:2] == EXPORT_HEADER[:2] == IDENTITY_COLUMNS == ["username", "anonymous_id"]
    assert rows[1][0] == "student_1" and len(rows[1][1]) == 32
