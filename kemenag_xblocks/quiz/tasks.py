"""The attempts export: a report task (``common.reports``) writing a CSV to Django storage.

In the LMS it runs on a Celery worker; in the demo CELERY_TASK_ALWAYS_EAGER runs it inline.
Rows are streamed from the database in chunks, never built in memory as a list.
"""

import io
import re

from kemenag_xblocks.common import csv_export, reports
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
    writer = csv_export.writer(buffer)
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


def produce_export(arguments, target):
    """The report producer (``common.reports``): the CSV bytes into ``target``."""
    target.write(write_csv(arguments["usage_key"], arguments["dimension_ids"]).encode("utf-8"))


def start_export(usage_key, dimension_ids, user_id=None):
    """Start the export as a report task; returns ``(file name, ready)`` (ready at once when eager)."""
    run = reports.start(
        "quiz_attempts",
        scope=str(usage_key),
        arguments={"usage_key": str(usage_key), "dimension_ids": list(dimension_ids)},
        user_id=user_id,
        path_for=lambda token: export_path(str(usage_key), export_name(token)),
    )
    return export_name(run.id), run.state == run.READY
