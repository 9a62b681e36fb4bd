"""The JP rules as pure functions: year, 24-month window, flag, breakdown, JP still needed, wording."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemenag_xblocks.competency import rules
from kemenag_xblocks.competency.rules import Credit

AS_OF = date(2026, 6, 30)


def credit(jp, on, kind="teknis"):
    return Credit(Decimal(str(jp)), date.fromisoformat(on), kind)


def test_only_this_calendar_year_counts_towards_the_target():
    summary = rules.summarise([credit(8, "2026-01-01"), credit(10, "2025-12-31")], AS_OF, 20)
    assert summary.jp_this_year == 8
    assert summary.jp_needed == 12
    assert summary.status == rules.BELOW


def test_the_last_24_months_window_is_rolling_not_calendar():
    summary = rules.summarise([credit(4, "2024-07-01"), credit(6, "2024-06-30")], AS_OF, 20)
    assert summary.jp_last_24_months == 4, "30 June 2024 is exactly two years back: outside the window"
    assert summary.jp_this_year == 0
    assert not summary.no_training_in_two_years
    assert summary.status == rules.BELOW


def test_no_training_in_two_years_is_flagged_before_the_yearly_shortfall():
    summary = rules.summarise([credit(40, "2024-06-30")], AS_OF, 20)
    assert summary.no_training_in_two_years
    assert summary.status == rules.NONE_IN_TWO_YEARS


def test_future_dated_credits_are_ignored():
    summary = rules.summarise([credit(30, "2026-07-01")], AS_OF, 20)
    assert summary.jp_this_year == 0 and summary.status == rules.NONE_IN_TWO_YEARS


def test_breakdown_by_competency_type_and_decimal_jp():
    summary = rules.summarise(
        [
            credit(7.5, "2026-02-01", "teknis"),
            credit(4.25, "2026-03-01", "teknis"),
            credit(9, "2026-04-01", "manajerial"),
        ],
        AS_OF,
        20,
    )
    assert summary.by_type == {"teknis": Decimal("11.75"), "manajerial": Decimal(9)}
    assert summary.jp_this_year == Decimal("20.75")
    assert summary.jp_needed == 0 and summary.status == rules.MEETS
    assert summary.percent_of_target == 100


def test_target_is_configurable():
    credits = [credit(20, "2026-01-10")]
    assert rules.summarise(credits, AS_OF, 24).jp_needed == 4
    assert rules.summarise(credits, AS_OF, 20).status == rules.MEETS


def test_leap_day_window():
    assert rules.two_years_before(date(2028, 2, 29)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("credits", "indonesian", "english"),
    [
        ([credit(20, "2026-03-01")], "Memenuhi 20 JP", "Meets 20 JP"),
        ([credit(12, "2026-03-01")], "Kurang 8 JP", "Short by 8 JP"),
        ([credit(12.5, "2026-03-01")], "Kurang 7,5 JP", "Short by 7.5 JP"),
        ([], "Belum ada pelatihan dalam 2 tahun terakhir", "No training in the last 2 years"),
    ],
)
def test_status_in_words_in_both_languages(credits, indonesian, english):
    summary = rules.summarise(credits, AS_OF, 20)
    with translation.override("id"):
        assert rules.status_text(summary) == indonesian
    with translation.override("en"):
        assert rules.status_text(summary) == english


dates = st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 12, 31))
credits_strategy = st.lists(
    st.builds(
        Credit,
        st.decimals(min_value=Decimal("0.25"), max_value=Decimal(60), places=2),
        dates,
        st.sampled_from(["teknis", "manajerial", "sosial_kultural"]),
    ),
    max_size=12,
)


@settings(suppress_health_check=[HealthCheck.too_slow])  # a loaded CI machine is not a failure
@given(credits_strategy, dates)
def test_summary_agrees_with_the_status_rule_on_two_aggregates(credits, as_of):
    """The reports classify from two aggregates (``rules.status_sql``, proven equal to
    ``rules.status`` in test_api); the summary must always agree with them."""
    summary = rules.summarise(credits, as_of, 20)
    counted = [c for c in credits if c.completed_on <= as_of and c.completed_on > rules.two_years_before(as_of)]
    last = max((c.completed_on for c in counted), default=None)
    assert rules.status(summary.jp_this_year, last is not None, 20) == summary.status
    assert summary.jp_this_year <= summary.jp_last_24_months
    assert summary.jp_needed + min(summary.jp_this_year, 20) == 20


def test_no_target_types_get_figures_but_no_status_against_a_target():
    summary = rules.summarise([credit(6, "2026-03-01")], AS_OF, None)
    assert summary.status == rules.NO_TARGET and summary.jp_this_year == 6 and summary.jp_needed == 0
    assert summary.percent_of_target == 100
    with translation.override("id"):
        assert rules.status_text(summary) == "6 JP tahun ini (tidak ada target tahunan bagi Anda)"
