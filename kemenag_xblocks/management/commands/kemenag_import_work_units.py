"""Import the work-unit hierarchy, or who works where (and who they are), from a CSV file.

Two kinds of file, told apart by their header:

* units: ``code,name,level,parent_code`` (level: central, kanwil, kankemenag, sub_unit; parent
  empty for a top unit). Units are created or updated; parents may come later in the file.
* people: ``username,work_unit_code,work_unit_name`` and optionally ``start_date`` (YYYY-MM-DD,
  default today: a transfer moves JP from that day on, never earlier ones), ``employee_type``
  (pns, pppk, non_asn, public), ``nip`` (a PNS NIP is validated as a NIP; a PPPK number only for
  its 18 digits) and ``pns_orang_id`` (BKN's id of the person, for SIASN). This is the "csv"
  identity source (docs/competency.md).

Every row is checked first; if any row is invalid, the errors are listed by line and nothing
is applied.
"""

import csv
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kemenag_xblocks.competency import dates, people
from kemenag_xblocks.competency.models import LearnerProfile, WorkUnit

COLUMNS = ("username", "work_unit_code", "work_unit_name")
UNIT_COLUMNS = ("code", "name", "level", "parent_code")
IDENTITY_COLUMNS = ("employee_type", "nip", "pns_orang_id")


def parse_rows(lines):
    """``(rows, errors)``: cleaned people rows and ``(line number, message)`` for every bad one."""
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        return [], [(1, f"missing column(s): {', '.join(missing)}")]
    with_identity = "employee_type" in reader.fieldnames
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
        try:
            start = date.fromisoformat(raw["start_date"].strip()) if (raw.get("start_date") or "").strip() else None
        except ValueError:
            errors.append((line, "start_date must be a date (YYYY-MM-DD)"))
            continue
        identity = None
        if with_identity:
            try:
                identity = people.clean_identity(
                    (raw.get("employee_type") or "").strip(), raw.get("nip") or "", raw.get("pns_orang_id") or ""
                )
            except people.InvalidIdentity as invalid:
                errors.append((line, str(invalid)))
                continue
        seen[username] = line
        rows.append((line, username, code, name, start, identity))
    numbers = {}
    for line, _u, _c, _n, _s, identity in rows:
        if identity and identity[1]:
            if identity[1] in numbers:
                errors.append((line, f"NIP {identity[1]} already on line {numbers[identity[1]]}"))
            numbers.setdefault(identity[1], line)
    return rows, errors


def parse_units(lines):
    """``(units, errors)`` of a units file: ``(line, code, name, level, parent_code)``."""
    reader = csv.DictReader(lines)
    units, errors, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        code, name, level, parent = ((raw.get(c) or "").strip() for c in UNIT_COLUMNS)
        if not code or not name:
            errors.append((line, "code and name are required"))
        elif len(code) > 64 or len(name) > 255:
            errors.append((line, "code (64) or name (255) too long"))
        elif level not in WorkUnit.Level.values:
            errors.append((line, f"level must be one of {', '.join(WorkUnit.Level.values)}"))
        elif code in seen:
            errors.append((line, f"unit {code} already on line {seen[code]}"))
        elif parent == code:
            errors.append((line, "a unit cannot be its own parent"))
        else:
            seen[code] = line
            units.append((line, code, name, level, parent))
    return units, errors


class Command(BaseCommand):
    help = "Import work units (code,name,level,parent_code) or people (username,work_unit_code,...); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("csv_path")

    def handle(self, csv_path, **options):
        with open(csv_path, newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
            handle.seek(0)
            if set(UNIT_COLUMNS) <= {h.strip() for h in header}:
                return self.import_units(handle)
            rows, errors = parse_rows(handle)
        users = dict(get_user_model().objects.filter(username__in=[r[1] for r in rows]).values_list("username", "pk"))
        errors += [(r[0], f"unknown user {r[1]}") for r in rows if r[1] not in users]
        taken = dict(
            LearnerProfile.objects.filter(nip__in=[r[5][1] for r in rows if r[5] and r[5][1]]).values_list(
                "nip", "user_id"
            )
        )
        errors += [
            (r[0], f"NIP {r[5][1]} belongs to another user")
            for r in rows
            if r[5] and r[5][1] in taken and taken[r[5][1]] != users.get(r[1])
        ]
        self.fail_on(errors)
        with transaction.atomic():
            units = {}
            for _line, _username, code, name, _start, _identity in rows:
                if code not in units:
                    units[code], created = WorkUnit.objects.get_or_create(code=code, defaults={"name": name})
                    if not created and units[code].name != name:
                        WorkUnit.objects.filter(pk=units[code].pk).update(name=name)
            people.rebuild_paths()
            today = dates.today()
            for _line, username, code, _name, start, identity in rows:
                people.move(users[username], units[code], start or today)
                if identity:
                    employee_type, number, pns_orang_id = identity
                    LearnerProfile.objects.update_or_create(
                        user_id=users[username],
                        defaults={
                            "employee_type": employee_type,
                            "nip": number,
                            "pns_orang_id": pns_orang_id,
                            "source": LearnerProfile.Source.CSV,
                        },
                    )
        self.stdout.write(f"{len(rows)} user(s) assigned to {len(units)} work unit(s).")

    def import_units(self, handle):
        units, errors = parse_units(handle)
        known = {u[1] for u in units} | set(WorkUnit.objects.values_list("code", flat=True))
        errors += [
            (line, f"unknown parent unit {parent}")
            for line, _c, _n, _l, parent in units
            if parent and parent not in known
        ]
        self.fail_on(errors)
        with transaction.atomic():
            saved = {}
            for _line, code, name, level, _parent in units:
                saved[code], _ = WorkUnit.objects.update_or_create(code=code, defaults={"name": name, "level": level})
            for _line, code, _name, _level, parent in units:
                parent_id = (saved.get(parent) or WorkUnit.objects.get(code=parent)).pk if parent else None
                WorkUnit.objects.filter(pk=saved[code].pk).update(parent_id=parent_id)
            try:
                people.rebuild_paths()
            except ValueError as cycle:
                raise CommandError(f"{cycle}; nothing was imported.") from None
        self.stdout.write(f"{len(units)} work unit(s) imported.")

    def fail_on(self, errors):
        if errors:
            for line, message in sorted(errors):
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(f"{len(errors)} invalid row(s); nothing was imported.")
