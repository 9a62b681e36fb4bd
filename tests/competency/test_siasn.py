"""The SIASN export against the published course-record schema (RwKursusCreate)."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from kemenag_xblocks.competency import siasn
from kemenag_xblocks.competency.models import LearnerProfile, LedgerEntry, TrainingKind
from tests.competency.conftest import add_entry

pytestmark = pytest.mark.django_db

# SIASN's published swagger (ropegkemenag/apimwsbkn), RwKursusCreate: the fields we send, and the
# ones it marks required. jumlahJam and tahunKursus are integers there.
PUBLISHED_FIELDS = {
    "pnsOrangId", "namaKursus", "jenisKursus", "jenisDiklatId", "institusiPenyelenggara", "jumlahJam",
    "nomorSertipikat", "tanggalKursus", "tanggalSelesaiKursus", "tahunKursus", "path",
}  # fmt: skip
PUBLISHED_REQUIRED = {
    "institusiPenyelenggara", "jenisDiklatId", "jumlahJam", "nomorSertipikat", "pnsOrangId", "tahunKursus",
}  # fmt: skip


@pytest.fixture
def people():
    siti = get_user_model().objects.create(username="siti")
    made = get_user_model().objects.create(username="made")
    LearnerProfile.objects.create(user=siti, employee_type="pns", nip="198609262015051001", pns_orang_id="A5CF0A1B")
    return siti, made


@pytest.fixture
def workshop():
    return TrainingKind.objects.create(
        code="workshop", name="Workshop", siasn_jenis_diklat_id="4", siasn_jenis_kursus="Workshop"
    )


def test_fields_and_required_fields_are_the_published_ones():
    assert set(siasn.FIELDS) == PUBLISHED_FIELDS
    assert set(siasn.REQUIRED) == PUBLISHED_REQUIRED


def test_a_complete_record_has_every_required_field_from_its_real_source(people, workshop):
    siti, _made = people
    entry = add_entry(siti, jp="1.5", on="2026-03-04", source="external", status="verified")
    LedgerEntry.objects.filter(pk=entry.pk).update(
        training_kind=workshop, certificate_number="BDK/2026/7", started_on=date(2026, 3, 2), organizer="BDK Surabaya"
    )
    (row,) = list(siasn.iter_rows(2026))
    record = dict(zip(siasn.FIELDS, row, strict=True))
    assert record["pnsOrangId"] == "A5CF0A1B", "BKN's id, not the NIP, not the username"
    assert record["jenisDiklatId"] == "4" and record["jenisKursus"] == "Workshop", "from the kind of training"
    assert record["jumlahJam"] == 1 and isinstance(record["jumlahJam"], int), "1.5 JP is 1 hour, never 2"
    assert (record["tanggalKursus"], record["tanggalSelesaiKursus"]) == ("02-03-2026", "04-03-2026")
    assert record["tahunKursus"] == 2026 and record["nomorSertipikat"] == "BDK/2026/7"
    assert record["institusiPenyelenggara"] == "BDK Surabaya"
    assert record["path"] == "", "SIASN's document reference, never our storage path"
    assert all(record[name] not in ("", None) for name in PUBLISHED_REQUIRED)


def test_records_missing_a_required_field_are_listed_not_exported(people, workshop, tmp_path):
    siti, made = people
    add_entry(siti, jp="8", on="2026-03-01")  # no kind of training, no certificate number
    complete = add_entry(siti, jp="4", on="2026-04-01")
    LedgerEntry.objects.filter(pk=complete.pk).update(training_kind=workshop, certificate_number="c0ffee")
    add_entry(made, jp="4", on="2026-04-01")  # made has no pnsOrangId
    missing = {pk: names for pk, _record, names in siasn.iter_records(2026) if names}
    assert sorted(missing.values()) == [
        ["jenisDiklatId", "nomorSertipikat"],
        ["jenisDiklatId", "nomorSertipikat", "pnsOrangId"],
    ]
    target = tmp_path / "siasn.csv"
    err = io.StringIO()
    call_command("kemenag_export_siasn", "--year", "2026", "-o", str(target), stdout=io.StringIO(), stderr=err)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["nomorSertipikat"] for r in rows] == ["c0ffee"]
    assert set(rows[0]) == PUBLISHED_FIELDS
    assert err.getvalue().count("missing") == 2


def test_learner_typed_text_cannot_become_a_spreadsheet_formula(people, workshop):
    siti, _made = people
    entry = add_entry(siti, jp="4", on="2026-04-01", source="external", status="verified")
    LedgerEntry.objects.filter(pk=entry.pk).update(
        training_kind=workshop,
        title='=HYPERLINK("http://x")',
        organizer="+cmd|' /C calc'!A0",
        certificate_number="@SUM(1)",
    )
    record = dict(zip(siasn.FIELDS, next(siasn.iter_rows(2026)), strict=True))
    assert all(
        not str(record[f]).startswith(("=", "+", "@"))
        for f in ("namaKursus", "institusiPenyelenggara", "nomorSertipikat")
    )
