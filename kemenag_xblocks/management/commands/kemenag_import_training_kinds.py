"""Import the kinds of training and SIASN's ``jenisDiklatId`` for each, from the operator's CSV.

``code,name,siasn_jenis_diklat_id,siasn_jenis_kursus``: codes are the platform's (``seminar``,
``workshop``, ``e-learning`` ...), the ids SIASN's reference list (``/referensi/jenis-diklat``),
copied by the operator; the plugin ships none, so it never sends an invented id. All or nothing.
"""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from kemenag_xblocks.competency.models import TrainingKind

COLUMNS = ("code", "name", "siasn_jenis_diklat_id")


class Command(BaseCommand):
    help = "Import kinds of training with their SIASN jenisDiklatId (CSV: code,name,siasn_jenis_diklat_id)."

    def add_arguments(self, parser):
        parser.add_argument("csv_path")

    def handle(self, csv_path, **options):
        with open(csv_path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise CommandError(f"missing column(s): {', '.join(missing)}")
            rows, errors, seen = [], [], {}
            for line, raw in enumerate(reader, start=2):
                code, name, siasn_id = ((raw.get(c) or "").strip() for c in COLUMNS)
                if not code or not name or not siasn_id or slugify(code) != code or len(code) > 64:
                    errors.append((line, "code (a slug), name and siasn_jenis_diklat_id are required"))
                elif code in seen:
                    errors.append((line, f"kind {code} already on line {seen[code]}"))
                else:
                    seen[code] = line
                    rows.append((code, name[:255], siasn_id[:64], (raw.get("siasn_jenis_kursus") or "").strip()[:255]))
        if errors:
            for line, message in errors:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(f"{len(errors)} invalid row(s); nothing was imported.")
        with transaction.atomic():
            for code, name, siasn_id, kursus in rows:
                TrainingKind.objects.update_or_create(
                    code=code, defaults={"name": name, "siasn_jenis_diklat_id": siasn_id, "siasn_jenis_kursus": kursus}
                )
        self.stdout.write(f"{len(rows)} kind(s) of training imported.")
