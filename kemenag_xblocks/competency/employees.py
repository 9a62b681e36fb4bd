"""Who a learner is for the JP rules: the employee type and its yearly target.

* PNS (civil servants): at least 20 JP a year (PP 11/2017 art. 203(4)); the target is settable.
* PPPK (contract employees): an entitlement of at most 24 JP a year (Peraturan LAN 15/2020); the
  target is settable but never above that cap, and a year's JP counted for them stop at it.
* Non-ASN staff of the ministry and the public (the MOOC is open to anyone): no target and not in
  compliance figures, but they still earn JP, transcripts and certificates.

``KEMENAG_JP_TARGETS`` maps a type to its target (``None``: no target); a type it does not name
has ``KEMENAG_JP_YEARLY_TARGET`` (PPPK: at most 24).
"""

from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_noop as _

from kemenag_xblocks.conf import setting

PPPK_CAP = Decimal(24)


class EmployeeType(models.TextChoices):
    PNS = "pns", _("Civil servant (PNS)")
    PPPK = "pppk", _("Contract employee (PPPK)")
    NON_ASN = "non_asn", _("Non-ASN staff")
    PUBLIC = "public", _("Public")


def target_for(employee_type):
    """The yearly JP target of a type as a Decimal, or None when the type has none."""
    employee_type = employee_type or default_type()
    if employee_type not in (EmployeeType.PNS, EmployeeType.PPPK):
        return None
    targets = setting("KEMENAG_JP_TARGETS") or {}
    if str(employee_type) in targets:
        value = targets[str(employee_type)]
        if value is None:
            return None
    else:
        value = setting("KEMENAG_JP_YEARLY_TARGET")
        if employee_type == EmployeeType.PPPK:
            value = min(Decimal(str(value)), PPPK_CAP)
    target = Decimal(str(value))
    if target < 0:
        raise ImproperlyConfigured(f"KEMENAG_JP_TARGETS[{employee_type!r}] cannot be negative")
    if employee_type == EmployeeType.PPPK and target > PPPK_CAP:
        raise ImproperlyConfigured(f"KEMENAG_JP_TARGETS['pppk'] cannot exceed the PPPK entitlement of {PPPK_CAP} JP")
    return target


def yearly_cap(employee_type):
    """The most JP a year can count for this type (None: no cap)."""
    return PPPK_CAP if (employee_type or default_type()) == EmployeeType.PPPK else None


def counted_this_year(employee_type, jp_this_year):
    """The year's JP as the type's entitlement counts them (PPPK stop at 24)."""
    cap = yearly_cap(employee_type)
    return min(jp_this_year, cap) if cap is not None else jp_this_year


def in_compliance(employee_type):
    """Whether people of this type appear in compliance figures (only types with a target)."""
    return target_for(employee_type) is not None


def default_type():
    """The type of a learner without a profile (``KEMENAG_JP_DEFAULT_EMPLOYEE_TYPE``)."""
    return setting("KEMENAG_JP_DEFAULT_EMPLOYEE_TYPE")
