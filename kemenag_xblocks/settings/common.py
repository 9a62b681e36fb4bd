"""Defaults of the plugin's settings, applied by edx-django-utils in the LMS and Studio.

Code reads settings through :func:`kemenag_xblocks.conf.setting`, which falls back to
these defaults, so the workbench and tests need no plugin settings machinery. Celery beat's
schedule is a platform setting: the periodic harvest is added to it here (resources/schedule.py).
"""

from kemenag_xblocks.conf import DEFAULTS
from kemenag_xblocks.resources import schedule


def plugin_settings(settings):
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
    schedule.add_beat_entry(settings, settings.KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES)
