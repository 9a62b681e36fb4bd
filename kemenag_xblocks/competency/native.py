"""The competency tracker as the mobile apps read it (docs/native-api.md).

``student_view_data`` is the course's JP settings; the user state is the learner's own ledger,
figures as numbers (the app formats them) and nothing of the cohort or of staff decisions but
the learner's own entries' status.
"""

from django.utils.translation import gettext as _

from kemenag_xblocks.competency import api, rules, transcript
from kemenag_xblocks.competency.models import CompetencyType, LedgerEntry
from kemenag_xblocks.conf import setting


def jp(value):
    """JP as a number for the apps; None stays None (a type without a target)."""
    return None if value is None else float(rules.format_jp(value))


def student_view_data(block):
    return {
        "display_name": _(block.display_name),  # the default name is marked, not translated
        "course_title": block.course_title,
        "jp": block.jp,
        "competency_type": block.competency_type,
        "competency_type_label": transcript.type_label(block.competency_type),
        "yearly_target_jp": jp(api.yearly_target()),
        "evidence_types": list(setting("KEMENAG_JP_EVIDENCE_TYPES")),
        "competency_types": [{"value": value, "label": _(label)} for value, label in CompetencyType.choices],
    }


def user_state(user_id, evidence_url):
    """``evidence_url(entry)`` is the block's download link for an entry's certificate ("" if none)."""
    summary = api.learner_summary(user_id)
    return {
        "as_of": summary.as_of.isoformat(),
        "status": summary.status,
        "status_text": rules.status_text(summary),
        "target_jp": jp(summary.target),
        "jp_this_year": jp(summary.jp_this_year),
        "jp_needed": jp(summary.jp_needed),
        "jp_last_24_months": jp(summary.jp_last_24_months),
        "by_type": {value: jp(summary.by_type.get(value, 0)) for value in CompetencyType.values},
        "entries": [
            {
                "id": entry.pk,
                "title": entry.title,
                "organizer": entry.organizer,
                "source": entry.source,
                "jp": jp(entry.jp),
                "competency_type": entry.competency_type,
                "completed_on": entry.completed_on.isoformat(),
                "status": entry.status,
                "status_label": _(LedgerEntry.Status(entry.status).label),
                "reject_reason": entry.reject_reason,
                "evidence_url": evidence_url(entry),
            }
            for entry in api.learner_entries(user_id)[:100]
        ],
    }
