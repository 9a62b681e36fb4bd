"""The competency tracker's Python API, for this package and other apps of the platform.

* ``learner_summary(user_id, as_of=None)`` -> ``rules.Summary``: one learner's JP on a date
  (an index range over the ledger, never a scan);
* ``learner_entries(user_id)``: the learner's ledger rows, newest first;
* ``cohort_report(course_key, as_of=None)``: compliance of one course's learners;
* ``compliance_by_work_unit(as_of=None)``: learners meeting the target, below it, and with no
  training in two years, per work unit, computed by the database in one statement;
* ``iter_learner_rows(as_of=None)``: every learner's figures in keyset pages (constant memory,
  for streaming CSV exports).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Case, CharField, DecimalField, Max, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from kemenag_xblocks.competency import rules
from kemenag_xblocks.competency.models import CohortMember, LedgerEntry, WorkUnit, WorkUnitMember
from kemenag_xblocks.conf import setting

COUNTED = [str(status) for status in LedgerEntry.COUNTED]


def yearly_target():
    return Decimal(str(setting("KEMENAG_JP_YEARLY_TARGET")))


def summary_query(user_id, as_of):
    """The rows a summary reads: one learner's counted credits of the last 24 months (an index range)."""
    return (
        LedgerEntry.objects.filter(
            user_id=user_id,
            completed_on__gt=rules.two_years_before(as_of),
            completed_on__lte=as_of,
            status__in=COUNTED,
        )
        .order_by()
        .values_list("jp", "completed_on", "competency_type")
    )


def learner_summary(user_id, as_of=None):
    """A learner's JP summary on ``as_of`` (today by default)."""
    as_of = as_of or timezone.localdate()
    credits = (rules.Credit(*row) for row in summary_query(user_id, as_of))
    return rules.summarise(credits, as_of, yearly_target())


def learner_entries(user_id):
    return LedgerEntry.objects.filter(user_id=user_id).exclude(status=LedgerEntry.Status.WITHDRAWN)


def _learner_figures(queryset, prefix, as_of, *, totals=True):
    """Annotate per-learner aggregates over the ledger (``prefix`` leads from the row to its entries).

    ``totals=False`` keeps only what the status needs (the work-unit report counts statuses).
    """
    counted = Q(**{f"{prefix}__status__in": COUNTED, f"{prefix}__completed_on__lte": as_of})
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=9, decimal_places=2))
    in_year = Q(**{f"{prefix}__completed_on__gte": date(as_of.year, 1, 1)})
    in_window = Q(**{f"{prefix}__completed_on__gt": rules.two_years_before(as_of)})
    figures = {
        "jp_year": Coalesce(Sum(f"{prefix}__jp", filter=counted & in_year), zero),
        "last_on": Max(f"{prefix}__completed_on", filter=counted & in_window),
    }
    if totals:
        figures["jp_24"] = Coalesce(Sum(f"{prefix}__jp", filter=counted & in_window), zero)
    return queryset.annotate(**figures).annotate(
        state=Case(
            When(last_on__isnull=True, then=Value(rules.NONE_IN_TWO_YEARS)),
            When(jp_year__gte=yearly_target(), then=Value(rules.MEETS)),
            default=Value(rules.BELOW),
            output_field=CharField(),
        )
    )


@dataclass(frozen=True)
class WorkUnitCompliance:
    code: str
    name: str
    meets: int
    below: int
    none: int

    @property
    def learners(self):
        return self.meets + self.below + self.none


def compliance_by_work_unit(as_of=None):
    """Per work unit: learners meeting the target, below it, and without training in two years.

    The per-learner aggregate is the ORM's; the database then counts it per work unit, so one
    statement does the work however many learners there are.
    """
    as_of = as_of or timezone.localdate()
    per_learner = _learner_figures(
        WorkUnitMember.objects.values("user_id", "work_unit_id"), "user__kemenag_ledger", as_of, totals=False
    ).values("work_unit_id", "state")
    inner, params = per_learner.order_by().query.sql_with_params()
    unit = WorkUnit._meta.db_table
    sql = (
        f"SELECT u.code, u.name, "  # noqa: S608 (table names are the models', values are parameters)
        f"SUM(CASE WHEN t.state = %s THEN 1 ELSE 0 END), SUM(CASE WHEN t.state = %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN t.state = %s THEN 1 ELSE 0 END) "
        f"FROM ({inner}) t JOIN {unit} u ON u.id = t.work_unit_id GROUP BY u.code, u.name ORDER BY u.code"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [rules.MEETS, rules.BELOW, rules.NONE_IN_TWO_YEARS, *params])
        return [WorkUnitCompliance(code, name, int(m), int(b), int(n)) for code, name, m, b, n in cursor.fetchall()]


LEARNER_FIELDS = ("pk", "username", "first_name", "last_name", "kemenag_work_unit__work_unit__code")


def iter_learner_rows(as_of=None, page_size=5000):
    """Every learner with their figures, in pages keyed on the user id: constant memory on any database.

    Each page is first bounded by id (an index range), so the aggregate only ever joins one
    page of learners, never "every learner after this one".
    """
    as_of = as_of or timezone.localdate()
    users = get_user_model().objects.order_by("pk")
    last_pk = 0
    while True:
        ids = list(users.filter(pk__gt=last_pk).values_list("pk", flat=True)[:page_size])
        if not ids:
            return
        page = users.filter(pk__gt=last_pk, pk__lte=ids[-1]).values(*LEARNER_FIELDS)
        yield from _learner_figures(page, "kemenag_ledger", as_of).values_list(
            *LEARNER_FIELDS, "jp_year", "jp_24", "state"
        )
        last_pk = ids[-1]


def cohort_report(course_key, as_of=None):
    """The course's learners (who opened the tracker, or were credited for the course) and their status."""
    as_of = as_of or timezone.localdate()
    course_key = str(course_key)
    members = CohortMember.objects.filter(course_key=course_key).values("user_id")
    credited = LedgerEntry.objects.filter(source_key=course_key).values("user_id")
    users = get_user_model().objects.filter(Q(pk__in=members) | Q(pk__in=credited)).order_by("username")
    rows = list(
        _learner_figures(users.values(*LEARNER_FIELDS), "kemenag_ledger", as_of).values_list(
            *LEARNER_FIELDS, "jp_year", "jp_24", "state"
        )
    )
    counts = {rules.MEETS: 0, rules.BELOW: 0, rules.NONE_IN_TWO_YEARS: 0}
    for row in rows:
        counts[row[-1]] += 1
    return {"as_of": as_of, "target": yearly_target(), "counts": counts, "rows": rows}
