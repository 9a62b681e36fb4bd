"""Validation of what learners and staff send to the tracker's handlers (server side, every field)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from kemenag_xblocks.competency.models import CompetencyType

MAX_JP = Decimal(200)
OLDEST_YEARS = 5
TITLE_MAX = 255
REASON_MAX = 1000


class Invalid(ValueError):
    """Bad input; the message is translated and says what to fix."""


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
    today = today or timezone.localdate()
    try:
        day = date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise Invalid(_("Enter the completion date as a date (YYYY-MM-DD).")) from None
    if day > today:
        raise Invalid(_("The completion date cannot be in the future."))
    if day.year < today.year - OLDEST_YEARS:
        raise Invalid(_("Trainings older than {years} years are not recorded.").format(years=OLDEST_YEARS))
    return day


def external_training(fields):
    """The cleaned fields of an external-training report (title, organizer, jp, type, date)."""
    return {
        "title": parse_text(fields.get("title"), _("Training name")),
        "organizer": parse_text(fields.get("organizer"), _("Organizer")),
        "jp": parse_jp(fields.get("jp")),
        "competency_type": parse_competency_type(fields.get("competency_type")),
        "completed_on": parse_completed_on(fields.get("completed_on")),
    }
