"""When sources are harvested by themselves: the Celery beat entry the plugin's settings add, and
which sources a periodic run harvests. Pure functions (no database, no Django settings object of
their own)."""

from datetime import timedelta

TASK = "kemenag_xblocks.resources.harvest_due_sources"
ENTRY = "kemenag-resources-harvest"
DEFAULT_MINUTES = 360
# A harvest task is stopped after this long (tasks.harvest_source's soft time limit): a run still
# marked running after it died with its worker, and no longer keeps its source from being harvested.
RUN_TIME_LIMIT = timedelta(hours=1)
# A source whose last run started within this share of the interval was harvested recently (by the
# previous tick, which may have started a little late, or by hand) and waits for the next tick.
RECENT_SHARE = 0.9
# Celery reads the schedule under the old name when its app reads Django settings without a
# namespace (edx-platform's ``APP.config_from_object("django.conf:settings")``) and under the new
# one with ``namespace="CELERY"`` (the demo's app): the entry goes into both, beside what is there.
SCHEDULE_SETTINGS = ("CELERYBEAT_SCHEDULE", "CELERY_BEAT_SCHEDULE")


def every_minutes(value):
    """The setting as minutes, or None when periodic harvesting is off (0, empty, None, "off")."""
    if value in (None, "", False) or str(value).strip().lower() in ("0", "off", "false", "none"):
        return None
    minutes = float(value)
    if minutes <= 0:
        return None
    return minutes


def beat_entry(minutes):
    return {"task": TASK, "schedule": timedelta(minutes=minutes), "options": {"expires": minutes * 60}}


def add_beat_entry(settings, value):
    """Add (or, when harvesting on a schedule is off, take out) our entry in the beat schedule
    settings, keeping every entry the platform or the operator already has there."""
    minutes = every_minutes(value)
    for name in SCHEDULE_SETTINGS:
        schedule = dict(getattr(settings, name, None) or {})
        schedule.pop(ENTRY, None)
        if minutes:
            schedule[ENTRY] = beat_entry(minutes)
        setattr(settings, name, schedule)


def is_due(now, minutes, last_started=None, running_since=None):
    """Whether a source is harvested by the periodic run at ``now``: not when one of its runs started
    within the last ``RECENT_SHARE`` of the interval, nor while a run of it is still going (for at
    most ``RUN_TIME_LIMIT``)."""
    if running_since is not None and now - running_since < RUN_TIME_LIMIT:
        return False
    if last_started is None:
        return True
    return now - last_started >= timedelta(minutes=(minutes or DEFAULT_MINUTES) * RECENT_SHARE)
