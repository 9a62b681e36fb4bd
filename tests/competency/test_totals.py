"""The per-learner yearly JP totals: equal to a recount of the ledger after any sequence of writes
(every write path of ledger.py and of the model), safe under concurrent writers on MariaDB, and
read by the reports with the same figures as the ledger itself."""

import threading
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemenag_xblocks.competency import api, ledger, people, rules, totals
from kemenag_xblocks.competency.models import JpYearTotal, LearnerProfile, LedgerEntry, WorkUnit, WorkUnitMembership
from tests.competency.conftest import add_entry

FIRST_DAY = date(2021, 1, 1)
DAYS = st.integers(min_value=0, max_value=6 * 366).map(lambda n: FIRST_DAY + timedelta(days=n))
JPS = st.sampled_from(["1", "2.5", "4", "8", "12", "20", "32"])
COURSES = [f"course-v1:Kemenag+T{k}+2026" for k in range(4)]
LEARNERS = 3
SLOW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# One write of the ledger, as the platform, a learner, an officer or an operator would make it.
WRITES = st.one_of(
    st.tuples(st.just("course"), st.integers(0, LEARNERS - 1), st.integers(0, 3), DAYS),
    st.tuples(st.just("withdraw"), st.integers(0, LEARNERS - 1), st.integers(0, 3)),
    st.tuples(st.just("report"), st.integers(0, LEARNERS - 1), JPS, DAYS),
    st.tuples(st.just("decide"), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("resubmit"), st.integers(0, 30), JPS, DAYS),
    st.tuples(st.just("edit"), st.integers(0, 30), JPS, DAYS),
    st.tuples(st.just("move_date"), st.integers(0, 30), DAYS),
    st.tuples(st.just("restatus"), st.integers(0, 30), st.sampled_from(LedgerEntry.Status.values)),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("delete_many"), st.integers(0, LEARNERS - 1), DAYS),
    st.tuples(st.just("bulk"), st.integers(0, LEARNERS - 1), DAYS, JPS),
    st.tuples(st.just("bulk_update"), st.integers(0, LEARNERS - 1), DAYS),
)


def _entry(index):
    ids = list(LedgerEntry.objects.order_by("pk").values_list("pk", flat=True))
    return LedgerEntry.objects.get(pk=ids[index % len(ids)]) if ids else None


def apply(write, learners, officer):
    kind, *args = write
    if kind == "course":
        learner, course, day = args
        ledger.record_course(learners[learner].pk, COURSES[course], day)
    elif kind == "withdraw":
        ledger.withdraw_course(learners[args[0]].pk, COURSES[args[1]])
    elif kind == "report":
        learner, jp, day = args
        ledger.report_external(
            learners[learner].pk,
            title="Diklat",
            organizer="BDK",
            jp=Decimal(jp),
            competency_type="teknis",
            completed_on=day,
            evidence=None,
            reported_in="course-v1:Kemenag+JP+2026",
        )
    elif kind == "bulk":
        learner, day, jp = args
        n = LedgerEntry.objects.count()
        LedgerEntry.objects.bulk_create(
            [
                LedgerEntry(
                    user=learners[learner],
                    source="external",
                    source_key=f"bulk-{n}-{k}",
                    title="Impor",
                    jp=Decimal(jp),
                    competency_type="manajerial",
                    completed_on=day + timedelta(days=k * 200),
                    status="verified",
                )
                for k in range(2)
            ]
        )
    elif kind == "delete_many":
        learner, day = args
        learners[learner].kemenag_ledger.filter(completed_on__lt=day).delete()
    elif kind == "bulk_update":
        learner, day = args
        rows = list(learners[learner].kemenag_ledger.all()[:2])
        for row in rows:
            row.completed_on = day
        LedgerEntry.objects.bulk_update(rows, ["completed_on"])
    else:
        entry = _entry(args[0])
        if entry is None:
            return
        if kind == "decide":
            ledger.decide(entry.pk, actor_id=officer.pk, approve=args[1], reason="tidak terbaca")
        elif kind == "resubmit":
            ledger.resubmit(entry.pk, entry.user_id, jp=Decimal(args[1]), completed_on=args[2])
        elif kind == "edit":  # an operator in the admin
            entry.jp, entry.completed_on = Decimal(args[1]), args[2]
            entry.save()
        elif kind == "move_date":
            LedgerEntry.objects.filter(pk=entry.pk).update(completed_on=args[1])
        elif kind == "restatus":
            LedgerEntry.objects.filter(pk=entry.pk).update(status=args[1])
        elif kind == "delete":
            entry.delete()


