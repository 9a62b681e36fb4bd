"""The Python API: a learner's summary, the course cohort, and compliance by work unit."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from kemenag_xblocks.competency import api, rules
from kemenag_xblocks.competency.models import CohortMember, WorkUnit, WorkUnitMembership
from tests.competency.conftest import COURSE, add_entry

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 30)


def make_user(name, unit=None):
    user = get_user_model().objects.create(username=name)
    if unit:
        WorkUnitMembership.objects.create(user=user, work_unit=unit, start=date(2000, 1, 1))
    return user


@pytest.fixture
def work_units():
    return WorkUnit.objects.create(code="KW-JKT", name="Kanwil DKI Jakarta"), WorkUnit.objects.create(
        code="KK-BDG", name="Kankemenag Kota Bandung"
    )


@pytest.fixture
def population(work_units):
    jakarta, bandung = work_units
    meets, below, none, unassigned = (
        make_user("meets", jakarta),
        make_user("below", jakarta),
        make_user("none", bandung),
        make_user("nowhere"),
    )
    add_entry(meets, jp="12", on="2026-02-01")
    add_entry(meets, jp="8.5", on="2026-05-01", competency_type="manajerial")
    add_entry(below, jp="30", on="2025-12-31")  # last year: in the window, not this year
    add_entry(below, jp="50", on="2026-03-01", status="pending", source="external")  # not verified
    add_entry(none, jp="40", on="2024-06-30")  # exactly two years back: outside
    add_entry(none, jp="40", on="2026-05-01", status="withdrawn")
    add_entry(unassigned, jp="20", on="2026-01-05")
    return {"meets": meets, "below": below, "none": none, "nowhere": unassigned}


def test_learner_summary_counts_only_recorded_and_verified_rows(population):
    summary = api.learner_summary(population["meets"].pk, AS_OF)
    assert summary.jp_this_year == Decimal("20.5") and summary.status == rules.MEETS
    assert summary.by_type == {"teknis": 12, "manajerial": Decimal("8.5")}
    below = api.learner_summary(population["below"].pk, AS_OF)
    assert (below.jp_this_year, below.jp_last_24_months, below.status) == (0, 30, rules.BELOW)
    assert api.learner_summary(population["none"].pk, AS_OF).status == rules.NONE_IN_TWO_YEARS


def test_compliance_by_work_unit_matches_the_per_learner_rules(population):
    report = {u.code: u for u in api.compliance_by_work_unit(AS_OF)}
    assert (report["KW-JKT"].meets, report["KW-JKT"].below, report["KW-JKT"].none) == (1, 1, 0)
    assert (report["KK-BDG"].meets, report["KK-BDG"].below, report["KK-BDG"].none) == (0, 0, 1)
    assert report["KK-BDG"].name == "Kankemenag Kota Bandung"
    assert set(report) == {"KW-JKT", "KK-BDG"}, "learners without a work unit are not in the unit report"


def test_a_work_unit_member_with_an_empty_ledger_has_had_no_training(work_units):
    make_user("baru", work_units[0])
    (row,) = [u for u in api.compliance_by_work_unit(AS_OF) if u.code == "KW-JKT"]
    assert (row.meets, row.below, row.none) == (0, 0, 1)


def test_learner_rows_come_in_keyset_pages_with_every_learner_once(population):
    rows = list(api.iter_learner_rows(AS_OF, page_size=2))
    by_name = {r[1]: r for r in rows}
    assert len(rows) == len(by_name) == get_user_model().objects.count()
    assert by_name["meets"][4:] == ("KW-JKT", Decimal("20.5"), Decimal("20.5"), rules.MEETS)
    assert by_name["nowhere"][4] is None and by_name["nowhere"][-1] == rules.MEETS
    assert by_name["none"][-1] == rules.NONE_IN_TWO_YEARS


def test_cohort_report_covers_members_and_credited_learners_of_this_course_only(population):
    CohortMember.objects.create(course_key=COURSE, user=population["below"])
    add_entry(population["meets"], jp="4", on="2026-06-01", key=COURSE)
    report = api.cohort_report(COURSE, AS_OF)
    assert [r[1] for r in report["rows"]] == ["below", "meets"]
    assert report["counts"] == {rules.MEETS: 1, rules.BELOW: 1, rules.NONE_IN_TWO_YEARS: 0}


def test_learner_summary_reads_an_index_range_not_the_table(population):
    query = api.summary_query(population["meets"].pk, AS_OF)
    plan = query.explain().lower()
    assert "kemenag_ledger_user_date" in plan, plan
    if connection.vendor == "sqlite":
        assert "covering index" in plan and "temp b-tree" not in plan, plan
