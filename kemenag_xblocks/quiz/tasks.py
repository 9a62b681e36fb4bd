"""The attempts export: a Celery task writing a CSV to Django storage (the report store).

In the LMS it runs on a worker; in the demo and the tests CELERY_TASK_ALWAYS_EAGER runs it
inline. Rows are streamed from the database in chunks, never built in memory as a list.
"""

import csv
import io
import re
import uuid

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from kemenag_xblocks.conf import setting
from kemenag_xblocks.quiz.models import QuizAttempt, QuizDimensionScore

EXPORT_NAME = re.compile(r"attempts-[0-9a-f]{32}\.csv")
# The learner's identity, as the assignment's CSV names it (assignment/grades_csv.py EXPORT_HEADER).
IDENTITY_COLUMNS = ["username", "anonymous_id"]


def export_name(token):
    return f"attempts-{token}.csv"


def export_path(usage_key, name):
    """Where an export lives in storage: under the block, named by an unguessable token."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in usage_key)
    return f"kemenag/quiz-reports/{safe}/{name}"


def write_csv(usage_key, dimension_ids):
    """The CSV text: one row per submitted attempt, a column per dimension. The learner is named as
    in the assignment's CSV: ``username`` (empty for attempts from before it was kept), ``anonymous_id``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*IDENTITY_COLUMNS, "attempt", "started", "submitted", "overall", "category", *dimension_ids])
    indices = {}
    for row in QuizDimensionScore.objects.filter(attempt__usage_key=usage_key).values_list(
        "attempt_id", "dimension", "index"
    ):
        indices.setdefault(row[0], {})[row[1]] = row[2]
    attempts = (
        QuizAttempt.objects.filter(usage_key=usage_key, submitted__isnull=False)
        .order_by("anonymous_id", "number")
        .values_list("id", "username", "anonymous_id", "number", "started", "submitted", "overall", "category")
    )
    for attempt_id, username, anonymous_id, number, started, submitted, overall, category in attempts.iterator(
        chunk_size=2000
    ):
        own = indices.get(attempt_id, {})
        writer.writerow(
            [username, anonymous_id, number, started.isoformat(), submitted.isoformat(), overall, category]
            + [own.get(d, "") for d in dimension_ids]
        )
    return buffer.getvalue()


@shared_task(name="kemenag_xblocks.quiz.export_attempts")
def export_attempts(usage_key, dimension_ids, name):
    """Write the export to the configured storage; returns its storage path."""
    storage = storages[setting("KEMENAG_STORAGE_ALIAS")]
    content = ContentFile(write_csv(usage_key, dimension_ids).encode("utf-8"))
    return storage.save(export_path(usage_key, name), content)


def start_export(usage_key, dimension_ids):
    """Start the export; returns ``(file name, ready)``. Inline when Celery runs eagerly."""
    name = export_name(uuid.uuid4().hex)
    arguments = (str(usage_key), list(dimension_ids), name)
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        export_attempts.apply(args=arguments).get()
        return name, True
    export_attempts.delay(*arguments)
    return name, False