@pytest.fixture
def cast(db):
    User = get_user_model()
    learners = [User.objects.create(username=f"asn{k}") for k in range(LEARNERS)]
    for course in COURSES:
        ledger.set_course_competency(course, jp="6", competency_type="teknis", title=course)
    return learners, User.objects.create(username="petugas")


@SLOW
@given(writes=st.lists(WRITES, min_size=1, max_size=25))
def test_totals_equal_a_recount_of_the_ledger_after_any_sequence_of_writes(cast, writes):
    learners, officer = cast
    with transaction.atomic():
        for write in writes:
            apply(write, learners, officer)
            assert totals.differences() == [], write
        kept = sorted(JpYearTotal.objects.values_list("user_id", "year", *totals.COLUMNS))
        totals.rebuild(batch=2)  # the set-based recount (migration, raw imports) writes the same rows
        assert sorted(JpYearTotal.objects.values_list("user_id", "year", *totals.COLUMNS)) == kept
        transaction.set_rollback(True)


def test_a_write_that_changes_no_counted_figure_leaves_the_totals_alone(cast):
    learners, _officer = cast
    entry = ledger.record_course(learners[0].pk, COURSES[0], date(2026, 3, 1))
    row = JpYearTotal.objects.get(user=learners[0], year=2026)
    assert (row.jp, row.entries, row.first_on, row.last_on) == (6, 1, date(2026, 3, 1), date(2026, 3, 1))
    assert JpYearTotal.objects.get(user=learners[0], year=2028).prev2_last_on == date(2026, 3, 1)
    ledger.record_course(learners[0].pk, COURSES[0], certificate_number="ABC-1")  # number only
    assert LedgerEntry.objects.get(pk=entry.pk).certificate_number == "ABC-1"
    assert totals.differences() == []
    ledger.withdraw_course(learners[0].pk, COURSES[0])
    assert not JpYearTotal.objects.filter(user=learners[0]).exists(), "no counted entry: no rows"


def test_the_rebuild_command_recounts_and_checks(cast):
    learners, _officer = cast
    ledger.record_course(learners[1].pk, COURSES[1], date(2025, 5, 5))
    JpYearTotal.objects.filter(user=learners[1]).update(jp=99)  # written around the ledger
    with pytest.raises(Exception, match="differ from the ledger"):
        call_command("kemenag_rebuild_jp_totals", "--check")
    call_command("kemenag_rebuild_jp_totals")
    assert totals.differences() == []
    call_command("kemenag_rebuild_jp_totals", "--check")


# ---- the reports read the same figures from the totals as from the ledger ---------------------

STATUSES = st.sampled_from(["recorded", "verified", "pending", "rejected", "withdrawn"])
AS_OF = st.one_of(
    DAYS,
    st.sampled_from([date(2024, 2, 29), date(2025, 12, 31), date(2026, 1, 1), date(2023, 3, 1), date(2024, 3, 1)]),
)


@pytest.fixture
def tree(db):
    root = WorkUnit.objects.create(code="PUSAT", name="Pusat", level="central")
    kanwil = WorkUnit.objects.create(code="KW", name="Kanwil", level="kanwil", parent=root)
    madrasah = WorkUnit.objects.create(code="MAN", name="MAN 1", parent=kanwil)
    other = WorkUnit.objects.create(code="KUA", name="KUA", parent=root)
    people.rebuild_paths()
    return [WorkUnit.objects.get(pk=u.pk) for u in (root, kanwil, madrasah, other)]


@SLOW
@given(
    ledgers=st.lists(
        st.lists(st.tuples(JPS, DAYS, STATUSES), max_size=6),
        min_size=1,
        max_size=6,
    ),
    kinds=st.lists(st.sampled_from(["", "pns", "pppk", "non_asn"]), min_size=6, max_size=6),
    as_of=AS_OF,
    near=st.integers(-3, 3),
    in_year_before_last=st.integers(0, 364),
    after=st.integers(-2, 40),
)
def test_reports_from_the_totals_equal_the_reports_from_the_ledger(
    tree, ledgers, kinds, as_of, near, in_year_before_last, after
):
    """Random ledgers with days on and around the edges: the window's first day (``near`` days
    from two years back), the year before last (where the window starts), and ``as_of`` itself
    (trainings dated after the report's day)."""
    User = get_user_model()
    with transaction.atomic():
        for number, rows in enumerate(ledgers):
            user = User.objects.create(username=f"p{number}")
            WorkUnitMembership.objects.create(user=user, work_unit=tree[number % 4], start=date(2000, 1, 1))
            if kinds[number]:
                LearnerProfile.objects.create(user=user, employee_type=kinds[number])
            edges = [
                rules.two_years_before(as_of) + timedelta(days=near),
                date(as_of.year - 2, 1, 1) + timedelta(days=in_year_before_last),
                as_of + timedelta(days=after),
            ]
            for k, (jp, day, status) in enumerate(rows):
                day = edges[(k + number) % 3] if k < 3 else day
                add_entry(user, jp=jp, on=day, status=status, key=f"k{number}-{k}")
        assert totals.differences() == []

        def both(report):
            return report("totals"), report("ledger")

        a, b = both(lambda s: [(u.code, u.own, u.total) for u in api.unit_compliance(None, as_of, source=s)])
        assert a == b
        for unit in tree:
            a, b = both(lambda s, unit=unit: list(api.people_in(unit, as_of, source=s)))
            assert a == b
        a, b = both(lambda s: list(api.iter_learner_rows(as_of, page_size=4, source=s)))
        assert a == b
        transaction.set_rollback(True)


