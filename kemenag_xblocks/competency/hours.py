"""JP from time, and JP as SIASN counts them.

* ``jp_from_minutes``: one JP is ``KEMENAG_MINUTES_PER_JP`` minutes (45 by default: the usual
  convention; no source fixes it). Rounded down to 0.01 JP, so a partial minute never adds JP.
* ``convert``: non-classical learning (coaching, mentoring, e-learning, self-study, internships…)
  in JP through ``KEMENAG_JP_CONVERSIONS``, the operator's table from Peraturan LAN 10/2018. It
  ships empty: the plugin never invents a conversion. Its shape::

      KEMENAG_JP_CONVERSIONS = {
          "coaching": {"unit": "session", "jp_per_unit": "2"},   # numbers: the operator's
          "magang":   {"unit": "day",     "jp_per_unit": "..."},
      }

  ``unit`` is what a quantity counts (any word the operator uses: session, day, hour, module);
  ``jp_per_unit`` a decimal as text.
* ``siasn_hours``: SIASN's ``jumlahJam`` is a whole number; it is the JP rounded DOWN (1.5 JP is
  1, never 2), so an export never reports more hours than were earned.
"""

from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured

from kemenag_xblocks.conf import setting

CENT = Decimal("0.01")


def minutes_per_jp():
    value = Decimal(str(setting("KEMENAG_MINUTES_PER_JP")))
    if value <= 0:
        raise ImproperlyConfigured("KEMENAG_MINUTES_PER_JP must be more than 0")
    return value


def jp_from_minutes(minutes):
    """JP for a duration in minutes, rounded down to 0.01."""
    minutes = Decimal(str(minutes))
    if minutes < 0:
        raise ValueError("minutes cannot be negative")
    return (minutes / minutes_per_jp()).quantize(CENT, rounding=ROUND_DOWN)


class NotConfigured(LookupError):
    """The operator's table has no conversion for this form of learning."""


def conversions():
    return dict(setting("KEMENAG_JP_CONVERSIONS") or {})


def convert(form, quantity):
    """JP for ``quantity`` units of a non-classical form, from the operator's table (rounded down)."""
    entry = conversions().get(form)
    if entry is None:
        raise NotConfigured(form)
    try:
        rate = Decimal(str(entry["jp_per_unit"]))
    except (KeyError, InvalidOperation):
        raise ImproperlyConfigured(f"KEMENAG_JP_CONVERSIONS[{form!r}] needs a decimal 'jp_per_unit'") from None
    return (Decimal(str(quantity)) * rate).quantize(CENT, rounding=ROUND_DOWN)


def siasn_hours(jp):
    """SIASN's whole ``jumlahJam`` for a JP value: rounded down, never over-reporting."""
    return int(Decimal(str(jp)).to_integral_value(rounding=ROUND_DOWN))
