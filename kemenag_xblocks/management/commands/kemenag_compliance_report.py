"""JP compliance for the whole platform, as CSV: by work unit (default) or one row per learner.

Streams: the work-unit report is one aggregate statement; ``--learners`` reads learners in
keyset pages, so memory stays flat however many there are.
"""

from datetime import date

from django.core.management.base import BaseCommand

from kemenag_xblocks.common import csv_export
from kemenag_xblocks.competency import api
from kemenag_xblocks.competency.export import CSV_HEADER, csv_row


class Command(BaseCommand):
    help = "JP compliance report (CSV) by work unit, or per learner with --learners."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--learners", action="store_true", help="one row per learner instead of per work unit")
        parser.add_argument("--as-of", type=date.fromisoformat, help="report date (YYYY-MM-DD, default today)")

    def handle(self, output=None, learners=False, as_of=None, **options):
        if output:
            with open(output, "w", newline="", encoding="utf-8") as handle:
                write_report(handle, learners=learners, as_of=as_of)
        else:
            write_report(_Unterminated(self.stdout), learners=learners, as_of=as_of)


class _Unterminated:
    """The command's stdout without its added line endings (the CSV writer ends its own lines)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")


def write_report(handle, *, learners=False, as_of=None):
    writer = csv_export.writer(handle)
    if learners:
        writer.writerow(CSV_HEADER)
        for row in api.iter_learner_rows(as_of):
            writer.writerow(csv_row(row))
        return
    writer.writerow(("work_unit_code", "work_unit_name", "learners", "meets_target", "below_target", "none_in_2_years"))
    for unit in api.compliance_by_work_unit(as_of):
        writer.writerow((unit.code, unit.name, unit.learners, unit.meets, unit.below, unit.none))