def test_reports_for_today_read_the_totals(tree):
    """Today's reports join the totals table; a day in the past reads the ledger."""
    learner = get_user_model().objects.create(username="hari_ini")
    WorkUnitMembership.objects.create(user=learner, work_unit=tree[2], start=date(2000, 1, 1))
    today = api.dates.today()
    add_entry(learner, jp="24", on=today)
    assert api.use_totals(today) and not api.use_totals(today - timedelta(days=1))
    today_sql = str(api.people_in(tree[0]).query)
    assert "kemenag_xblocks_jpyeartotal" in today_sql
    assert "kemenag_xblocks_jpyeartotal" not in str(api.people_in(tree[0], today - timedelta(days=1)).query)
    ((*_, jp_year, jp_24, last_on, state),) = api.people_in(tree[0])
    assert (jp_year, jp_24, last_on, state) == (24, 24, today, rules.MEETS)


# ---- concurrent writers (MariaDB) ---------------------------------------------------------------


def _mariadb_only():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; run with KEMENAG_TEST_DB=mariadb")


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_learners_year_at_once_lose_no_update(cast):
    """Writer A credits a course and holds its transaction open; writer B credits another course of
    the same learner and year meanwhile. B's recount must wait for A and count A's row too."""
    _mariadb_only()
    learner = cast[0][0]
    a_wrote, errors = threading.Event(), []

    def writer_a():
        try:
            with transaction.atomic():
                ledger.record_course(learner.pk, COURSES[0], date(2026, 2, 1))
                a_wrote.set()
                time.sleep(0.5)  # B runs its write now, while A is not committed
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    def writer_b():
        try:
            a_wrote.wait(5)
            ledger.record_course(learner.pk, COURSES[1], date(2026, 3, 1))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    row = JpYearTotal.objects.get(user=learner, year=2026)
    assert (row.jp, row.entries) == (12, 2), "both credits counted"
    assert totals.differences() == []


@pytest.mark.django_db(transaction=True)
def test_many_concurrent_writes_of_one_learner_keep_the_totals_exact(cast):
    """Four connections write the same learner's ledger at once (credits, withdrawals, reports,
    decisions): no deadlock, no lost update."""
    _mariadb_only()
    learners, officer = cast
    barrier, errors = threading.Barrier(4), []

    def work(seed):
        try:
            barrier.wait()
            for round_ in range(6):
                day = date(2024 + (seed + round_) % 3, 1 + round_, 10 + seed)
                ledger.record_course(learners[0].pk, COURSES[(seed + round_) % 4], day)
                entry = ledger.report_external(
                    learners[0].pk,
                    title="Diklat",
                    organizer="BDK",
                    jp=Decimal("3"),
                    competency_type="teknis",
                    completed_on=day,
                    evidence=None,
                    reported_in="course-v1:Kemenag+JP+2026",
                )
                ledger.decide(entry.pk, actor_id=officer.pk, approve=(seed + round_) % 2 == 0)
                if round_ % 3 == seed % 3:
                    ledger.withdraw_course(learners[0].pk, COURSES[seed % 4])
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert totals.differences() == []


def test_the_national_roll_up_in_pages_of_learner_ids_counts_everyone_once(tree):
    """Pages of two learner ids: the same counts as the ledger's single statement."""
    User = get_user_model()
    for number in range(7):
        user = User.objects.create(username=f"hal{number}")
        WorkUnitMembership.objects.create(user=user, work_unit=tree[number % 4], start=date(2000, 1, 1))
        add_entry(user, jp=str(4 * number), on=api.dates.today() - timedelta(days=200 * number))
    whole = [(u.code, u.own, u.total) for u in api.unit_compliance(None, source="ledger")]
    page, api.ROLL_UP_PAGE = api.ROLL_UP_PAGE, 2
    try:
        assert [(u.code, u.own, u.total) for u in api.unit_compliance(None)] == whole
    finally:
        api.ROLL_UP_PAGE = page
    assert sum(u.learners for u in api.compliance_by_work_unit()) == 7
