"""Counted ledger rows as BKN SIASN course records (``RwKursusCreate``), for units to upload.

Field names and required fields are SIASN's (published swagger, ropegkemenag/apimwsbkn):
``institusiPenyelenggara``, ``jenisDiklatId``, ``jumlahJam`` (a whole number), ``nomorSertipikat``,
``pnsOrangId`` and ``tahunKursus`` are required. Where each value comes from:

* ``pnsOrangId``: BKN's id of the person from the learner's profile (never the NIP or username);
* ``jenisDiklatId``: the kind of training (``TrainingKind``, SIASN's reference list imported by
  the operator), never the competency type; ``jenisKursus`` is SIASN's name for that kind;
* ``jumlahJam``: the JP rounded DOWN (``hours.siasn_hours``: 1.5 JP is 1, never 2);
* ``nomorSertipikat``: the platform certificate's id for courses (from the certificate event),
  the number the learner typed for external trainings;
* ``tanggalKursus`` / ``tanggalSelesaiKursus``: the first and last day (``dd-mm-yyyy``);
* ``path``: in SIASN, the document reference its own upload endpoint returns for the certificate
  file (``dok_id``/``dok_uri``). The platform cannot know it before the unit uploads the file to
  SIASN, so it is left empty, never filled with our storage path.

A row missing a required value is not written; ``missing`` names what is missing so the export
can list it for the unit to complete.
"""

from kemenag_xblocks.competency import hours
from kemenag_xblocks.competency.api import COUNTED
from kemenag_xblocks.competency.export import neutralise
from kemenag_xblocks.competency.models import LedgerEntry
from kemenag_xblocks.conf import setting

FIELDS = (
    "pnsOrangId",
    "namaKursus",
    "jenisKursus",
    "jenisDiklatId",
    "institusiPenyelenggara",
    "jumlahJam",
    "nomorSertipikat",
    "tanggalKursus",
    "tanggalSelesaiKursus",
    "tahunKursus",
    "path",
)
REQUIRED = ("institusiPenyelenggara", "jenisDiklatId", "jumlahJam", "nomorSertipikat", "pnsOrangId", "tahunKursus")
COLUMNS = (
    "pk",
    "user__kemenag_profile__pns_orang_id",
    "title",
    "training_kind__siasn_jenis_kursus",
    "training_kind__name",
    "training_kind__siasn_jenis_diklat_id",
    "organizer",
    "source",
    "jp",
    "certificate_number",
    "started_on",
    "completed_on",
)


def siasn_record(values):
    """``(record, missing)``: one ledger row in SIASN's fields, and the required fields it lacks."""
    _pk, orang_id, title, jenis_kursus, kind_name, diklat_id, organizer, source, jp, number, start, end = values
    organizer = organizer or (
        setting("KEMENAG_SIASN_PLATFORM_ORGANIZER") if source == LedgerEntry.Source.COURSE else ""
    )
    record = {
        "pnsOrangId": orang_id or "",
        "namaKursus": neutralise(title),
        "jenisKursus": jenis_kursus or kind_name or "",
        "jenisDiklatId": diklat_id or "",
        "institusiPenyelenggara": neutralise(organizer),
        "jumlahJam": hours.siasn_hours(jp),
        "nomorSertipikat": neutralise(number),
        "tanggalKursus": (start or end).strftime("%d-%m-%Y"),
        "tanggalSelesaiKursus": end.strftime("%d-%m-%Y"),
        "tahunKursus": end.year,
        "path": "",
    }
    missing = [name for name in REQUIRED if record[name] in ("", None)]
    if record["jumlahJam"] < 1:
        missing.append("jumlahJam")
    return record, missing


def entries(year=None, unit=None):
    """The counted rows to export: of one year, of the learners in ``unit``'s subtree at the time."""
    rows = LedgerEntry.objects.filter(status__in=COUNTED).order_by("pk")
    if year:
        rows = rows.filter(completed_on__year=year)
    if unit is not None:
        from django.db.models import Exists, OuterRef, Q

        from kemenag_xblocks.competency.models import WorkUnitMembership

        at_the_time = WorkUnitMembership.objects.filter(
            user_id=OuterRef("user_id"), start__lte=OuterRef("completed_on"), work_unit__path__startswith=unit.path
        ).filter(Q(end__isnull=True) | Q(end__gt=OuterRef("completed_on")))
        rows = rows.filter(Exists(at_the_time))
    return rows


def iter_records(year=None, unit=None, page_size=5000):
    """``(entry id, record, missing)`` in keyset pages of the ledger's id (constant memory)."""
    rows = entries(year, unit)
    last = 0
    while True:
        page = list(rows.filter(pk__gt=last).values_list(*COLUMNS)[:page_size])
        if not page:
            return
        for values in page:
            record, missing = siasn_record(values)
            yield values[0], record, missing
        last = page[-1][0]


def iter_rows(year=None, unit=None, page_size=5000):
    """Complete records only, as rows in ``FIELDS`` order."""
    for _pk, record, missing in iter_records(year, unit, page_size):
        if not missing:
            yield tuple(record[name] for name in FIELDS)
