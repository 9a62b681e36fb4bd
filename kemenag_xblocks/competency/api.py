"""The competency tracker's Python API, for this package and other apps of the platform.

* ``learner_summary(user_id, as_of=None)`` -> ``rules.Summary``: one learner's JP on a date,
  against their employee type's target (an index range over the ledger, never a scan);
* ``learner_entries(user_id)``: the learner's ledger rows, newest first;
* ``cohort_report(course_key, as_of=None)``: compliance of one course's learners;
* ``unit_compliance(root=None, as_of=None)``: meets / below / none in 2 years, per employee type,
  for every unit and its whole subtree (``compliance_by_work_unit``: the flat per-unit view);
* ``people(unit, as_of, state=None, employee_type=None)``: the learners behind one of those numbers;
* ``iter_learner_rows(as_of=None)``: every learner's figures in keyset pages (constant memory).

Every status comes from ``rules.status`` (in SQL through ``rules.status_sql``): one rule.

Where the figures come from: for today (the reports officers open) the per-learner yearly totals
(``JpYearTotal``, kept on every ledger write by ``totals.py``): one primary-key lookup per
learner, never a rescan of the ledger. For any other day, the ledger itself (aggregated per
learner). Both give the same figures (tests compare them on random ledgers and days);
``source="ledger"`` or ``"totals"`` picks one explicitly.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import islice

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from kemenag_xblocks.competency import dates, employees, people, rules
from kemenag_xblocks.competency.employees import EmployeeType
from kemenag_xblocks.competency.models import (
    CohortMember,
    LearnerProfile,
    LedgerEntry,
    WorkUnit,
    WorkUnitMembership,
)

COUNTED = [str(status) for status in LedgerEntry.COUNTED]
JP_FIELD = DecimalField(max_digits=9, decimal_places=2)


def yearly_target(employee_type=None):
    """The target of a type (the default type's when not given); None when the type has none."""
    return employees.target_for(employee_type or employees.default_type())


SUMMARY_COLUMNS = ("jp", "completed_on", "competency_type")


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
        .values_list(*SUMMARY_COLUMNS)
    )


def learner_summary(user_id, as_of=None):
    """A learner's JP summary on ``as_of`` (today in the JP time zone by default)."""
    as_of = as_of or dates.today()
    # One round trip: the window's rows (an index range) each carry the learner's type (a
    # primary-key lookup); a learner without rows in the window is looked up on their own.
    kind = Subquery(LearnerProfile.objects.filter(user_id=user_id).values("employee_type")[:1])
    rows = list(summary_query(user_id, as_of).annotate(kind=kind).values_list(*SUMMARY_COLUMNS, "kind"))
    employee_type = (rows[0][-1] or employees.default_type()) if rows else people.employee_type_of(user_id)
    credits = (rules.Credit(*row[:-1]) for row in rows)
    return rules.summarise(credits, as_of, yearly_target(employee_type))


def learner_entries(user_id):
    return LedgerEntry.objects.filter(user_id=user_id).exclude(status=LedgerEntry.Status.WITHDRAWN)


def _type_expression(profile_prefix):
    return Coalesce(f"{profile_prefix}employee_type", Value(employees.default_type()))


def _target_expression(profile_prefix):
    """Each learner's target from their type, in SQL (NULL: no target)."""
    whens = [
        When(employee_kind=value, then=Value(target, output_field=JP_FIELD))
        for value in EmployeeType.values
        if (target := employees.target_for(value)) is not None
    ]
    return Case(*whens, default=Value(None, output_field=JP_FIELD), output_field=JP_FIELD)


def use_totals(as_of, source=None):
    """Whether figures on ``as_of`` are read from the yearly totals (today) or the ledger."""
    if source not in (None, "totals", "ledger"):
        raise ValueError(f"unknown source {source!r}")
    return source == "totals" if source else as_of == dates.today()


