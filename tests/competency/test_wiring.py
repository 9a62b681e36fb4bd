"""The receivers are wired through the plugin app's signals config, once, in and outside the platform."""

from importlib import import_module

from edx_django_utils.plugins.constants import PluginSignals

from kemenag_xblocks import apps
from kemenag_xblocks.competency import receivers

EXPECTED = {
    "openedx_events.learning.signals.COURSE_PASSING_STATUS_UPDATED": receivers.record_course_passed,
    "openedx_events.learning.signals.CERTIFICATE_CREATED": receivers.record_certificate,
    "openedx_events.learning.signals.CERTIFICATE_REVOKED": receivers.withdraw_certificate,
    "openedx_events.learning.signals.COURSE_ENROLLMENT_CREATED": receivers.record_enrollment,
    "django.contrib.auth.signals.user_logged_in": receivers.identity_from_claims,
}


def _signal(path):
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def _connected(signal, func):
    live = signal._live_receivers(None)
    live = live[0] if isinstance(live, tuple) else live
    return [r for r in live if r == func]


def test_plugin_signals_config_lists_each_receiver_for_lms_and_cms():
    config = apps.KemenagXBlocksConfig.plugin_app[PluginSignals.CONFIG]
    for project in ("lms.djangoapp", "cms.djangoapp"):
        listed = {
            r[PluginSignals.SIGNAL_PATH]: r[PluginSignals.RECEIVER_FUNC_NAME]
            for r in config[project][PluginSignals.RECEIVERS]
        }
        assert listed == {path: func.__name__ for path, func in EXPECTED.items()}
        # The receivers live with the tracker they serve (issue 15.6).
        assert config[project][PluginSignals.RELATIVE_PATH] == "competency.receivers"


def test_outside_the_platform_ready_connected_each_receiver_exactly_once():
    for path, func in EXPECTED.items():
        assert len(_connected(_signal(path), func)) == 1, path


def test_connecting_again_as_edx_django_utils_would_never_doubles_a_receiver():
    from edx_django_utils.plugins import plugin_signals

    apps.connect_receivers()
    # edx-django-utils' own connection path, with its dispatch uid, as the LMS does at start-up.
    for config in apps.RECEIVERS:
        func = getattr(receivers, config[PluginSignals.RECEIVER_FUNC_NAME])
        signal = _signal(config[PluginSignals.SIGNAL_PATH])
        signal.connect(func, dispatch_uid=plugin_signals._get_dispatch_uuid(config, func))
    for path, func in EXPECTED.items():
        assert len(_connected(_signal(path), func)) == 1, path
