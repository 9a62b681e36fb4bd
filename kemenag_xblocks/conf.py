"""The plugin's settings and their defaults: one place to read them from."""

from django.conf import settings

DEFAULTS = {
    # Django STORAGES alias for uploaded files (disk in the demo, S3 via django-storages in production).
    "KEMENAG_STORAGE_ALIAS": "default",
    # Student ids the demo's user service treats as course staff.
    "KEMENAG_DEMO_STAFF_IDS": ("staff",),
}


def setting(name):
    """The value of a KEMENAG_* setting, or its default."""
    return getattr(settings, name, DEFAULTS[name])