def _learner_figures(queryset, prefix, as_of, *, profile_prefix, totals=True, source=None):
    """Annotate per-learner figures (``jp_year``, ``last_on``, ``jp_24`` when ``totals``) and the
    status by ``rules.status_sql``: from the yearly totals (``_figures_from_totals``) or from the
    ledger. ``prefix`` leads from the row to the learner's ledger entries (``kemenag_ledger``, or
    ``user__kemenag_ledger`` from a membership), ``profile_prefix`` to the learner's profile."""
    last_on = "last_on"
    if use_totals(as_of, source):
        figures = _figures_from_totals(prefix.removesuffix("kemenag_ledger"), as_of, totals=totals)
        last_on = "last_on" if totals else "trained"
        queryset = queryset.alias(
            jp_row=FilteredRelation(
                prefix.replace("kemenag_ledger", "kemenag_jp_years"),
                condition=Q(**{f"{prefix.replace('kemenag_ledger', 'kemenag_jp_years')}__year": as_of.year}),
            )
        )
    else:
        figures = _figures_from_ledger(prefix, as_of, totals=totals)
        # The profile's column is selected (so grouped by) before the aggregates: MariaDB refuses a
        # HAVING on a column the GROUP BY does not hold.
        queryset = queryset.values(*queryset.query.values_select, f"{profile_prefix}employee_type")
    return (
        queryset.annotate(employee_kind=_type_expression(profile_prefix))
        .annotate(jp_target=_target_expression(profile_prefix))
        .annotate(**figures)
        .annotate(state=rules.status_sql("jp_year", last_on, "jp_target"))
    )


def _figures_from_ledger(prefix, as_of, *, totals):
    counted = Q(**{f"{prefix}__status__in": COUNTED, f"{prefix}__completed_on__lte": as_of})
    zero = Value(Decimal(0), output_field=JP_FIELD)
    in_year = Q(**{f"{prefix}__completed_on__gte": date(as_of.year, 1, 1)})
    in_window = Q(**{f"{prefix}__completed_on__gt": rules.two_years_before(as_of)})
    figures = {
        "jp_year": Coalesce(Sum(f"{prefix}__jp", filter=counted & in_year), zero),
        "last_on": Max(f"{prefix}__completed_on", filter=counted & in_window),
    }
    if totals:
        figures["jp_24"] = Coalesce(Sum(f"{prefix}__jp", filter=counted & in_window), zero)
    return figures


def _figures_from_totals(user_prefix, as_of, *, totals):
    """The same figures from the learner's ``JpYearTotal`` row of ``as_of``'s year (alias ``jp_row``),
    which carries the two years before it. The ledger is read (an index range of one learner) only
    where the row cannot answer: counted days after ``as_of`` this year, and for the 24-month sum a
    year-before-last whose counted days straddle the window's first day."""
    user = OuterRef(f"{user_prefix.removesuffix('__')}_id" if user_prefix else "pk")
    year_start, window_start = date(as_of.year, 1, 1), rules.two_years_before(as_of)
    zero = Value(Decimal(0), output_field=JP_FIELD)

    def ledger(aggregate, **days):
        rows = LedgerEntry.objects.filter(user_id=user, status__in=COUNTED, **days).order_by().values("user_id")
        return Subquery(rows.annotate(figure=aggregate).values("figure")[:1])

    this_year = {"completed_on__gte": year_start, "completed_on__lte": as_of}
    jp_year = Case(
        When(jp_row__last_on__gt=as_of, then=Coalesce(ledger(Sum("jp"), **this_year), zero)),
        default=Coalesce(F("jp_row__jp"), zero),
        output_field=JP_FIELD,
    )
    if not totals:
        # The roll-up needs only whether there was a counted training in the window (NULL: none),
        # which the row answers without the ledger: this year up to as_of, last year, or the year
        # before last after the window's first day.
        trained = Q(jp_row__first_on__lte=as_of) | Q(jp_row__prev_last_on__isnull=False)
        trained |= Q(jp_row__prev2_last_on__gt=window_start)
        return {
            "jp_year": jp_year,
            "trained": Case(When(trained, then=F("jp_row__year")), default=None),
        }
    figures = {
        "jp_year": jp_year,
        "last_on": Case(
            When(jp_row__last_on__lte=as_of, then=F("jp_row__last_on")),
            When(jp_row__first_on__lte=as_of, then=ledger(Max("completed_on"), **this_year)),
            When(jp_row__prev_last_on__isnull=False, then=F("jp_row__prev_last_on")),
            When(jp_row__prev2_last_on__gt=window_start, then=F("jp_row__prev2_last_on")),
            default=Value(None, output_field=DateField()),
            output_field=DateField(),
        ),
    }
    before_last = Case(
        When(jp_row__prev2_first_on__gt=window_start, then=F("jp_row__prev2_jp")),
        When(
            jp_row__prev2_last_on__gt=window_start,
            then=Coalesce(
                ledger(Sum("jp"), completed_on__gt=window_start, completed_on__lte=date(as_of.year - 2, 12, 31)),
                zero,
            ),
        ),
        default=zero,
        output_field=JP_FIELD,
    )
    figures["jp_24"] = jp_year + Coalesce(F("jp_row__prev_jp"), zero) + before_last
    return figures


