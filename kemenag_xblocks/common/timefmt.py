"""Moments as people read them: in their time zone, in their language, with the zone named.

Stored times are UTC. A learner in Makassar reads a hand-in time as "1 Des. 2026, 15.05 WITA", one
in Jakarta as "... 14.05 WIB"; a zone without an Indonesian name gets its own abbreviation
("UTC", "+09"). Which zone: the user's ``time_zone`` preference when the runtime's user service
passes it (the LMS sends ``edx-platform.user_preferences``), otherwise the platform's
``KEMENAG_TIME_ZONE`` (default Asia/Jakarta). Every block formats times through here.
"""

import datetime
import zoneinfo

from django.utils import formats

from kemenag_xblocks.conf import setting

# Indonesia's three time zones, by every IANA name that means them.
INDONESIAN_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}
PREFERENCES_ATTR = "edx-platform.user_preferences"


def zone(name):
    """The ``ZoneInfo`` called ``name``; the platform's zone for an empty or unknown name."""
    for candidate in (name, setting("KEMENAG_TIME_ZONE"), "Asia/Jakarta"):
        if candidate:
            try:
                return zoneinfo.ZoneInfo(str(candidate))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return datetime.UTC


def zone_label(tz, moment):
    """ "WIB" / "WITA" / "WIT" for Indonesia's zones, otherwise the zone's own abbreviation."""
    key = getattr(tz, "key", None)
    if key in INDONESIAN_LABELS:
        return INDONESIAN_LABELS[key]
    return moment.astimezone(tz).tzname() or "UTC"


def in_zone(value, tz):
    """``value`` as a moment in ``tz`` (a naive value is taken as UTC, as the database stores it)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(tz)


def format_moment(value, tz=None, fmt="DATETIME_FORMAT"):
    """``value`` in ``tz`` (a ``ZoneInfo`` or a zone name), in the active language, zone labelled:
    "1 Des. 2026, 15.05 WIB". Empty text for no value."""
    if value is None:
        return ""
    tz = tz if isinstance(tz, datetime.tzinfo) else zone(tz)
    local = in_zone(value, tz)
    return f"{formats.date_format(local, fmt)} {zone_label(tz, local)}"


def preferred_zone_name(preferences):
    """The ``time_zone`` preference out of the user service's preferences (or None)."""
    if isinstance(preferences, dict):
        return preferences.get("time_zone") or None
    return None


def user_zone(block):
    """The zone to show ``block``'s current user times in: their preference, else the platform's."""
    service = block.runtime.service(block, "user")
    user = service.get_current_user() if service else None
    attrs = getattr(user, "opt_attrs", {}) or {}
    return zone(preferred_zone_name(attrs.get(PREFERENCES_ATTR)))


def to_local_input(value, tz):
    """``value`` as a ``<input type=datetime-local>`` reads it in ``tz`` ("2026-12-31T23:59"), or ""."""
    if value is None:
        return ""
    return in_zone(value, tz).strftime("%Y-%m-%dT%H:%M")


def from_local_input(text, tz):
    """The UTC moment an ``<input type=datetime-local>`` value means in ``tz``; None for empty text,
    ValueError for anything else that is not such a value."""
    text = str(text or "").strip()
    if not text:
        return None
    local = datetime.datetime.fromisoformat(text)
    if local.tzinfo is not None:
        return local.astimezone(datetime.UTC)
    return local.replace(tzinfo=tz).astimezone(datetime.UTC)
