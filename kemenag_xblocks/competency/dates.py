"""The day a JP counts on: dates that decide a year or the 24-month window, in one time zone.

The platform may run in UTC while its learners live in WIB, WITA or WIT. A completion at 00:30 WIB
on 1 January happened on 1 January for the learner and for their HR officer, so the ledger takes
every such date in ``KEMENAG_JP_TIME_ZONE`` (default ``Asia/Jakarta``), whatever ``TIME_ZONE``
the LMS runs in. See docs/decisions/0003-jp-window-and-time-zone.md.
"""

from zoneinfo import ZoneInfo

from django.utils import timezone

from kemenag_xblocks.conf import setting

# Indonesia's three zones, as people label them.
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def jp_zone():
    return ZoneInfo(setting("KEMENAG_JP_TIME_ZONE"))


def zone_label(zone=None):
    """``WIB``/``WITA``/``WIT`` for Indonesia's zones, else the zone's name."""
    name = str(zone or setting("KEMENAG_JP_TIME_ZONE"))
    return ZONE_LABELS.get(name, name)


def day_of(moment):
    """The calendar day of an instant in the JP time zone (naive instants are the server's time)."""
    if moment is None:
        return today()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(jp_zone()).date()


def today():
    """Today in the JP time zone."""
    return day_of(timezone.now())


def local_time(moment):
    """An instant in the JP time zone, for display with ``zone_label()``."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(jp_zone())
