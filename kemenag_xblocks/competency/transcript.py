"""The JP transcript: a PDF of a learner's counted trainings with a verification code and QR code.

Each transcript is recorded (``Transcript``) with the figures it printed, so anyone holding a paper
copy can check its code on the public verification page (``verify_views.py``). Issuing is
idempotent: the same figures give back the transcript already issued (a GET writes at most once).

Printed in Noto Sans (and Noto Sans Arabic for Arabic script, shaped by HarfBuzz) from PyPI font
packages installed with the plugin: nothing is downloaded at run time, no Debian font is needed.
Numbers and dates in the active language (``7,5`` and ``1 Desember 2026`` in Indonesian).
"""

import io
from datetime import date

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import qrcode
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from kemenag_xblocks.competency import api, dates, people, rules
from kemenag_xblocks.competency.models import CompetencyType, LearnerProfile, Transcript
from kemenag_xblocks.conf import setting

FONT = "NotoSans"
ARABIC = "NotoSansArabic"


def snapshot_of(user, as_of):
    summary = api.learner_summary(user.pk, as_of)
    entries = api.learner_entries(user.pk).filter(status__in=api.COUNTED).select_related("training_kind")
    profile = LearnerProfile.objects.filter(user_id=user.pk).first()
    unit = people.unit_of(user.pk, as_of)
    return {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "nip": (profile.nip or "") if profile else "",
        "employee_type": profile.employee_type if profile else "",
        "unit": unit.name if unit else "",
        "as_of": as_of.isoformat(),
        "target": None if summary.target is None else rules.format_jp(summary.target),
        "jp_this_year": rules.format_jp(summary.jp_this_year),
        "jp_last_24_months": rules.format_jp(summary.jp_last_24_months),
        "status": summary.status,
        "trainings": [
            {
                "entry": e.pk,
                "date": e.completed_on.isoformat(),
                "started": (e.started_on or e.completed_on).isoformat(),
                "title": e.title,
                "type": e.competency_type,
                "jp": rules.format_jp(e.jp),
                "source": e.source,
            }
            for e in entries
        ],
    }


def issue(user):
    """The transcript of ``user``'s figures today: the one already issued if nothing changed."""
    snapshot = snapshot_of(user, dates.today())
    latest = Transcript.objects.filter(user=user).order_by("-issued_at", "-pk").first()
    if latest is not None and latest.snapshot == snapshot:
        return latest
    return Transcript.objects.create(user=user, snapshot=snapshot)


def verification_target(code):
    """What the QR code holds: the public verification page of this code (absolute when the
    operator set ``KEMENAG_JP_TRANSCRIPT_VERIFY_URL`` or the LMS's ``LMS_ROOT_URL``)."""
    from django.conf import settings

    base = setting("KEMENAG_JP_TRANSCRIPT_VERIFY_URL")
    if base:
        return f"{base}?code={code}"
    path = reverse("kemenag_xblocks:verify", kwargs={"code": code})
    return f"{getattr(settings, 'LMS_ROOT_URL', '').rstrip('/')}{path}"


def _qr_png(text):
    buffer = io.BytesIO()
    qrcode.make(text, box_size=4, border=2).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def type_label(value):
    return _(CompetencyType(value).label) if value in CompetencyType.values else value


def display_date(value):
    """A date as people of the active language write it (``1 Desember 2026``)."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return formats.date_format(day, "j F Y", use_l10n=True)


def _fonts(pdf):
    regular = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"
    arabic = fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf"
    # The variable fonts' default instance (regular, normal width): loading it takes milliseconds,
    # while instancing another weight takes seconds, so headings are larger and green, not bold.
    pdf.add_font(FONT, "", regular)
    pdf.add_font(ARABIC, "", arabic)
    pdf.set_fallback_fonts([ARABIC])
    # HarfBuzz: Arabic letters joined in their contextual forms, right to left.
    pdf.set_text_shaping(True)


def render_pdf(transcript):
    """The transcript as PDF bytes, in the active language."""
    data = transcript.snapshot
    target = data.get("target")
    summary = rules.Summary(
        as_of=date.fromisoformat(data["as_of"]),
        target=None if target is None else rules.Decimal(target),
        jp_this_year=rules.Decimal(data["jp_this_year"]),
        jp_last_24_months=rules.Decimal(data["jp_last_24_months"]),
    )
    title = _("Competency development transcript (JP)")
    pdf = FPDF(format="A4")
    _fonts(pdf)
    pdf.set_title(title)
    pdf.set_author("Kemenag Digital Learning Center")
    pdf.add_page()
    letterhead = [line for line in setting("KEMENAG_JP_LETTERHEAD") if line]
    if letterhead:
        pdf.set_font(FONT, "", 12)
        pdf.set_text_color(0, 90, 60)
        for line in letterhead:
            pdf.cell(0, 6, str(line), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(0, 90, 60)
        pdf.set_line_width(0.6)
        pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
        pdf.ln(6)
    pdf.set_text_color(0, 90, 60)
    pdf.set_font(FONT, "", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(27, 42, 34)
    pdf.set_font(FONT, "", 11)
    this_year = rules.display_jp(data["jp_this_year"])
    lines = [
        (_("Name"), data["name"]),
        (_("NIP"), data.get("nip") or "-"),
        (_("Work unit"), data.get("unit") or "-"),
        (_("Date"), display_date(data["as_of"])),
        (_("JP this year"), f"{this_year} / {rules.display_jp(target)}" if target is not None else this_year),
        (_("JP in the last 24 months"), rules.display_jp(data["jp_last_24_months"])),
        (_("Status"), rules.status_text(summary)),
    ]
    for label, value in lines:
        pdf.cell(55, 7, label)
        pdf.multi_cell(0, 7, str(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    headings = FontFace(color=(255, 255, 255), fill_color=(0, 90, 60))
    with pdf.table(
        col_widths=(32, 88, 40, 20), text_align=("LEFT", "LEFT", "LEFT", "RIGHT"), headings_style=headings
    ) as table:
        header = table.row()
        for heading in (_("Date"), _("Training"), _("Competency type"), _("JP")):
            header.cell(heading)
        for training in data["trainings"]:
            row = table.row()
            values = (
                display_date(training["date"]),
                training["title"],
                type_label(training["type"]),
                rules.display_jp(training["jp"]),
            )
            for value in values:
                row.cell(str(value))
    pdf.ln(6)
    pdf.image(_qr_png(verification_target(transcript.code)), w=30)
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(
        0,
        6,
        _("Verification code: {code}. Anyone can check this code on the platform's verification page.").format(
            code=transcript.code
        ),
    )
    return bytes(pdf.output())


def check(code):
    """The snapshot of the transcript with this code, or None."""
    found = Transcript.objects.filter(code=str(code).strip().upper()[:16]).select_related("user").first()
    if found is None:
        return None
    return {"code": found.code, "issued_at": found.issued_at.isoformat(), **found.snapshot}
