"""Pure rules: deadlines, statuses, scores and the rubric."""

import datetime

import pytest
from lxml import etree

from kemenag_xblocks.assignment import rubric_rules, rules

DUE = datetime.datetime(2026, 12, 1, 17, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("minutes_after_due", "grace", "policy", "expected"),
    [
        (-1, 0, "accept", (True, False)),
        (1, 0, "accept", (True, True)),
        (1, 0, "refuse", (False, True)),
        (59, 1, "refuse", (True, False)),  # inside the grace period
        (61, 1, "refuse", (False, True)),
    ],
)
def test_submission_window(minutes_after_due, grace, policy, expected):
    now = DUE + datetime.timedelta(minutes=minutes_after_due)
    assert rules.submission_window(now, DUE, grace, policy) == expected


def test_no_due_date_is_never_late():
    assert rules.submission_window(DUE, None, 0, "refuse") == (True, False)


def test_display_status_marks_late_hand_ins_only_while_submitted():
    assert rules.display_status("submitted", True) == "late"
    assert rules.display_status("graded", True) == "graded"
    assert rules.display_status("submitted", False) == "submitted"


@pytest.mark.parametrize(("raw", "score"), [("40", 40.0), ("12,5", 12.5), (0, 0.0), ("7.126", 7.13)])
def test_valid_scores(raw, score):
    assert rules.validate_score(raw, 40) == score


@pytest.mark.parametrize("raw", ["41", "-0.5", "nan", "inf", "", "sepuluh", True, None])
def test_invalid_scores(raw):
    with pytest.raises(ValueError):
        rules.validate_score(raw, 40)


CRITERIA = [
    {"name": "Analisis", "levels": [{"label": "Kurang", "points": 0}, {"label": "Baik", "points": "20"}]},
    {
        "name": "Kegiatan",
        "description": "x",
        "levels": [{"label": "Kurang", "points": 5}, {"label": "Baik", "points": 30}],
    },
]


def test_rubric_normalises_and_scores():
    clean = rubric_rules.normalise(CRITERIA)
    assert clean[0]["levels"][1]["points"] == 20 and clean[0]["description"] == ""
    assert rubric_rules.max_points(clean) == 50
    raw, chosen = rubric_rules.score(clean, {"0": 1, "1": "0"})
    assert (raw, chosen) == (25, {"0": 1, "1": 0})
    assert rubric_rules.scaled(clean, raw, 100) == 50.0


@pytest.mark.parametrize(
    "bad",
    [
        "not a list",
        [{"levels": [{"label": "a", "points": 0}, {"label": "b", "points": 1}]}],  # no name
        [{"name": "A", "levels": [{"label": "a", "points": 0}]}],  # one level
        [{"name": "A", "levels": [{"label": "a", "points": -1}, {"label": "b", "points": 1}]}],
        [{"name": "A", "levels": [{"label": "", "points": 0}, {"label": "b", "points": 1}]}],
    ],
)
def test_malformed_rubrics_are_refused(bad):
    with pytest.raises(rubric_rules.RubricError):
        rubric_rules.normalise(bad)


@pytest.mark.parametrize("levels", [{"0": 1}, {"0": 1, "1": 5}, {"0": True, "1": 0}, "x"])
def test_rubric_scoring_needs_a_valid_level_per_criterion(levels):
    with pytest.raises(ValueError):
        rubric_rules.score(rubric_rules.normalise(CRITERIA), levels)


def test_rubric_xml_round_trip():
    clean = rubric_rules.normalise(CRITERIA)
    parent = etree.Element("kemenag_assignment")
    rubric_rules.to_xml(clean, parent)
    assert rubric_rules.from_xml(parent.find("rubric")) == clean
