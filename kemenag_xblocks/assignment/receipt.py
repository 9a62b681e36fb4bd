"""The hand-in receipt: what was handed in, when, and each file's SHA-256, as a page and a small PDF.

A learner keeps it as proof; the SHA-256 (a fingerprint of the file's bytes) lets staff or an
auditor confirm later that the stored file is byte for byte the one handed in. Times are in the
learner's time zone with its name (WIB, WITA, WIT), numbers as the learner's language writes them.
"""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

from kemenag_xblocks.common import timefmt


@dataclass(frozen=True)
class ReceiptFacts:
    """What the receipt says about where the hand-in was made."""

    title: str
    course: str
    zone: object = None


def fingerprint_note():
    return _(
        "The fingerprint (SHA-256) is computed from the exact bytes of each file. The same file always "
        "gives the same fingerprint, and any change gives another, so it proves which file was received."
    )


def receipt_lines(submission, facts):
    """``[(label, value)]`` and the file rows ``(name, size text, sha256)``, in the active language
    (shared by the PDF and the page)."""
    submitted = timefmt.format_moment(submission.submitted_at, facts.zone)
    header = [
        (_("Assignment"), facts.title),
        (_("Course"), facts.course),
        (_("Learner"), submission.full_name or submission.username),
        (_("Handed in"), submitted + (" — " + _("late") if submission.is_late else "")),
        (_("Attempt"), formats.number_format(submission.attempt, use_l10n=True)),
    ]
    files = [(f.display_name, size_in_bytes(f.size), f.sha256) for f in submission.files.all()]
    return header, files


def size_in_bytes(size):
    """The exact size (the receipt is proof), grouped as the language does: 1.234.567 / 1,234,567."""
    return _("{size} bytes").format(size=formats.number_format(size, use_l10n=True, force_grouping=True))


def _latin1(text):
    # The PDF core fonts cover Latin-1, enough for Indonesian; other characters become "?".
    return str(text).replace("—", "-").encode("latin-1", "replace").decode("latin-1")


def receipt_pdf(submission, facts):
    header, files = receipt_lines(submission, facts)
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(_("Hand-in receipt")))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 10, _latin1(_("Hand-in receipt")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for label, value in header:
        pdf.multi_cell(0, 6, _latin1(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, _latin1(_("Files")), new_x="LMARGIN", new_y="NEXT")
    for name, size, sha256 in files:
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 6, _latin1(f"{name} ({size})"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Courier", size=8)
        pdf.multi_cell(0, 5, _latin1(f"{_('Fingerprint (SHA-256)')}: {sha256}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(0, 4, _latin1(fingerprint_note()), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
