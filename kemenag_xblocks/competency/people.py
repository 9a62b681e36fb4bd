"""People and organisation: a learner's profile (type, NIP, pnsOrangId), their dated unit
memberships, the unit hierarchy, and the HR officers scoped to a unit's subtree.

The identity source is the operator's choice (``KEMENAG_IDENTITY_SOURCE``, docs/competency.md):
the CSV import (``kemenag_import_work_units``), claims at sign-in (``identity_from_claims``, a
receiver of Django's ``user_logged_in`` through the ``KEMENAG_IDENTITY_CLAIMS`` hook), or the admin.
All three go through ``apply_identity``, which validates them the same way.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kemenag_xblocks.competency import dates, employees, nip
from kemenag_xblocks.competency.employees import EmployeeType
from kemenag_xblocks.competency.models import HrOfficer, LearnerProfile, WorkUnit, WorkUnitMembership
from kemenag_xblocks.conf import setting

log = logging.getLogger(__name__)


class InvalidIdentity(ValueError):
    """The message is translated and names the field that is wrong."""


# ---- profile ------------------------------------------------------------------------------------


def employee_type_of(user_id):
    found = LearnerProfile.objects.filter(user_id=user_id).values_list("employee_type", flat=True).first()
    return found or employees.default_type()


def clean_identity(employee_type, number="", pns_orang_id="", today=None):
    """``(employee_type, number or None, pns_orang_id)`` checked: a PNS NIP as a NIP, a PPPK number
    for its length only, and no number for the non-ASN and the public."""
    if employee_type not in EmployeeType.values:
        raise InvalidIdentity(_("Unknown employee type {value}.").format(value=employee_type))
    number = nip.digits_of(number)
    try:
        if number and employee_type == EmployeeType.PNS:
            number = nip.parse_nip(number, today=today or dates.today()).number
        elif number and employee_type == EmployeeType.PPPK:
            number = nip.parse_pppk_number(number)
        elif number:
            raise InvalidIdentity(_("Only PNS and PPPK have an employee number."))
    except nip.InvalidNumber as invalid:
        raise InvalidIdentity(str(invalid)) from None
    pns_orang_id = str(pns_orang_id or "").strip()
    if len(pns_orang_id) > 64 or any(ch.isspace() for ch in pns_orang_id):
        raise InvalidIdentity(_("pnsOrangId is BKN's id of the person: at most 64 characters, no spaces."))
    return employee_type, number or None, pns_orang_id


def apply_identity(user_id, *, employee_type, number="", pns_orang_id="", source):
    """Store a learner's identity from the operator's source (validated; raises ``InvalidIdentity``)."""
    employee_type, number, pns_orang_id = clean_identity(employee_type, number, pns_orang_id)
    if number and LearnerProfile.objects.filter(nip=number).exclude(user_id=user_id).exists():
        raise InvalidIdentity(_("This NIP already belongs to another learner."))
    LearnerProfile.objects.update_or_create(
        user_id=user_id,
        defaults={"employee_type": employee_type, "nip": number, "pns_orang_id": pns_orang_id, "source": source},
    )


def identity_from_claims(sender=None, request=None, user=None, **kwargs):
    """Receiver of Django's ``user_logged_in``: the sign-in's claims, when the operator chose "sso".

    ``KEMENAG_IDENTITY_CLAIMS`` names ``(request, user) -> dict | None`` giving ``employee_type``,
    ``nip`` and ``pns_orang_id`` (e.g. from the SSO provider's extra data). Bad claims are logged
    and never block the sign-in.
    """
    hook = setting("KEMENAG_IDENTITY_CLAIMS")
    if setting("KEMENAG_IDENTITY_SOURCE") != "sso" or not hook or user is None:
        return
    claims = import_string(hook)(request, user)
    if not claims:
        return
    try:
        apply_identity(
            user.pk,
            employee_type=claims.get("employee_type") or employees.default_type(),
            number=claims.get("nip") or "",
            pns_orang_id=claims.get("pns_orang_id") or "",
            source=LearnerProfile.Source.SSO,
        )
    except InvalidIdentity as invalid:
        log.warning("Sign-in claims of user %s not applied: %s", user.pk, invalid)


# ---- hierarchy ----------------------------------------------------------------------------------


def subtree(unit):
    """The unit and every unit under it (one index range on ``path``)."""
    return WorkUnit.objects.filter(path__startswith=unit.path)


def rebuild_paths():
    """Recompute every unit's ``path`` from its parents (after an import); refuses a cycle."""
    units = {u.pk: u for u in WorkUnit.objects.only("pk", "parent_id", "path")}

    def path_of(pk, seen=()):
        if pk in seen:
            raise ValueError(f"work units in a cycle: {sorted(seen)}")
        parent = units[pk].parent_id
        return (path_of(parent, (*seen, pk)) if parent else "/") + f"{pk}/"

    changed = []
    for pk, unit in units.items():
        path = path_of(pk)
        if unit.path != path:
            unit.path = path
            changed.append(unit)
    WorkUnit.objects.bulk_update(changed, ["path"], batch_size=1000)


# ---- memberships --------------------------------------------------------------------------------


def on_day(day):
    """Memberships that cover ``day``."""
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gt=day))


def unit_of(user_id, day=None):
    """The learner's unit on a day (today by default), or None."""
    day = day or dates.today()
    found = WorkUnitMembership.objects.filter(on_day(day), user_id=user_id).select_related("work_unit").first()
    return found.work_unit if found else None


def move(user_id, unit, start):
    """The learner works in ``unit`` from ``start``: the open membership ends the day they move.

    JP completed before ``start`` stay with the old unit; a repeat of the same move changes nothing.
    """
    with transaction.atomic():
        current = (
            WorkUnitMembership.objects.select_for_update().filter(user_id=user_id, end__isnull=True).order_by("-start")
        ).first()
        if current is not None and current.work_unit_id == unit.pk:
            return current
        if current is not None:
            if current.start >= start:
                # A correction of the latest move: it never started, the new one replaces it.
                current.delete()
            else:
                WorkUnitMembership.objects.filter(pk=current.pk).update(end=start)
        membership, _created = WorkUnitMembership.objects.update_or_create(
            user_id=user_id, start=start, defaults={"work_unit": unit, "end": None}
        )
        return membership


# ---- HR officers --------------------------------------------------------------------------------


def officer_units(user_id):
    """The units whose subtrees this user is an HR officer of."""
    return list(WorkUnit.objects.filter(officers__user_id=user_id))


def is_officer(user_id):
    return user_id is not None and HrOfficer.objects.filter(user_id=user_id).exists()


def may_oversee(user_id, unit):
    """Whether the user is an HR officer of ``unit`` or of a unit above it."""
    if user_id is None or unit is None:
        return False
    return any(unit.path.startswith(own.path) for own in officer_units(user_id))


def may_oversee_learner(officer_id, learner_id, day=None):
    """An officer may see and verify a learner who is in their subtree on ``day``."""
    return may_oversee(officer_id, unit_of(learner_id, day))
