"""The receivers are wired through the plugin app's signals config, once, in and outside the platform."""

from edx_django_utils.plugins.constants import PluginSignals
from openedx_events.learning import signals

from kemenag_xblocks import apps, receivers

EXPECTED = {
    "COURSE_PASSING_STATUS_UPDATED": receivers.record_course_passed,
    "CERTIFICATE_CREATED": receivers.record_certificate,
    "CERTIFICATE_REVOKED": receivers.withdraw_certificate,
}


def _connected(signal, func):
    return [r for r in signal._live_receivers(None)[0] if r == func]


def test_plugin_signals_config_lists_each_receiver_for_lms_and_cms():
    config = apps.KemenagXBlocksConfig.plugin_app[PluginSignals.CONFIG]
    for project in ("lms.djangoapp", "cms.djangoapp"):
        listed = {
            r[PluginSignals.SIGNAL_PATH].rsplit(".", 1)[1]: r[PluginSignals.RECEIVER_FUNC_NAME]
            for r in config[project][PluginSignals.RECEIVERS]
        }
        assert listed == {name: func.__name__ for name, func in EXPECTED.items()}
        assert config[project][PluginSignals.RELATIVE_PATH] == "receivers"


def test_outside_the_platform_ready_connected_each_receiver_exactly_once():
    for name, func in EXPECTED.items():
        assert len(_connected(getattr(signals, name), func)) == 1


def test_connecting_again_as_edx_django_utils_would_never_doubles_a_receiver():
    from edx_django_utils.plugins import plugin_signals

    apps.connect_receivers()
    # edx-django-utils' own connection path, with its dispatch uid, as the LMS does at start-up.
    for config in apps.RECEIVERS:
        func = getattr(receivers, config[PluginSignals.RECEIVER_FUNC_NAME])
        signal = getattr(signals, config[PluginSignals.SIGNAL_PATH].rsplit(".", 1)[1])
        signal.connect(func, dispatch_uid=plugin_signals._get_dispatch_uuid(config, func))
    for name, func in EXPECTED.items():
        assert len(_connected(getattr(signals, name), func)) == 1
