"""All hand-ins of one block as a zip, built by streaming (never whole in memory).

Each member is copied from storage in chunks into a zip written to a temporary file on disk,
which is then saved to storage by ``common.reports``. In the LMS it runs as a Celery task (edx-sga's users saw 500s
when this was built in memory inside a request); in the demo ``CELERY_TASK_ALWAYS_EAGER`` runs it
inline. The archive holds one folder per learner and a ``manifest.csv`` with every file's SHA-256.
"""

import io
import os
import shutil
import zipfile

from kemenag_xblocks.assignment import rules
from kemenag_xblocks.assignment.models import AssignmentFile
from kemenag_xblocks.common import csv_export, reports
from kemenag_xblocks.common.uploads import open_storage, sanitize_display_name, storage_prefix

CHUNK = 1024 * 1024
ARCHIVE_NAME = "kemenag-assignment-{}.zip"


def archive_folder(course_key, usage_key):
    return storage_prefix(course_key, usage_key, "_exports")


def archive_path(course_key, usage_key, token):
    return f"{archive_folder(course_key, usage_key)}/{ARCHIVE_NAME.format(token)}"


def _member_names(files):
    """``(file, "learner/name")`` pairs, names unique inside each learner's folder."""
    seen = set()
    for row in files:
        learner = sanitize_display_name(row.submission.username or row.submission.anonymous_id)
        stem, ext = os.path.splitext(row.display_name)
        name, number = f"{learner}/{row.display_name}", 1
        while name in seen:
            number += 1
            name = f"{learner}/{stem} ({number}){ext}"
        seen.add(name)
        yield row, name


def write_archive(usage_key, target):
    """Write the zip of every handed-in file of ``usage_key`` into the open binary file ``target``."""
    storage = open_storage()
    files = (
        AssignmentFile.objects.filter(submission__usage_key=str(usage_key))
        .exclude(submission__status=rules.DRAFT)
        .select_related("submission")
        .order_by("submission__username", "submission_id", "id")
    )
    manifest = io.StringIO()
    writer = csv_export.writer(manifest)
    writer.writerow(["file", "learner", "anonymous_id", "status", "late", "submitted_at", "size", "sha256"])
    # Stored, not deflated: pdf, office files and images are compressed already.
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for row, name in _member_names(files.iterator(chunk_size=500)):
            info = zipfile.ZipInfo(name, date_time=row.uploaded_at.timetuple()[:6])
            with storage.open(row.path, "rb") as source, archive.open(info, "w", force_zip64=True) as member:
                shutil.copyfileobj(source, member, CHUNK)
            sub = row.submission
            writer.writerow(
                [
                    name,
                    sub.username,
                    sub.anonymous_id,
                    sub.status,
                    "yes" if sub.is_late else "no",
                    sub.submitted_at.isoformat() if sub.submitted_at else "",
                    row.size,
                    row.sha256,
                ]
            )
        archive.writestr("manifest.csv", manifest.getvalue().encode("utf-8"))


def produce_archive(arguments, target):
    """The report producer (``common.reports``): the zip into ``target`` (a file on local disk)."""
    write_archive(arguments["usage_key"], target)


def start_archive(course_key, usage_key, user_id=None):
    """Start building as a report task; returns the token that names the archive."""
    run = reports.start(
        "assignment_archive",
        scope=str(usage_key),
        arguments={"course_key": str(course_key), "usage_key": str(usage_key)},
        user_id=user_id,
        path_for=lambda token: archive_path(course_key, usage_key, token),
    )
    return run.id
