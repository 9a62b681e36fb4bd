"""Defaults of the plugin's settings, applied by edx-django-utils in the LMS and Studio.

Code reads settings through :func:`kemenag_xblocks.conf.setting`, which falls back to
these defaults, so the workbench and tests need no plugin settings machinery.
"""

from kemenag_xblocks.conf import DEFAULTS


def plugin_settings(settings):
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
