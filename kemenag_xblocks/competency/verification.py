"""Who verifies an external training, and the queue they work from (decision 0004).

The HR officers of the learner's unit verify, never the staff of whichever course the training
was reported through: an officer of a unit oversees its whole subtree. The unit is the one the
learner was in when the training ended (a transfer moves later trainings, not earlier ones), or
their unit today when no membership covers that day (a new hire reporting earlier training).
"""

from django.db.models import Exists, OuterRef, Q

from kemenag_xblocks.competency import dates, people
from kemenag_xblocks.competency.models import LedgerEntry, WorkUnitMembership


def _covering(day_ref, paths=None):
    memberships = WorkUnitMembership.objects.filter(user_id=OuterRef("user_id"), start__lte=day_ref).filter(
        Q(end__isnull=True) | Q(end__gt=day_ref)
    )
    if paths is not None:
        in_scope = Q()
        for path in paths:
            in_scope |= Q(work_unit__path__startswith=path)
        memberships = memberships.filter(in_scope) if paths else memberships.none()
    return Exists(memberships)


def overseen(entries, officer_id, units=None):
    """``entries`` narrowed to the learners an officer oversees (optionally within ``units``)."""
    own = people.officer_units(officer_id)
    paths = [u.path for u in own]
    if units is not None:
        paths = [u.path for u in units if any(u.path.startswith(p) for p in paths)]
    if not paths:
        return entries.none()
    today = dates.today()
    at_the_time = _covering(OuterRef("completed_on"), paths)
    none_then = ~_covering(OuterRef("completed_on"))
    now = _covering(today, paths)
    return entries.filter(at_the_time | (none_then & now))


def queue(officer_id, unit=None):
    """Pending external trainings the officer may decide, oldest first (optionally one unit's subtree)."""
    pending = LedgerEntry.objects.filter(source=LedgerEntry.Source.EXTERNAL, status=LedgerEntry.Status.PENDING)
    units = people.subtree(unit) if unit is not None else None
    return (
        overseen(pending, officer_id, list(units) if units is not None else None)
        .select_related("user", "training_kind")
        .order_by("created")
    )


def may_decide(officer_id, entry):
    return overseen(LedgerEntry.objects.filter(pk=entry.pk), officer_id).exists()
