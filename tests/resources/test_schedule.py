"""Harvesting on a schedule: the Celery beat entry the plugin's settings add (read by real Celery
apps, as edx-platform's and the demo's read Django settings), and the periodic task harvesting the
due sources from the real OAI-PMH test server (tests/resources/oai_server.py)."""

from datetime import timedelta

import pytest
from celery import Celery
from django.utils import timezone

from kemenag_xblocks.resources import schedule, tasks
from kemenag_xblocks.resources.models import HarvestRun, ResourceRecord
from kemenag_xblocks.settings import common, production

PLATFORM_ENTRY = {"task": "openedx.core.djangoapps.something.tasks.cleanup", "schedule": 3600.0}


class PlatformSettings:
    """A platform's settings module as the plugin's ``plugin_settings`` receives it."""

    def __init__(self, **values):
        self.CELERYBEAT_SCHEDULE = {"platform-cleanup": dict(PLATFORM_ENTRY)}
        self.CELERY_BEAT_SCHEDULE = {"platform-cleanup": dict(PLATFORM_ENTRY)}
        self.CELERY_ALWAYS_EAGER = False
        for name, value in values.items():
            setattr(self, name, value)


def beat_schedule(settings, namespace=None):
    """What a Celery app configured from these settings would schedule."""
    app = Celery("platform", set_as_current=False)
    app.config_from_object(settings, namespace=namespace)
    return app.conf.beat_schedule


@pytest.mark.parametrize("namespace", [None, "CELERY"], ids=["edx-platform (no namespace)", "CELERY_ namespace"])
def test_plugin_settings_add_the_harvest_to_celery_beat_and_keep_the_platforms_entries(namespace):
    settings = PlatformSettings()
    common.plugin_settings(settings)
    scheduled = beat_schedule(settings, namespace)
    assert scheduled["platform-cleanup"] == PLATFORM_ENTRY
    entry = scheduled[schedule.ENTRY]
    assert entry["task"] == "kemenag_xblocks.resources.harvest_due_sources" == tasks.harvest_due_sources.name
    assert entry["schedule"] == timedelta(minutes=360)
    assert set(scheduled) == {"platform-cleanup", schedule.ENTRY}


def test_the_operator_sets_the_interval_or_turns_the_entry_off():
    settings = PlatformSettings(KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES=60)
    common.plugin_settings(settings)
    assert beat_schedule(settings)[schedule.ENTRY]["schedule"] == timedelta(minutes=60)
    for off in (0, "0", None, "off"):
        settings = PlatformSettings(KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES=off)
        common.plugin_settings(settings)
        assert beat_schedule(settings) == {"platform-cleanup": PLATFORM_ENTRY}
        assert beat_schedule(settings, "CELERY") == {"platform-cleanup": PLATFORM_ENTRY}


def test_production_settings_apply_the_operators_env_tokens_to_the_entry():
    settings = PlatformSettings(ENV_TOKENS={"KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES": 1440})
    production.plugin_settings(settings)
    assert beat_schedule(settings)[schedule.ENTRY]["schedule"] == timedelta(days=1)
    settings = PlatformSettings(ENV_TOKENS={"KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES": 0})
    production.plugin_settings(settings)
    assert schedule.ENTRY not in beat_schedule(settings)
    assert beat_schedule(settings)["platform-cleanup"] == PLATFORM_ENTRY


def test_a_schedule_the_platform_left_empty_gets_the_entry():
    class Bare:
        pass

    settings = Bare()
    common.plugin_settings(settings)
    assert set(settings.CELERYBEAT_SCHEDULE) == set(settings.CELERY_BEAT_SCHEDULE) == {schedule.ENTRY}


def test_which_sources_are_due():
    now = timezone.now()
    assert schedule.is_due(now, 360)  # never harvested
    assert not schedule.is_due(now, 360, last_started=now - timedelta(minutes=30))  # harvested by hand
    # The previous tick's run, started a little late, does not make this tick skip the source.
    assert schedule.is_due(now, 360, last_started=now - timedelta(minutes=340))
    running = now - timedelta(minutes=5)
    assert not schedule.is_due(now, 360, last_started=now - timedelta(hours=9), running_since=running)
    # A run still marked running after the task's time limit died with its worker.
    assert schedule.is_due(now, 360, last_started=now - timedelta(hours=7), running_since=now - timedelta(hours=7))


def started(source, ago, status=HarvestRun.SUCCEEDED):
    run = HarvestRun.objects.create(source=source, status=status)
    HarvestRun.objects.filter(pk=run.pk).update(started=timezone.now() - ago)


@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_harvests_the_due_sources_and_skips_the_others(repository, make_source, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES = 360
    broken = make_source(repository.url("broken"), name="broken repository")  # fails first
    new = make_source(repository.url(), name="never harvested")
    stale = make_source(repository.url(), name="harvested yesterday", set_spec="jurnal:ART")
    started(stale, timedelta(days=1))
    recent = make_source(repository.url(), name="harvested an hour ago")
    started(recent, timedelta(hours=1))
    busy = make_source(repository.url(), name="harvest still running")
    started(busy, timedelta(minutes=10), HarvestRun.RUNNING)
    make_source(repository.url(), name="switched off", enabled=False)

    queued = tasks.harvest_due_sources()

    assert queued == [broken.pk, new.pk, stale.pk]
    fresh = HarvestRun.objects.filter(started__gte=timezone.now() - timedelta(minutes=5)).exclude(source=busy)
    assert sorted(fresh.values_list("source__name", "status")) == [
        ("broken repository", HarvestRun.FAILED),
        ("harvested yesterday", HarvestRun.SUCCEEDED),
        ("never harvested", HarvestRun.SUCCEEDED),
    ]
    # The broken repository failed on its second page; the sources after it were still harvested.
    assert "malformed XML" in HarvestRun.objects.get(source=broken).error
    assert ResourceRecord.objects.filter(source=new).count() == 5
    assert ResourceRecord.objects.filter(source=stale).count() == 4  # the set: four of the five
    assert not ResourceRecord.objects.filter(source__in=[recent, busy]).exists()
    # A second tick finds nothing due: each source was harvested moments ago.
    assert tasks.harvest_due_sources() == []
