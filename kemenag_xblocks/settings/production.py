"""Production settings: operators override the defaults from their own settings or Tutor config."""

from kemenag_xblocks.resources import schedule
from kemenag_xblocks.settings.common import plugin_settings as common_settings


def plugin_settings(settings):
    common_settings(settings)
    env_tokens = getattr(settings, "ENV_TOKENS", {}) or {}
    for name in list(env_tokens):
        if name.startswith("KEMENAG_"):
            setattr(settings, name, env_tokens[name])
    # Again with the operator's interval (or its 0: no entry).
    schedule.add_beat_entry(settings, settings.KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES)
