"""The scoring contract of issue 3, formula by formula."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemenag_xblocks.quiz import scoring
from kemenag_xblocks.quiz.defaults import default_bands, default_dimensions

LIKERT = {"id": "kk1", "dimension": "komitmen_kebangsaan", "type": "likert", "reverse": False, "options": []}
REVERSE = {**LIKERT, "id": "kk2", "reverse": True}
CHOICE = {
    "id": "t1",
    "dimension": "toleransi",
    "type": "choice",
    "reverse": False,
    "options": [{"id": "a", "score": 0}, {"id": "b", "score": 4}, {"id": "c", "score": 1}],
}


@pytest.mark.parametrize(("value", "expected"), [(1, 0), (2, 25), (3, 50), (4, 75), (5, 100)])
def test_likert_item_score_is_v_minus_1_over_s_minus_1(value, expected):
    assert scoring.item_score(LIKERT, value, 5) == expected


@pytest.mark.parametrize(("value", "expected"), [(1, 100), (2, 75), (5, 0)])
def test_reverse_keyed_likert_is_s_minus_v_over_s_minus_1(value, expected):
    assert scoring.item_score(REVERSE, value, 5) == expected


def test_seven_point_scale():
    assert scoring.item_score(LIKERT, 4, 7) == pytest.approx(50)
    assert scoring.item_score(REVERSE, 2, 7) == pytest.approx(500 / 6)


def test_choice_score_is_option_score_over_the_items_highest():
    assert scoring.item_score(CHOICE, "b", 5) == 100
    assert scoring.item_score(CHOICE, "c", 5) == 25
    assert scoring.item_score(CHOICE, "a", 5) == 0


def test_unanswered_scores_zero():
    assert scoring.item_score(LIKERT, None, 5) == 0
    assert scoring.item_score(REVERSE, None, 5) == 0, "an unanswered reverse item must not score 100"


@pytest.mark.parametrize(
    ("index", "band"),
    [
        (0, "Sangat Rendah"),
        (60.99, "Sangat Rendah"),
        (61, "Rendah"),
        (70.5, "Rendah"),
        (71, "Sedang"),
        (81, "Tinggi"),
        (90.99, "Tinggi"),
        (91, "Sangat Tinggi"),
        (100, "Sangat Tinggi"),
    ],
)
def test_category_is_the_band_with_the_highest_min_not_above_the_index(index, band):
    assert scoring.category(index, default_bands())["name"] == band


def test_category_ignores_band_order_in_the_definition():
    bands = [{"min": 81, "name": "Tinggi"}, {"min": 0, "name": "Rendah"}, {"min": 61, "name": "Sedang"}]
    assert scoring.category(75, bands)["name"] == "Sedang"


def test_dimension_index_is_the_mean_of_given_items_with_unanswered_as_zero():
    items = [LIKERT, REVERSE, CHOICE]
    indices = scoring.dimension_indices(items, {"kk1": 5, "t1": "c"}, 5)
    assert indices == {"komitmen_kebangsaan": 50, "toleransi": 25}


def test_overall_is_weighted_by_dimension_weight_and_rounded_to_two_decimals():
    dimensions = [{"id": "a", "weight": 3.0, "name": "A"}, {"id": "b", "weight": 1.0, "name": "B"}]
    assert scoring.overall_index({"a": 100, "b": 0}, dimensions) == 75
    spec = {"dimensions": dimensions, "bands": default_bands(), "likert_scale": 3}
    items = [
        {**LIKERT, "id": "x", "dimension": "a"},
        {**LIKERT, "id": "y", "dimension": "b"},
        {**LIKERT, "id": "z", "dimension": "b"},
    ]
    result = scoring.score_attempt(spec, items, {"x": 2, "y": 3, "z": 2})
    # a = 50, b = (100 + 50) / 2 = 75 → (3·50 + 75) / 4 = 56.25
    assert result["dimensions"] == {
        "a": {"index": 50, "category": "Sangat Rendah"},
        "b": {"index": 75, "category": "Sedang"},
    }
    assert result["overall"] == 56.25 and result["category"] == "Sangat Rendah"


def test_thirds_round_half_up_to_two_decimals():
    assert scoring.round2(200 / 3) == 66.67
    assert scoring.round2(72.345) == 72.35
    assert scoring.round2(1 / 3) == 0.33


def test_gain_per_dimension_only_where_both_tests_have_it():
    assert scoring.gain({"a": 50, "b": 60.5}, {"a": 75.25, "c": 10}) == {"a": 25.25}


def test_grade_index_versus_completion():
    result = {"overall": 42.5}
    assert scoring.grade(result, "index") == 0.425
    assert scoring.grade(result, "completion") == 1.0


@pytest.mark.parametrize(
    ("item", "value", "reason"),
    [
        (LIKERT, 0, "out of range"),
        (LIKERT, 6, "out of range"),
        (LIKERT, "x", "not a number"),
        (LIKERT, True, "not a number"),
        (LIKERT, 2.5, "not a number"),
        (CHOICE, "z", "unknown option"),
        (CHOICE, 1, "unknown option"),
    ],
)
def test_clean_answer_refuses_what_the_item_cannot_take(item, value, reason):
    with pytest.raises(scoring.InvalidAnswer) as error:
        scoring.clean_answer(item, value, 5)
    assert error.value.reason == reason and error.value.item_id == item["id"]


def test_clean_answer_accepts_numeric_strings_and_blank():
    assert scoring.clean_answer(LIKERT, "4", 5) == 4
    assert scoring.clean_answer(LIKERT, None, 5) is None
    assert scoring.clean_answer(CHOICE, "b", 5) == "b"


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=4, max_size=4), st.booleans())
def test_indices_stay_within_0_and_100(values, reverse):
    items = [
        {**LIKERT, "id": f"i{n}", "dimension": d["id"], "reverse": reverse} for n, d in enumerate(default_dimensions())
    ]
    spec = {"dimensions": default_dimensions(), "bands": default_bands(), "likert_scale": 5}
    result = scoring.score_attempt(spec, items, {f"i{n}": v for n, v in enumerate(values)})
    assert 0 <= result["overall"] <= 100
    assert all(0 <= d["index"] <= 100 for d in result["dimensions"].values())
