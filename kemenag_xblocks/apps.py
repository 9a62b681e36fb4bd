"""The plugin app: models, migrations, settings and signal receivers that outlive one block.

Open edX discovers it through the ``lms.djangoapp`` and ``cms.djangoapp`` entry points
(edx-django-utils plugin apps), so operators add nothing to INSTALLED_APPS by hand.
"""

from django.apps import AppConfig
from edx_django_utils.plugins.constants import PluginSettings, PluginSignals

_PROJECTS = ("lms.djangoapp", "cms.djangoapp")


class KemenagXBlocksConfig(AppConfig):
    name = "kemenag_xblocks"
    label = "kemenag_xblocks"
    verbose_name = "Kemenag Digital Learning Center"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginSettings.CONFIG: {
            project: {
                "common": {PluginSettings.RELATIVE_PATH: "settings.common"},
                "production": {PluginSettings.RELATIVE_PATH: "settings.production"},
            }
            for project in _PROJECTS
        },
        # openedx-events receivers are listed here as the issues that need them land.
        PluginSignals.CONFIG: {
            project: {PluginSignals.RELATIVE_PATH: "receivers", PluginSignals.RECEIVERS: []} for project in _PROJECTS
        },
    }
