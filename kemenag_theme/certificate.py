"""What the certificate template shows, computed from the platform's certificate context.

The LMS renders ``certificates/valid.html`` with a context built by its certificate view
(``accomplishment_copy_name``, ``certificate_id_number``, ``course_id``...) merged with the
course's Advanced Setting "Certificate Web/HTML View Overrides". JP and competency type come from
the course's competency tracker block (``CourseCompetency``, the same values the JP ledger
credits) and otherwise from the overrides ``kemenag_jp`` / ``kemenag_competency_type``; the NIP
from the override ``kemenag_nip`` or the certificate owner's profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import qrcode
import qrcode.image.svg
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy

# The three competency types of the civil-service competency standard (keys as the tracker stores
# them); the labels are translated by the theme's catalog (conf/locale), like its templates.
COMPETENCY_TYPES = {
    "teknis": gettext_lazy("Technical"),
    "manajerial": gettext_lazy("Managerial"),
    "sosial_kultural": gettext_lazy("Socio-cultural"),
}
NUMBER_PREFIX = "DLC"


@dataclass(frozen=True)
class CertificateFields:
    learner_name: str
    nip: str
    course_name: str
    jp: str
    competency_type: str
    completion_date: str
    number: str
    verify_url: str


def certificate_number(verify_uuid: str, year: str) -> str:
    """A human-readable number derived from the certificate's verification UUID (64 bits of it,
    so two certificates of a two-million-learner year practically never share one)."""
    digits = re.sub(r"[^0-9a-fA-F]", "", str(verify_uuid)).upper()[:16]
    if len(digits) < 16:
        raise ValueError("verify_uuid must hold at least 16 hexadecimal digits")
    groups = "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    return f"{NUMBER_PREFIX}/{year}/{groups}"


def verification_url(root_url: str, verify_uuid: str) -> str:
    """The platform's public page for this certificate, which anyone can open to check it."""
    return f"{root_url.rstrip('/')}/certificates/{verify_uuid}"


def format_jp(value) -> str:
    """JP as the certificate prints it in the active language: "54 JP", "2,5 JP" in Indonesian
    (decimal comma), "2.5 JP" in English; "" if unset."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return ""
    if number <= 0:
        return ""
    # JP (jam pelajaran, lesson hours) is the unit civil-service records use, in every language.
    return gettext("{hours} JP").format(hours=number_format(number.normalize()))


def competency_label(value) -> str:
    key = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    return str(COMPETENCY_TYPES.get(key, ""))


def learner_nip(context) -> str:
    """The civil-service number (NIP) if the course overrides give one or the certificate
    owner's profile holds one (``meta['nip']``); only digits are printed."""
    nip = context.get("kemenag_nip") or ""
    user = context.get("user")
    if not nip and user is not None and getattr(user, "id", None) == context.get("accomplishment_user_id"):
        try:
            nip = (user.profile.get_meta() or {}).get("nip", "")
        except (AttributeError, ValueError, TypeError):  # no profile, or meta that is not JSON
            nip = ""
    return re.sub(r"\D", "", str(nip))[:18]


def issue_year(date_text: str) -> str:
    """The year of the platform's formatted issue date ("28 November 2026"), for the number."""
    found = re.search(r"\b(\d{4})\b", str(date_text or ""))
    return found.group(1) if found else "0000"


def tracker_values(course_id) -> dict:
    """JP and competency type the course's competency tracker recorded, so that the certificate
    says what the learner's JP ledger credits; {} without a tracker (or without our app)."""
    if not course_id:
        return {}
    try:
        from kemenag_xblocks.competency.models import CourseCompetency
    except (ImportError, RuntimeError):  # not installed, or the plugin app is not in INSTALLED_APPS
        return {}
    row = CourseCompetency.objects.filter(course_key=str(course_id)).values("jp", "competency_type").first()
    return {"kemenag_jp": row["jp"], "kemenag_competency_type": row["competency_type"]} if row else {}


def certificate_fields(context, root_url: str) -> CertificateFields:
    verify_uuid = str(context["certificate_id_number"])
    tracked = tracker_values(context.get("course_id"))
    return CertificateFields(
        learner_name=context.get("accomplishment_copy_name") or "",
        nip=learner_nip(context),
        course_name=context.get("accomplishment_copy_course_name") or "",
        jp=format_jp(tracked.get("kemenag_jp", context.get("kemenag_jp"))),
        competency_type=competency_label(
            tracked.get("kemenag_competency_type", context.get("kemenag_competency_type"))
        ),
        completion_date=context.get("certificate_date_issued") or "",
        number=certificate_number(verify_uuid, issue_year(context.get("certificate_date_issued"))),
        verify_url=verification_url(root_url, verify_uuid),
    )


def qr_svg(url: str, label: str) -> str:
    """An inline SVG QR code for ``url`` (no image request, prints sharply)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(url)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    escaped = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escaped}" class="kemenag-cert__qr-code" ', 1)


def signatories(context) -> list[dict]:
    """Signatories configured in Studio (Settings > Certificates), as the platform passes them."""
    data = context.get("certificate_data") or {}
    return [s for s in data.get("signatories", []) if s.get("name")][:2]
