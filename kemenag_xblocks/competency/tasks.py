"""HR officers' exports as Celery tasks: SIASN course records or per-learner compliance of a unit.

The task writes a CSV to Django storage and keeps ``OfficerExport.done_rows`` up to date, so the
officers' page shows its progress; in the demo and the tests CELERY_TASK_ALWAYS_EAGER runs it
inline (as ``quiz/tasks.py``). Rows are streamed in keyset pages, never built as one list.
"""

import io

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import F

from kemenag_xblocks.common import csv_export
from kemenag_xblocks.competency import api, rules, siasn
from kemenag_xblocks.competency.models import OfficerExport
from kemenag_xblocks.conf import setting

PROGRESS_EVERY = 500
COMPLIANCE_HEADER = (
    "username",
    "name",
    "employee_type",
    "jp_this_year",
    "jp_last_24_months",
    "last_training",
    "status",
)


def export_path(export):
    return f"kemenag/officer-exports/{export.work_unit_id}/{export.kind}-{export.pk.hex}.csv"


def _rows(export):
    if export.kind == OfficerExport.Kind.SIASN:
        yield siasn.FIELDS
        for _pk, record, missing in siasn.iter_records(export.year, export.work_unit):
            if not missing:
                yield [record[name] for name in siasn.FIELDS]
        return
    yield COMPLIANCE_HEADER
    for pk, username, first, last, kind, jp_year, jp_24, last_on, state in api.people_in(export.work_unit):
        del pk
        name = f"{first} {last}".strip()
        yield [
            username,  # hostile text: csv_export.writer neutralises it
            name,
            kind,
            rules.format_jp(jp_year),
            rules.format_jp(jp_24),
            last_on.isoformat() if last_on else "",
            state,
        ]


def _total(export):
    if export.kind == OfficerExport.Kind.SIASN:
        return siasn.entries(export.year, export.work_unit).count()
    return api.people_in(export.work_unit).count()


@shared_task(name="kemenag_xblocks.competency.officer_export")
def run_export(export_id):
    """Write the export's CSV to storage, counting rows as it goes; returns the storage path."""
    export = OfficerExport.objects.select_related("work_unit").get(pk=export_id)
    OfficerExport.objects.filter(pk=export.pk).update(state=OfficerExport.State.RUNNING, total_rows=_total(export))
    try:
        buffer = io.StringIO()
        writer = csv_export.writer(buffer)  # neutralises formula-shaped cells
        for number, row in enumerate(_rows(export)):
            writer.writerow(row)
            if number and number % PROGRESS_EVERY == 0:
                OfficerExport.objects.filter(pk=export.pk).update(done_rows=F("done_rows") + PROGRESS_EVERY)
        storage = storages[setting("KEMENAG_STORAGE_ALIAS")]
        path = storage.save(export_path(export), ContentFile(buffer.getvalue().encode("utf-8")))
    except Exception:
        OfficerExport.objects.filter(pk=export.pk).update(state=OfficerExport.State.FAILED)
        raise
    OfficerExport.objects.filter(pk=export.pk).update(
        state=OfficerExport.State.DONE, path=path, done_rows=F("total_rows")
    )
    return path


def start(export):
    """Queue the export (inline when Celery runs eagerly)."""
    from django.conf import settings

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        run_export.apply(args=(str(export.pk),))
    else:
        run_export.delay(str(export.pk))
