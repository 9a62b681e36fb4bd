"""The JP rules, as pure functions: what a learner's ledger means against the yearly target.

* JP this calendar year against the target of the learner's employee type (``employees.py``:
  20 for a PNS by default; no target for non-ASN staff and the public);
* JP in the last 24 months, and the "no training in the last two years" flag that the
  ministry's professionalism test used as its indicator;
* JP by competency type, and the JP still needed this year.

Only counted entries (recorded courses, verified external trainings) are passed in.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

MEETS = "meets"
BELOW = "below"
NONE_IN_TWO_YEARS = "none"
NO_TARGET = "no_target"  # non-ASN staff and the public: not in compliance figures
COMPLIANCE_STATES = (MEETS, BELOW, NONE_IN_TWO_YEARS)


def status(jp_this_year, trained_in_window, target):
    """THE status rule, used by summaries and (through ``status_sql``) by every report.

    No target: ``no_target``; no counted training in the 24-month window: ``none`` (before any
    shortfall: it is the ministry's indicator); then ``meets`` or ``below`` the year's target.
    """
    if target is None:
        return NO_TARGET
    if not trained_in_window:
        return NONE_IN_TWO_YEARS
    return MEETS if Decimal(jp_this_year or 0) >= Decimal(str(target)) else BELOW


def status_sql(jp_year, last_on, target):
    """``status`` as an SQL expression over annotated per-learner aggregates: the same order of
    cases, so the reports cannot disagree with a learner's own page (tests prove it on a grid).

    ``jp_year``: the year's counted JP; ``last_on``: the latest counted completion inside the
    window (NULL when none); ``target``: the learner's target (NULL when none); all annotation names.
    """
    from django.db.models import Case, CharField, F, Q, Value, When

    return Case(
        When(Q(**{f"{target}__isnull": True}), then=Value(NO_TARGET)),
        When(Q(**{f"{last_on}__isnull": True}), then=Value(NONE_IN_TWO_YEARS)),
        When(Q(**{f"{jp_year}__gte": F(target)}), then=Value(MEETS)),
        default=Value(BELOW),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class Credit:
    """One counted ledger entry, as the rules see it."""

    jp: Decimal
    completed_on: date
    competency_type: str


@dataclass(frozen=True)
class Summary:
    as_of: date
    target: Decimal
    jp_this_year: Decimal
    jp_last_24_months: Decimal
    by_type: dict = field(default_factory=dict)

    @property
    def has_target(self):
        return self.target is not None

    @property
    def jp_needed(self):
        if self.target is None:
            return Decimal(0)
        return max(self.target - self.jp_this_year, Decimal(0))

    @property
    def no_training_in_two_years(self):
        return self.jp_last_24_months <= 0

    @property
    def status(self):
        return status(self.jp_this_year, not self.no_training_in_two_years, self.target)

    @property
    def percent_of_target(self):
        """0-100, for the progress bar (a target of 0, or none, is always met)."""
        if self.target is None or self.target <= 0:
            return 100
        return int(min(self.jp_this_year / self.target, 1) * 100)


def two_years_before(as_of):
    """The same calendar day 24 months earlier (29 February falls back to the 28th)."""
    try:
        return as_of.replace(year=as_of.year - 2)
    except ValueError:
        return as_of.replace(year=as_of.year - 2, day=28)


def summarise(credits, as_of, target):
    """A learner's summary on ``as_of`` from their counted credits; future-dated ones are ignored.
    ``target`` None: the learner's type has no target (figures still summed)."""
    target = None if target is None else Decimal(str(target))
    window_start = two_years_before(as_of)
    this_year = last_24 = Decimal(0)
    by_type = {}
    for credit in credits:
        if credit.completed_on > as_of:
            continue
        jp = Decimal(credit.jp)
        if credit.completed_on.year == as_of.year:
            this_year += jp
            by_type[credit.competency_type] = by_type.get(credit.competency_type, Decimal(0)) + jp
        if credit.completed_on > window_start:
            last_24 += jp
    return Summary(as_of=as_of, target=target, jp_this_year=this_year, jp_last_24_months=last_24, by_type=by_type)


def format_jp(value):
    """``8`` not ``8.00``, ``7.5`` not ``7.50``: JP as people write them."""
    value = Decimal(value).quantize(Decimal("0.01")).normalize()
    return f"{value:f}"


def display_jp(value):
    """JP for people in the active language: ``7,5`` in Indonesian, ``7.5`` in English."""
    return formats.number_format(Decimal(format_jp(value)), use_l10n=True)


def status_text(summary):
    """The status in words, as learners and staff read it."""
    if summary.status == NO_TARGET:
        return _("{jp} JP this year (no yearly target for you)").format(jp=display_jp(summary.jp_this_year))
    if summary.status == NONE_IN_TWO_YEARS:
        return _("No training in the last 2 years")
    if summary.status == MEETS:
        return _("Meets {target} JP").format(target=display_jp(summary.target))
    return _("Short by {needed} JP").format(needed=display_jp(summary.jp_needed))
