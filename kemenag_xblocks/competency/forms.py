"""Validation of what learners and staff send to the tracker's handlers (server side, every field)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from kemenag_xblocks.competency import dates
from kemenag_xblocks.competency.models import CompetencyType

MAX_JP = Decimal(200)
OLDEST_YEARS = 5
TITLE_MAX = 255
REASON_MAX = 1000


class Invalid(ValueError):
    """Bad input; the message is translated and says what to fix. ``fields`` names the form's
    fields at fault (``{name: message}``), so the page can mark each one where it is."""

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.fields = fields or {}


def parse_jp(value):
    try:
        jp = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise Invalid(_("Enter the JP as a number, for example 8 or 7.5.")) from None
    if not jp.is_finite() or jp <= 0 or jp > MAX_JP or jp != jp.quantize(Decimal("0.01")):
        raise Invalid(_("JP must be more than 0 and at most {max} (two decimals).").format(max=MAX_JP))
    return jp


def parse_competency_type(value):
    if value not in CompetencyType.values:
        raise Invalid(_("Choose a competency type."))
    return value


def parse_text(value, label, *, required=True, max_length=TITLE_MAX):
    text = " ".join(str(value or "").split())
    if required and len(text) < 3:
        raise Invalid(_("{field} is required (at least 3 characters).").format(field=label))
    if len(text) > max_length:
        raise Invalid(_("{field} is too long (at most {max} characters).").format(field=label, max=max_length))
    return text


def parse_completed_on(value, today=None):
    today = today or dates.today()
    try:
        day = date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise Invalid(_("Enter the completion date as a date (YYYY-MM-DD).")) from None
    if day > today:
        raise Invalid(_("The completion date cannot be in the future."))
    if day.year < today.year - OLDEST_YEARS:
        raise Invalid(_("Trainings older than {years} years are not recorded.").format(years=OLDEST_YEARS))
    return day


def parse_started_on(value, completed_on):
    """The first day (SIASN's tanggalKursus); empty: a one-day training, the completion date."""
    if not str(value or "").strip():
        return completed_on
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise Invalid(_("Enter the start date as a date (YYYY-MM-DD).")) from None
    if day > completed_on:
        raise Invalid(_("The start date cannot be after the completion date."))
    if (completed_on - day).days > 366:
        raise Invalid(_("A training longer than a year: report each year's part separately."))
    return day


def parse_certificate_number(value):
    number = " ".join(str(value or "").split())
    if not number:
        raise Invalid(_("Enter the certificate number printed on the certificate (SIASN needs it)."))
    if len(number) > 100:
        raise Invalid(_("The certificate number is too long (at most 100 characters)."))
    return number


def parse_training_kind(value):
    from kemenag_xblocks.competency.models import TrainingKind

    if not str(value or "").strip():
        if TrainingKind.objects.exists():
            raise Invalid(_("Choose the kind of training."))
        return None
    found = TrainingKind.objects.filter(pk=value).first() if str(value).isdigit() and len(str(value)) < 12 else None
    if found is None:
        raise Invalid(_("Choose the kind of training."))
    return found


def parse_entry_id(value):
    """A ledger entry id from a request: a positive integer (booleans and huge numbers refused)."""
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**63:
        from kemenag_xblocks.common.permissions import bad_request

        raise bad_request(_("Unknown training."), code="invalid")
    return value


def find_entry(value):
    """The ledger entry named by a query parameter, or None (bad ids are simply not found)."""
    from kemenag_xblocks.competency.models import LedgerEntry

    text = str(value or "")
    return LedgerEntry.objects.filter(pk=int(text)).first() if text.isdigit() and len(text) < 19 else None


def external_training(fields):
    """The cleaned fields of an external-training report (title, organizer, jp, type, dates,
    certificate number, kind of training). Every field is checked; ``Invalid.fields`` names each
    one at fault and the message is the first of them (in the form's order)."""
    cleaned, problems = {}, {}

    def take(name, parse, *args):
        try:
            cleaned[name] = parse(*args)
        except Invalid as invalid:
            problems[name] = str(invalid)

    take("title", parse_text, fields.get("title"), _("Training name"))
    take("organizer", parse_text, fields.get("organizer"), _("Organizer"))
    take("jp", parse_jp, fields.get("jp"))
    take("competency_type", parse_competency_type, fields.get("competency_type"))
    take("training_kind", parse_training_kind, fields.get("training_kind"))
    take("completed_on", parse_completed_on, fields.get("completed_on"))
    if "completed_on" in cleaned:
        take("started_on", parse_started_on, fields.get("started_on"), cleaned["completed_on"])
    take("certificate_number", parse_certificate_number, fields.get("certificate_number"))
    if problems:
        raise Invalid(next(iter(problems.values())), fields=problems)
    return cleaned
