"""Demo ledger for the competency tracker: three learners in three different situations.

* student_1 (Siti) meets the yearly target once the demo course's certificate arrives (sent as
  the real ``CERTIFICATE_CREATED`` event, so the receivers do the recording);
* student_2 (Made) trained last year, is short this year, and has an external training waiting
  for staff to verify (with a certificate file stored through the upload checks);
* student_3 (Yohanes) has had no training in the last two years.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.settings import DEMO_COURSE_KEY
from kemenag_xblocks.common.uploads import UploadPolicy, storage_prefix, store_upload
from kemenag_xblocks.competency import ledger, people
from kemenag_xblocks.competency.models import CohortMember, HrOfficer, LearnerProfile, LedgerEntry, WorkUnit

COURSES = [
    (DEMO_COURSE_KEY, "Moderasi Beragama bagi ASN", "12", "sosial_kultural"),
    ("course-v1:Kemenag+ADM201+2026", "Administrasi Perkantoran Digital", "8", "teknis"),
    ("course-v1:Kemenag+LDR301+2025", "Kepemimpinan Pelayanan Publik", "16", "manajerial"),
]
# The hierarchy (code, name, level, parent), and who works where (staff is the HR officer of the
# whole ministry in the demo, so it verifies everyone's external trainings).
UNIT_TREE = [
    ("KEMENAG", "Kementerian Agama RI", "central", None),
    ("KW-JATIM", "Kanwil Kemenag Provinsi Jawa Timur", "kanwil", "KEMENAG"),
    ("KK-SBY", "Kantor Kemenag Kota Surabaya", "kankemenag", "KW-JATIM"),
    ("MAN-1-SBY", "MAN 1 Surabaya", "sub_unit", "KK-SBY"),
    ("KW-BALI", "Kanwil Kemenag Provinsi Bali", "kanwil", "KEMENAG"),
    ("KK-DPS", "Kantor Kemenag Kota Denpasar", "kankemenag", "KW-BALI"),
    ("KW-NTT", "Kanwil Kemenag Provinsi NTT", "kanwil", "KEMENAG"),
    ("KK-KPG", "Kantor Kemenag Kota Kupang", "kankemenag", "KW-NTT"),
]
WORK_UNITS = {
    "student_1": "MAN-1-SBY",
    "student_2": "KK-DPS",
    "student_3": "KK-KPG",
    "staff": "KEMENAG",
}
# Employee type, NIP (a valid one for PNS), BKN's pnsOrangId.
PROFILES = {
    "student_1": ("pns", "198609262015052001", "8ae48e2f5c1a4e0d"),
    "student_2": ("pns", "197905152006041002", ""),
    "student_3": ("pppk", "199203102022211003", ""),
}


def _this_year(days_ago):
    today = timezone.localdate()
    return max(today - timedelta(days=days_ago), date(today.year, 1, 1))


def _certificate_event(user, course_key):
    from opaque_keys.edx.keys import CourseKey
    from openedx_events.learning.data import CertificateData, CourseData, UserData, UserPersonalData
    from openedx_events.learning.signals import CERTIFICATE_CREATED

    CERTIFICATE_CREATED.send_event(
        certificate=CertificateData(
            user=UserData(
                id=user.pk,
                is_active=True,
                pii=UserPersonalData(username=user.username, email=f"{user.username}@demo.invalid", name=user.username),
            ),
            course=CourseData(course_key=CourseKey.from_string(course_key)),
            mode="honor",
            grade="0.92",
            current_status="downloadable",
            download_url="",
            name=user.get_full_name(),
        )
    )


def _demo_certificate_pdf():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 10, "Sertifikat Workshop Literasi Digital ASN - 6 JP")
    return bytes(pdf.output())


def _external(user, key, *, title, organizer, jp, kind, completed_on, status, evidence=None):
    defaults = {
        "source": LedgerEntry.Source.EXTERNAL,
        "title": title,
        "organizer": organizer,
        "jp": jp,
        "competency_type": kind,
        "completed_on": completed_on,
        "status": status,
        "reported_in": DEMO_COURSE_KEY,
        "evidence_path": evidence.path if evidence else "",
        "evidence_sha256": evidence.sha256 if evidence else "",
        "evidence_name": evidence.display_name if evidence else "",
    }
    LedgerEntry.objects.update_or_create(user=user, source_key=key, defaults=defaults)


def load_competency():
    users = {u.username: u for u in get_user_model().objects.filter(username__in=WORK_UNITS)}
    for key, title, jp, kind in COURSES:
        ledger.set_course_competency(key, jp=jp, competency_type=kind, title=title)
    units = {}
    for code, name, level, parent in UNIT_TREE:
        units[code], _ = WorkUnit.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent": units.get(parent)}
        )
    people.rebuild_paths()
    for username, code in WORK_UNITS.items():
        people.move(users[username].pk, units[code], date(2015, 1, 1))
        if username.startswith("student_"):
            # The LMS records the cohort from the enrollment event; the workbench has none.
            CohortMember.objects.get_or_create(course_key=DEMO_COURSE_KEY, user=users[username])
    for username, (kind, number, orang_id) in PROFILES.items():
        people.apply_identity(
            users[username].pk,
            employee_type=kind,
            number=number,
            pns_orang_id=orang_id,
            source=LearnerProfile.Source.CSV,
        )
    HrOfficer.objects.get_or_create(user=users["staff"], work_unit=units["KEMENAG"])

    siti, made, yohanes = users["student_1"], users["student_2"], users["student_3"]
    ledger.record_course(siti.pk, "course-v1:Kemenag+ADM201+2026", _this_year(40))
    _certificate_event(siti, DEMO_COURSE_KEY)

    ledger.record_course(made.pk, "course-v1:Kemenag+LDR301+2025", date(timezone.localdate().year - 1, 9, 12))
    _external(
        made,
        "ext-demo-made-arsip",
        title="Bimtek Pengelolaan Arsip Dinamis",
        organizer="BDK Denpasar",
        jp="4",
        kind="teknis",
        completed_on=_this_year(70),
        status=LedgerEntry.Status.VERIFIED,
    )
    if not LedgerEntry.objects.filter(user=made, source_key="ext-demo-made-literasi").exists():
        evidence = store_upload(
            SimpleUploadedFile("sertifikat-literasi-digital.pdf", _demo_certificate_pdf()),
            UploadPolicy.from_settings(extensions=("pdf",), max_files=1),
            path_prefix=storage_prefix(DEMO_COURSE_KEY, "demo", "student_2") + "/jp",
        )
        _external(
            made,
            "ext-demo-made-literasi",
            title="Workshop Literasi Digital ASN",
            organizer="Diskominfo Provinsi Bali",
            jp="6",
            kind="teknis",
            completed_on=_this_year(10),
            status=LedgerEntry.Status.PENDING,
            evidence=evidence,
        )

    three_years_ago = timezone.localdate() - timedelta(days=3 * 365 + 30)
    _external(
        yohanes,
        "ext-demo-yohanes-diklat",
        title="Diklat Prajabatan",
        organizer="BDK Denpasar",
        jp="40",
        kind="sosial_kultural",
        completed_on=three_years_ago,
        status=LedgerEntry.Status.VERIFIED,
    )
    return LedgerEntry.objects.filter(user__in=users.values()).count()
