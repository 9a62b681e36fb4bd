"""Assign users to work units from a CSV file: ``username,work_unit_code,work_unit_name``.

Every row is checked first; if any row is invalid, the errors are listed by line and nothing
is applied. Otherwise the work units are created or renamed and each user is (re)assigned.
"""

import csv

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kemenag_xblocks.competency.models import WorkUnit, WorkUnitMember

COLUMNS = ("username", "work_unit_code", "work_unit_name")


def parse_rows(lines):
    """``(rows, errors)``: cleaned rows and ``(line number, message)`` for every bad one."""
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        return [], [(1, f"missing column(s): {', '.join(missing)}")]
    rows, errors, seen, names = [], [], {}, {}
    for line, raw in enumerate(reader, start=2):
        username, code, name = ((raw.get(c) or "").strip() for c in COLUMNS)
        if not username or not code or not name:
            errors.append((line, "username, work_unit_code and work_unit_name are all required"))
            continue
        if len(code) > 64 or len(name) > 255:
            errors.append((line, "work unit code (64) or name (255) too long"))
            continue
        if username in seen:
            errors.append((line, f"user {username} already assigned on line {seen[username]}"))
            continue
        if names.setdefault(code, name) != name:
            errors.append((line, f"work unit {code} has another name on an earlier line ({names[code]})"))
            continue
        seen[username] = line
        rows.append((line, username, code, name))
    return rows, errors


class Command(BaseCommand):
    help = "Assign users to work units from a CSV (username, work_unit_code, work_unit_name); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("csv_path")

    def handle(self, csv_path, **options):
        with open(csv_path, newline="", encoding="utf-8-sig") as handle:
            rows, errors = parse_rows(handle)
        users = dict(get_user_model().objects.filter(username__in=[r[1] for r in rows]).values_list("username", "pk"))
        errors += [(line, f"unknown user {username}") for line, username, _c, _n in rows if username not in users]
        if errors:
            for line, message in sorted(errors):
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(f"{len(errors)} invalid row(s); nothing was imported.")
        with transaction.atomic():
            units = {}
            for _line, _username, code, name in rows:
                if code not in units:
                    units[code], _ = WorkUnit.objects.update_or_create(code=code, defaults={"name": name})
            for _line, username, code, _name in rows:
                WorkUnitMember.objects.update_or_create(user_id=users[username], defaults={"work_unit": units[code]})
        self.stdout.write(f"{len(rows)} user(s) assigned to {len(units)} work unit(s).")
