"""Counted ledger rows in the fields of BKN SIASN's course record (*riwayat kursus*), for units to upload.

Field names are SIASN's; what the platform cannot know is left for the unit to fill:
``pnsOrangId`` carries the platform username (Kemenag staff sign in with their NIP), to be
mapped to SIASN's own id; ``jenisDiklatId`` comes from ``KEMENAG_SIASN_JENIS_DIKLAT_ID`` (by
competency type, empty by default); SIASN wants whole hours, so JP are rounded half up.
"""

from decimal import ROUND_HALF_UP, Decimal

from kemenag_xblocks.competency.api import COUNTED
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
# SIASN is an Indonesian system: its type names stay Indonesian whatever the active language.
TYPE_NAMES = {"teknis": "Teknis", "manajerial": "Manajerial", "sosial_kultural": "Sosial Kultural"}
COLUMNS = (
    "pk",
    "user__username",
    "title",
    "competency_type",
    "organizer",
    "source",
    "jp",
    "completed_on",
    "evidence_path",
)


def siasn_row(values):
    _pk, username, title, kind, organizer, source, jp, completed_on, evidence_path = values
    day = completed_on.strftime("%d-%m-%Y")
    return (
        username,
        title,
        TYPE_NAMES.get(kind, kind),
        setting("KEMENAG_SIASN_JENIS_DIKLAT_ID").get(kind, ""),
        organizer or (setting("KEMENAG_SIASN_PLATFORM_ORGANIZER") if source == LedgerEntry.Source.COURSE else ""),
        int(Decimal(jp).quantize(Decimal(1), rounding=ROUND_HALF_UP)),
        "",
        day,
        day,
        completed_on.year,
        evidence_path,
    )


def iter_rows(year=None, page_size=5000):
    """Counted rows in SIASN's fields, in keyset pages of the ledger's id (constant memory)."""
    entries = LedgerEntry.objects.filter(status__in=COUNTED).order_by("pk")
    if year:
        entries = entries.filter(completed_on__year=year)
    last = 0
    while True:
        page = list(entries.filter(pk__gt=last).values_list(*COLUMNS)[:page_size])
        if not page:
            return
        yield from (siasn_row(values) for values in page)
        last = page[-1][0]