# ---- work units -------------------------------------------------------------------------------


def _empty_counts():
    return {state: 0 for state in rules.COMPLIANCE_STATES}


@dataclass
class UnitCompliance:
    """One unit's figures: its own members (``own``) and its whole subtree (``total``), per type."""

    unit: WorkUnit
    own: dict = field(default_factory=dict)  # employee type -> {state: count}
    total: dict = field(default_factory=dict)

    def count(self, state, employee_type=None, subtree=True):
        figures = self.total if subtree else self.own
        types = [employee_type] if employee_type else list(figures)
        return sum(figures.get(t, {}).get(state, 0) for t in types)

    @property
    def learners(self):
        return sum(self.count(state) for state in rules.COMPLIANCE_STATES)

    @property
    def code(self):
        return self.unit.code

    @property
    def name(self):
        return self.unit.name

    @property
    def meets(self):
        return self.count(rules.MEETS)

    @property
    def below(self):
        return self.count(rules.BELOW)

    @property
    def none(self):
        return self.count(rules.NONE_IN_TWO_YEARS)


ROLL_UP_PAGE = 100_000  # learner ids per statement of the national roll-up


def _member_states(as_of, units=None, source=None):
    """``{(work_unit_id, employee_type, state): count}`` for members on ``as_of``.

    From the totals, the national roll-up runs in pages of learner ids: each page reads its members
    in learner order (``kemenag_membership_user``), so the lookups of their profiles and totals
    walk those tables in order; in unit order they jump about and cost 2.4x as much (1.8 million
    learners on MariaDB, docs/performance.md).
    """
    members = WorkUnitMembership.objects.filter(people.on_day(as_of))
    if units is not None:
        members = members.filter(work_unit__in=units)
    elif use_totals(as_of, source):
        counts = {}
        span = get_user_model().objects.aggregate(low=Min("pk"), high=Max("pk"))  # two primary-key ends
        for low in range(span["low"] or 0, (span["high"] or -1) + 1, ROLL_UP_PAGE):
            page = members.filter(user_id__gte=low, user_id__lt=low + ROLL_UP_PAGE)
            for key, count in _counted_states(page, as_of, source).items():
                counts[key] = counts.get(key, 0) + count
        return counts
    return _counted_states(members, as_of, source)


def _counted_states(members, as_of, source):
    per_learner = _learner_figures(
        members.values("user_id", "work_unit_id"),
        "user__kemenag_ledger",
        as_of,
        profile_prefix="user__kemenag_profile__",
        totals=False,
        source=source,
    )
    if use_totals(as_of, source):
        # No aggregate per learner: the database counts learners per unit, type and state.
        grouped = per_learner.values("work_unit_id", "employee_kind", "state").annotate(learners=Count("*"))
        return {
            (row["work_unit_id"], row["employee_kind"], row["state"]): row["learners"] for row in grouped.order_by()
        }
    # One row per learner (their aggregate), counted here: a few thousand units, never all learners' rows.
    counts = {}
    for row in per_learner.values("work_unit_id", "employee_kind", "state").order_by():
        key = (row["work_unit_id"], row["employee_kind"], row["state"])
        counts[key] = counts.get(key, 0) + 1
    return counts


def unit_compliance(root=None, as_of=None, *, source=None):
    """Every unit of ``root``'s subtree (every unit when None) with own and subtree figures, in
    tree order. Learners without a target (non-ASN, public) are not counted."""
    as_of = as_of or dates.today()
    units = people.subtree(root) if root is not None else WorkUnit.objects.all()
    units = list(units.order_by("path"))
    by_id = {u.pk: UnitCompliance(u) for u in units}
    for (unit_id, employee_type, state), count in _member_states(
        as_of, units if root is not None else None, source
    ).items():
        if state not in rules.COMPLIANCE_STATES or unit_id not in by_id:
            continue
        own = by_id[unit_id].own.setdefault(employee_type, _empty_counts())
        own[state] += count
        # Roll up: the unit and every ancestor on its path within the report.
        for ancestor_id in (int(pk) for pk in by_id[unit_id].unit.path.strip("/").split("/") if pk):
            if ancestor_id in by_id:
                total = by_id[ancestor_id].total.setdefault(employee_type, _empty_counts())
                total[state] += count
    return [by_id[u.pk] for u in units]


