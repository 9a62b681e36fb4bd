"""Platform commands: work units from CSV (all or nothing), compliance CSV, benchmark ledger."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from kemenag_xblocks.competency import people
from kemenag_xblocks.competency.models import LedgerEntry, WorkUnit, WorkUnitMembership
from tests.competency.conftest import add_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return [get_user_model().objects.create(username=name) for name in ("siti", "made", "yohanes")]


def write(tmp_path, text):
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_assigns_users_and_reassigns_on_a_second_run(tmp_path, users):
    out = io.StringIO()
    call_command(
        "kemenag_import_work_units",
        write(tmp_path, "username,work_unit_code,work_unit_name\nsiti,KW-JKT,Kanwil DKI\nmade,KW-JKT,Kanwil DKI\n"),
        stdout=out,
    )
    assert "2 user(s) assigned to 1 work unit(s)" in out.getvalue()
    call_command(
        "kemenag_import_work_units",
        write(tmp_path, "username,work_unit_code,work_unit_name\nmade,KK-BDG,Kankemenag Bandung\n"),
        stdout=io.StringIO(),
    )
    assert people.unit_of(get_user_model().objects.get(username="made").pk).code == "KK-BDG"
    assert people.unit_of(get_user_model().objects.get(username="siti").pk).code == "KW-JKT"


def test_import_with_any_bad_row_reports_every_line_and_applies_nothing(tmp_path, users):
    err = io.StringIO()
    text = (
        "username,work_unit_code,work_unit_name\n"
        "siti,KW-JKT,Kanwil DKI\n"
        "hantu,KW-JKT,Kanwil DKI\n"
        "made,,Tanpa kode\n"
        "siti,KK-BDG,Kankemenag Bandung\n"
        "yohanes,KW-JKT,Nama Lain\n"
    )
    with pytest.raises(CommandError, match="4 invalid row"):
        call_command("kemenag_import_work_units", write(tmp_path, text), stderr=err)
    lines = err.getvalue()
    assert "line 3: unknown user hantu" in lines
    assert "line 4:" in lines and "line 5: user siti already assigned on line 2" in lines
    assert "line 6: work unit KW-JKT has another name" in lines
    assert not WorkUnit.objects.exists() and not WorkUnitMembership.objects.exists()


def test_import_refuses_a_file_without_the_expected_columns(tmp_path, users):
    with pytest.raises(CommandError):
        call_command("kemenag_import_work_units", write(tmp_path, "user,unit\nsiti,KW\n"), stderr=io.StringIO())


def test_compliance_report_by_work_unit_and_per_learner(tmp_path, users):
    unit = WorkUnit.objects.create(code="KW-JKT", name="Kanwil DKI")
    for user in users[:2]:
        WorkUnitMembership.objects.create(user=user, work_unit=unit, start=date(2000, 1, 1))
    add_entry(users[0], jp="24", on="2026-03-01")
    out = io.StringIO()
    call_command("kemenag_compliance_report", "--as-of", "2026-06-30", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [
        ["work_unit_code", "work_unit_name", "learners", "meets_target", "below_target", "none_in_2_years"],
        ["KW-JKT", "Kanwil DKI", "2", "1", "0", "1"],
    ]
    target = tmp_path / "learners.csv"
    call_command("kemenag_compliance_report", "--learners", "--as-of", "2026-06-30", "-o", str(target))
    learners = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [(r["username"], r["work_unit"], r["jp_this_year"], r["status"]) for r in learners] == [
        ("siti", "KW-JKT", "24", "meets"),
        ("made", "KW-JKT", "0", "none"),
        ("yohanes", "", "0", "none"),
    ]


def test_generate_ledger_creates_learners_units_and_entries_in_batches():
    call_command(
        "kemenag_generate_ledger",
        "--learners",
        "25",
        "--entries",
        "3",
        "--units",
        "4",
        "--batch",
        "10",
        stdout=io.StringIO(),
    )
    assert get_user_model().objects.filter(username__startswith="bench").count() == 25
    assert WorkUnitMembership.objects.count() == 25 and WorkUnit.objects.count() == 4
    assert LedgerEntry.objects.count() == 75
    assert LedgerEntry.objects.values("user", "source", "source_key").distinct().count() == 75
