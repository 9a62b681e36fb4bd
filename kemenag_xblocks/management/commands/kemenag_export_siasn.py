"""Counted trainings as CSV in BKN SIASN's course-record fields (see ``competency/siasn.py``).

Rows missing a field SIASN requires (pnsOrangId, jenisDiklatId, nomorSertipikat...) are not
written; each is listed on stderr with what is missing, for the unit to complete.
"""

from django.core.management.base import BaseCommand, CommandError

from kemenag_xblocks.common import csv_export
from kemenag_xblocks.competency import siasn
from kemenag_xblocks.competency.models import WorkUnit


class Command(BaseCommand):
    help = "Export recorded and verified trainings in SIASN course-record fields (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only trainings completed in this year")
        parser.add_argument("--unit", help="only learners of this work unit and the units under it")
        parser.add_argument("--output", "-o", required=True, help="CSV file to write")

    def handle(self, year=None, unit=None, output=None, **options):
        work_unit = None
        if unit:
            work_unit = WorkUnit.objects.filter(code=unit).first()
            if work_unit is None:
                raise CommandError(f"unknown work unit {unit}")
        count = skipped = 0
        with open(output, "w", newline="", encoding="utf-8") as handle:
            writer = csv_export.writer(handle)
            writer.writerow(siasn.FIELDS)
            for pk, record, missing in siasn.iter_records(year, work_unit):
                if missing:
                    skipped += 1
                    self.stderr.write(f"ledger entry {pk}: missing {', '.join(missing)}")
                    continue
                writer.writerow([record[name] for name in siasn.FIELDS])
                count += 1
        self.stdout.write(f"{count} training(s) written to {output}; {skipped} incomplete, not written")
