"""Numbers people read are written the way their language writes them: 32,5 in Indonesian, 32.5 in English."""

import json

import pytest
from django.conf import settings
from django.utils import translation

from kemenag_xblocks.assignment import presenters, receipt
from kemenag_xblocks.assignment.models import AssignmentSubmission
from tests.assignment import samples
from tests.assignment.conftest import AssignmentCaller

HALF_POINTS = '<kemenag_assignment display_name="Laporan" weight="40.5" allowed_types="pdf"/>'
RUBRIC = """
<kemenag_assignment weight="10" allowed_types="pdf">
  <rubric>
    <criterion name="Analisis"><level points="0">Kurang</level><level points="2.5">Baik</level></criterion>
  </rubric>
</kemenag_assignment>
"""


def body(response):
    return json.loads(response.content)


def speaking(client, language):
    """The browser's language, as LocaleMiddleware reads it in the demo and the LMS."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "value", "text"), [("id", 32.5, "32,5"), ("en", 32.5, "32.5"), ("id", 40.0, "40")]
)
def test_points_use_the_languages_decimal_separator(language, value, text):
    with translation.override(language):
        assert presenters.points(value) == text
    assert presenters.points(None) == ""


@pytest.mark.parametrize(("language", "score", "maximum"), [("id", "32,25", "40,5"), ("en", "32.25", "40.5")])
def test_the_learner_reads_their_grade_in_their_language(client, scenario, language, score, maximum):
    calls = AssignmentCaller(speaking(client, language), scenario(HALF_POINTS))
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    assert calls.form("staff", "grade", {"submission_id": submission.pk, "score": "32,25"}).status_code == 200
    grade = body(calls.json("student_1", "learner_state_json"))["grade"]
    assert (grade["score_label"], grade["max_label"]) == (score, maximum)
    assert grade["score"] == 32.25, "programs still get a number"
    [row] = calls.rows()["rows"]
    assert (row["score_label"], row["max_label"]) == (score, maximum)


@pytest.mark.parametrize(("language", "points"), [("id", "2,5"), ("en", "2.5")])
def test_rubric_points_are_written_in_the_learners_language(client, scenario, language, points):
    calls = AssignmentCaller(speaking(client, language), scenario(RUBRIC))
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    graded = calls.form("staff", "grade", {"submission_id": submission.pk, "levels": json.dumps({"0": 1})})
    assert graded.status_code == 200
    [criterion] = body(calls.json("student_1", "learner_state_json"))["grade"]["rubric"]
    assert (criterion["points_label"], criterion["max_label"]) == (points, points)


@pytest.mark.parametrize(("language", "text"), [("id", "dari 0 sampai 40,5"), ("en", "from 0 to 40.5")])
def test_the_score_range_in_an_error_is_written_in_the_staffs_language(client, scenario, language, text):
    calls = AssignmentCaller(speaking(client, language), scenario(HALF_POINTS))
    calls.hand_in("student_1")
    response = calls.form("staff", "grade", {"submission_id": AssignmentSubmission.objects.get().pk, "score": "99"})
    assert response.status_code == 400 and text in body(response)["error"]


@pytest.mark.parametrize(("language", "shown"), [("id", "<dd>40,5</dd>"), ("en", "<dd>40.5</dd>")])
def test_the_page_shows_the_points_in_the_learners_language(scenario, language, shown):
    block = scenario(HALF_POINTS).block("staff")
    with translation.override(language):
        html = block.render("student_view").body_html()
    assert shown in html
    assert 'max="40.5"' in html, "an HTML number input's bounds are always written with a point"


@pytest.mark.parametrize(("language", "size"), [("id", "2.048 byte"), ("en", "2,048 bytes")])
def test_the_receipt_groups_file_sizes_as_the_language_does(client, scenario, language, size):
    calls = AssignmentCaller(client, scenario(HALF_POINTS))
    data = samples.pdf("x" * 2000)
    assert len(data) == 2048
    calls.hand_in("student_1", "laporan.pdf", data)
    submission = AssignmentSubmission.objects.get()
    with translation.override(language):
        _header, [(_name, text, _sha)] = receipt.receipt_lines(submission, receipt.ReceiptFacts("Laporan", "course"))
    assert text == size
    speaking(client, language)
    page = calls.get("student_1", "receipt")
    assert size in page.content.decode()
