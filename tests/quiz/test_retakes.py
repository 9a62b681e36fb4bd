"""Which attempt is the grade (issue 21.4): the author chooses highest, latest or first; a retake
never lowers a "highest" grade; the learner is told which attempt counts."""

import pytest

from tests.support.olx import small_quiz

ALL_HIGH = {"kk1": 5, "kk2": 1, "t1": "b"}
LOWER = {"kk1": 3, "kk2": 3, "t1": "c"}  # kk 50, tol 25 → 37.5


@pytest.mark.parametrize(
    ("attrs", "grades", "counted_number"),
    [
        ("", [1.0, 1.0, 1.0], 1),  # the default: the highest result
        ('counted_attempt="highest"', [1.0, 1.0, 1.0], 1),
        ('counted_attempt="latest"', [1.0, 0.375, 1.0], 3),
        ('counted_attempt="first"', [1.0, 1.0, 1.0], 1),
    ],
)
def test_the_grade_follows_the_attempt_that_counts(quiz_caller, published, attrs, grades, counted_number):
    quiz = quiz_caller(small_quiz(f'max_attempts="0" {attrs}'))
    results = []
    for answers in (ALL_HIGH, LOWER, ALL_HIGH):
        quiz.ok("start_attempt")
        results.append(quiz.ok("submit", {"answers": answers}))
    assert [grade for kind, grade in [(k, v["value"]) for k, v in published if k == "grade"]] == grades
    assert results[1]["overall"] == 37.5, "the result shown is the attempt just taken"
    assert results[-1]["counted"]["number"] == counted_number
    assert results[-1]["counted"]["rule"] == (attrs.split('"')[1] if attrs else "highest")
    assert quiz.block.calculate_score().raw_earned == grades[-1]


def test_first_keeps_a_low_first_attempt_and_highest_takes_a_later_better_one(quiz_caller, published):
    first = quiz_caller(small_quiz('max_attempts="0" counted_attempt="first"', url_name="a"))
    first.ok("start_attempt")
    first.ok("submit", {"answers": LOWER})
    first.ok("start_attempt")
    assert first.ok("submit", {"answers": ALL_HIGH})["counted"] == {"number": 1, "overall": 37.5, "rule": "first"}
    assert published[-1][1]["value"] == 0.375
    best = quiz_caller(small_quiz('max_attempts="0"', url_name="b"), "student_2")
    best.ok("start_attempt")
    best.ok("submit", {"answers": LOWER})
    best.ok("start_attempt")
    assert best.ok("submit", {"answers": ALL_HIGH})["counted"]["number"] == 2
    assert published[-1][1]["value"] == 1.0


def test_an_unknown_rule_is_refused_on_import():
    from lxml import etree

    from kemenag_xblocks.quiz import olx

    with pytest.raises(olx.QuizOLXError, match="counted_attempt"):
        olx.parse(etree.fromstring('<kemenag_moderation_quiz counted_attempt="best"/>'))


def test_the_intro_says_which_attempt_counts_before_a_retake(quiz_caller):
    quiz = quiz_caller(small_quiz('max_attempts="2" counted_attempt="highest"'))
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": ALL_HIGH})
    html = (
        quiz_caller(small_quiz('max_attempts="2" counted_attempt="highest"')).block.render("student_view").body_html()
    )
    assert "Hasil tertinggi Anda yang dihitung" in html, "said before a retake (Indonesian by default)"
