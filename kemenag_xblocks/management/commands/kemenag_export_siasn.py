"""Counted trainings as CSV in BKN SIASN's course-record fields (see ``competency/siasn.py``)."""

from django.core.management.base import BaseCommand

from kemenag_xblocks.common import csv_export
from kemenag_xblocks.competency import siasn


class Command(BaseCommand):
    help = "Export recorded and verified trainings in SIASN course-record fields (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only trainings completed in this year")
        parser.add_argument("--output", "-o", required=True, help="CSV file to write")

    def handle(self, year=None, output=None, **options):
        with open(output, "w", newline="", encoding="utf-8") as handle:
            writer = csv_export.writer(handle)
            writer.writerow(siasn.FIELDS)
            count = 0
            for count, row in enumerate(siasn.iter_rows(year), start=1):  # noqa: B007 (count is reported)
                writer.writerow(row)
        self.stdout.write(f"{count} training(s) written to {output}")
