"""The plugin app: models, migrations, settings and signal receivers that outlive one block.

Open edX discovers it through the ``lms.djangoapp`` and ``cms.djangoapp`` entry points
(edx-django-utils plugin apps), so operators add nothing to INSTALLED_APPS by hand.
"""

from django.apps import AppConfig
from edx_django_utils.plugins.constants import PluginSettings, PluginSignals, PluginURLs

_PROJECTS = ("lms.djangoapp", "cms.djangoapp")

# openedx-events receivers (functions in ``kemenag_xblocks.competency.receivers``), one per signal.
RECEIVERS = [
    {
        PluginSignals.RECEIVER_FUNC_NAME: "record_course_passed",
        PluginSignals.SIGNAL_PATH: "openedx_events.learning.signals.COURSE_PASSING_STATUS_UPDATED",
    },
    {
        PluginSignals.RECEIVER_FUNC_NAME: "record_certificate",
        PluginSignals.SIGNAL_PATH: "openedx_events.learning.signals.CERTIFICATE_CREATED",
    },
    {
        PluginSignals.RECEIVER_FUNC_NAME: "withdraw_certificate",
        PluginSignals.SIGNAL_PATH: "openedx_events.learning.signals.CERTIFICATE_REVOKED",
    },
    {
        PluginSignals.RECEIVER_FUNC_NAME: "record_enrollment",
        PluginSignals.SIGNAL_PATH: "openedx_events.learning.signals.COURSE_ENROLLMENT_CREATED",
    },
    {
        # The "sso" identity source: NIP, pnsOrangId and type from the sign-in's claims.
        PluginSignals.RECEIVER_FUNC_NAME: "identity_from_claims",
        PluginSignals.SIGNAL_PATH: "django.contrib.auth.signals.user_logged_in",
    },
]
RECEIVERS_MODULE = "competency.receivers"
# The app through which the platform connects plugin receivers (edx-platform's PluginsConfig).
_PLATFORM_PLUGINS_APP = "openedx.core.djangoapps.plugins"


class KemenagXBlocksConfig(AppConfig):
    name = "kemenag_xblocks"
    label = "kemenag_xblocks"
    verbose_name = "Kemenag Digital Learning Center"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        # Streamed file downloads (``kemenag_xblocks.views``), at /kemenag/ in the LMS and Studio.
        PluginURLs.CONFIG: {
            project: {
                PluginURLs.NAMESPACE: "kemenag_xblocks",
                PluginURLs.REGEX: r"^kemenag/",
                PluginURLs.RELATIVE_PATH: "urls",
            }
            for project in _PROJECTS
        },
        PluginSettings.CONFIG: {
            project: {
                "common": {PluginSettings.RELATIVE_PATH: "settings.common"},
                "production": {PluginSettings.RELATIVE_PATH: "settings.production"},
            }
            for project in _PROJECTS
        },
        PluginSignals.CONFIG: {
            project: {PluginSignals.RELATIVE_PATH: RECEIVERS_MODULE, PluginSignals.RECEIVERS: RECEIVERS}
            for project in _PROJECTS
        },
    }

    def ready(self):
        from django.apps import apps

        # Inside the LMS/CMS the platform connects plugin receivers itself; elsewhere (the
        # workbench, tests) nobody does, so connect them here. Either way the dispatch uid is
        # the one edx-django-utils uses, so a second connection is ignored, never doubled.
        if not apps.is_installed(_PLATFORM_PLUGINS_APP):
            connect_receivers()


def connect_receivers():
    """Connect ``RECEIVERS`` as edx-django-utils would (same dispatch uids)."""
    from importlib import import_module

    from kemenag_xblocks.competency import receivers

    for config in RECEIVERS:
        module_path, _, name = config[PluginSignals.SIGNAL_PATH].rpartition(".")
        signal = getattr(import_module(module_path), name)
        func = getattr(receivers, config[PluginSignals.RECEIVER_FUNC_NAME])
        signal.connect(func, dispatch_uid=f"{func.__module__}.{func.__name__}")
