"""Celery tasks: harvesting runs on a worker, never on a page request.

``harvest_due_sources`` is the periodic one: the plugin's settings add it to Celery beat's schedule
every ``KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES`` (``schedule.py``); a beat process must run (the
Tutor plugin adds one). ``harvest_all_sources`` harvests every enabled source now; operators can
also run ``manage.py kemenag_harvest_resources``. In the demo and tests Celery runs eagerly (inline).
"""

import logging

from celery import shared_task
from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from kemenag_xblocks.conf import setting
from kemenag_xblocks.resources import harvest, schedule, search
from kemenag_xblocks.resources.models import HarvestRun, ResourceSource

log = logging.getLogger(__name__)


@shared_task(
    name="kemenag_xblocks.resources.harvest_source",
    ignore_result=True,
    soft_time_limit=int(schedule.RUN_TIME_LIMIT.total_seconds()),
)
def harvest_source(source_id):
    run = harvest.harvest(source_id)
    return run.pk


@shared_task(name="kemenag_xblocks.resources.harvest_all_sources", ignore_result=True)
def harvest_all_sources():
    # One task per source: a slow repository delays only itself.
    for source_id in ResourceSource.objects.filter(enabled=True).values_list("pk", flat=True):
        queue(harvest_source, source_id)


def due_sources(now=None):
    """The ids of the enabled sources the periodic run harvests at ``now`` (``schedule.is_due``)."""
    now = now or timezone.now()
    minutes = schedule.every_minutes(setting("KEMENAG_RESOURCES_HARVEST_EVERY_MINUTES"))
    since = now - schedule.RUN_TIME_LIMIT
    sources = (
        ResourceSource.objects.filter(enabled=True)
        .annotate(
            last_started=Max("runs__started"),
            running_since=Max("runs__started", filter=Q(runs__status=HarvestRun.RUNNING, runs__started__gte=since)),
        )
        .order_by("pk")
    )
    return [
        source.pk
        for source in sources
        if schedule.is_due(now, minutes, last_started=source.last_started, running_since=source.running_since)
    ]


@shared_task(name=schedule.TASK, ignore_result=True)
def harvest_due_sources():
    """Celery beat's task: one harvest task per due source (a source that fails, or cannot even be
    queued, never stops the others), then the search's word counts recounted (``search.count_terms``).
    Returns the ids of the sources queued."""
    queued = []
    for source_id in due_sources():
        try:
            queue(harvest_source, source_id)
        except Exception:  # a broken source or broker must not stop the other sources
            log.exception("periodic harvest of source %s could not run", source_id)
            continue
        queued.append(source_id)
    try:
        search.count_terms()
    except Exception:
        log.exception("recounting the catalogue's words failed")
    return queued


def queue(task, *args):
    """Send ``task`` to a worker; inline where Celery runs eagerly (the demo and tests), as the
    project's other tasks do (no Celery app reads Django settings there)."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return task.apply(args)
    return task.delay(*args)
