"""Celery tasks: harvesting runs on a worker, never on a page request.

Schedule ``harvest_all_sources`` with Celery beat (e.g. nightly); operators can also run
``manage.py kemenag_harvest_resources``. In the demo and tests Celery runs eagerly (inline).
"""

from celery import shared_task
from django.conf import settings

from kemenag_xblocks.resources import harvest
from kemenag_xblocks.resources.models import ResourceSource


@shared_task(name="kemenag_xblocks.resources.harvest_source", ignore_result=True, soft_time_limit=3600)
def harvest_source(source_id):
    run = harvest.harvest(source_id)
    return run.pk


@shared_task(name="kemenag_xblocks.resources.harvest_all_sources", ignore_result=True)
def harvest_all_sources():
    # One task per source: a slow repository delays only itself.
    for source_id in ResourceSource.objects.filter(enabled=True).values_list("pk", flat=True):
        queue(harvest_source, source_id)


def queue(task, *args):
    """Send ``task`` to a worker; inline where Celery runs eagerly (the demo and tests), as the
    project's other tasks do (no Celery app reads Django settings there)."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return task.apply(args)
    return task.delay(*args)
