"""The JP transcript: a PDF of a learner's counted trainings with a verification code and QR code.

Each download is recorded (``Transcript``) with the figures it printed, so staff holding a paper
copy can check its code against what the platform issued.
"""

import io
from datetime import date

import qrcode
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from kemenag_xblocks.competency import api, rules
from kemenag_xblocks.competency.models import CompetencyType, Transcript
from kemenag_xblocks.conf import setting


def issue(user):
    """Record a transcript for ``user`` (a Django user) and return it with its snapshot."""
    as_of = timezone.localdate()
    summary = api.learner_summary(user.pk, as_of)
    entries = api.learner_entries(user.pk).filter(status__in=api.COUNTED)
    snapshot = {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "as_of": as_of.isoformat(),
        "target": rules.format_jp(summary.target),
        "jp_this_year": rules.format_jp(summary.jp_this_year),
        "jp_last_24_months": rules.format_jp(summary.jp_last_24_months),
        "status": summary.status,
        "trainings": [
            {
                "date": e.completed_on.isoformat(),
                "title": e.title,
                "type": e.competency_type,
                "jp": rules.format_jp(e.jp),
                "source": e.source,
            }
            for e in entries
        ],
    }
    return Transcript.objects.create(user=user, snapshot=snapshot)


def verification_target(code):
    """What the QR code holds: the operator's verification page with the code, or the code alone."""
    url = setting("KEMENAG_JP_TRANSCRIPT_VERIFY_URL")
    return f"{url}?code={code}" if url else code


def _latin1(text):
    # The PDF core fonts are Latin-1; anything else is replaced rather than failing the download.
    return str(text).encode("latin-1", "replace").decode("latin-1")


def _qr_png(text):
    buffer = io.BytesIO()
    qrcode.make(text, box_size=4, border=2).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def type_label(value):
    return _(CompetencyType(value).label) if value in CompetencyType.values else value


def render_pdf(transcript):
    """The transcript as PDF bytes, in the active language."""
    data = transcript.snapshot
    summary = rules.Summary(
        as_of=date.fromisoformat(data["as_of"]),
        target=rules.Decimal(data["target"]),
        jp_this_year=rules.Decimal(data["jp_this_year"]),
        jp_last_24_months=rules.Decimal(data["jp_last_24_months"]),
    )
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(_("Competency development transcript (JP)")))
    pdf.set_author("Kemenag Digital Learning Center")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, _latin1(_("Competency development transcript (JP)")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    lines = [
        (_("Name"), data["name"]),
        (_("Username"), data["username"]),
        (_("Date"), data["as_of"]),
        (_("JP this year"), f"{data['jp_this_year']} / {data['target']}"),
        (_("JP in the last 24 months"), data["jp_last_24_months"]),
        (_("Status"), rules.status_text(summary)),
    ]
    for label, value in lines:
        pdf.cell(55, 7, _latin1(label))
        pdf.cell(0, 7, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    with pdf.table(col_widths=(25, 95, 40, 20), text_align=("LEFT", "LEFT", "LEFT", "RIGHT")) as table:
        header = table.row()
        for heading in (_("Date"), _("Training"), _("Competency type"), _("JP")):
            header.cell(_latin1(heading))
        for training in data["trainings"]:
            row = table.row()
            for value in (training["date"], training["title"], type_label(training["type"]), training["jp"]):
                row.cell(_latin1(value))
    pdf.ln(6)
    pdf.image(_qr_png(verification_target(transcript.code)), w=30)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0,
        6,
        _latin1(
            _("Verification code: {code}. Course staff can check this code on the platform.").format(
                code=transcript.code
            )
        ),
    )
    return bytes(pdf.output())


def check(code):
    """The snapshot of the transcript with this code, or None."""
    found = Transcript.objects.filter(code=str(code).strip().upper()[:16]).select_related("user").first()
    if found is None:
        return None
    return {"code": found.code, "issued_at": found.issued_at.isoformat(), **found.snapshot}