def compliance_by_work_unit(as_of=None, *, source=None):
    """Per work unit (its own members): learners meeting the target, below it, and without training."""
    rows = []
    for unit in unit_compliance(None, as_of, source=source):
        own = UnitCompliance(unit.unit, own=unit.own, total=unit.own)
        if own.learners:
            rows.append(own)
    return rows


LEARNER_FIELDS = ("pk", "username", "first_name", "last_name")


def people_in(unit, as_of=None, *, state=None, employee_type=None, source=None):
    """The learners of ``unit``'s subtree on ``as_of`` with their figures (the people behind a number)."""
    as_of = as_of or dates.today()
    members = WorkUnitMembership.objects.filter(people.on_day(as_of), work_unit__path__startswith=unit.path).values(
        "user_id"
    )
    users = get_user_model().objects.filter(pk__in=members).order_by("username")
    rows = _learner_figures(
        users.values(*LEARNER_FIELDS), "kemenag_ledger", as_of, profile_prefix="kemenag_profile__", source=source
    )
    rows = rows.filter(state=state) if state else rows.exclude(state=rules.NO_TARGET)
    if employee_type:
        rows = rows.filter(employee_kind=employee_type)
    return rows.values_list(*LEARNER_FIELDS, "employee_kind", "jp_year", "jp_24", "last_on", "state")


def first_people(unit, count, as_of=None, **filters):
    """The first ``count`` rows of ``people_in`` (by username), as the officers' page lists them.

    Sliced here rather than by SQL LIMIT: with a LIMIT, MariaDB walks every user in username order
    looking for the unit's members (10x slower for a province); without it, the unit's members are
    found first and sorted.
    """
    return list(islice(people_in(unit, as_of, **filters).iterator(chunk_size=count), count))


def iter_learner_rows(as_of=None, page_size=5000, *, source=None):
    """Every learner with their figures, in pages keyed on the user id: constant memory on any database.

    Each page is first bounded by id (an index range), so the aggregate only ever joins one
    page of learners, never "every learner after this one".
    """
    as_of = as_of or dates.today()
    users = get_user_model().objects.order_by("pk")
    last_pk = 0
    while True:
        ids = list(users.filter(pk__gt=last_pk).values_list("pk", flat=True)[:page_size])
        if not ids:
            return
        page = users.filter(pk__gt=last_pk, pk__lte=ids[-1]).values(*LEARNER_FIELDS)
        units = _units_on(ids, as_of)
        figures = _learner_figures(page, "kemenag_ledger", as_of, profile_prefix="kemenag_profile__", source=source)
        for row in figures.values_list(*LEARNER_FIELDS, "jp_year", "jp_24", "state"):
            yield (*row[:4], units.get(row[0]), *row[4:])
        last_pk = ids[-1]


def _units_on(user_ids, day):
    return dict(
        WorkUnitMembership.objects.filter(people.on_day(day), user_id__in=user_ids).values_list(
            "user_id", "work_unit__code"
        )
    )


def cohort_report(course_key, as_of=None, *, source=None):
    """The course's learners (enrolled, or credited for the course) and their status."""
    as_of = as_of or dates.today()
    course_key = str(course_key)
    members = CohortMember.objects.filter(course_key=course_key).values("user_id")
    credited = LedgerEntry.objects.filter(source_key=course_key).values("user_id")
    users = get_user_model().objects.filter(Q(pk__in=members) | Q(pk__in=credited)).order_by("username")
    figures = _learner_figures(
        users.values(*LEARNER_FIELDS), "kemenag_ledger", as_of, profile_prefix="kemenag_profile__", source=source
    )
    raw = list(figures.values_list(*LEARNER_FIELDS, "jp_year", "jp_24", "state"))
    units = _units_on([r[0] for r in raw], as_of)
    rows = [(*r[:4], units.get(r[0]), *r[4:]) for r in raw]
    counts = {state: 0 for state in rules.COMPLIANCE_STATES}
    without_target = 0
    for row in rows:
        if row[-1] == rules.NO_TARGET:
            without_target += 1
        else:
            counts[row[-1]] += 1
    return {"as_of": as_of, "target": yearly_target(), "counts": counts, "no_target": without_target, "rows": rows}
