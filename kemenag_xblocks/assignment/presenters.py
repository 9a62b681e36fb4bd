"""What the browser receives: JSON-ready dicts of a hand-in, for the learner and for staff.

Learners get their own files, status and (once graded) the grade; staff rows add who the learner
is. Download URLs are handler URLs, checked again on every request. Numbers come twice: as
numbers (``score``, ``max``) for programs, and as ``*_label`` text in the user's language (decimal
comma in Indonesian) for people; the browser shows only the labels.
"""

from urllib.parse import urlencode

from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kemenag_xblocks.assignment import rubric_rules, rules
from kemenag_xblocks.common import timefmt

STATUS_LABELS = {
    rules.DRAFT: gettext_noop("Draft"),
    rules.SUBMITTED: gettext_noop("Handed in"),
    rules.LATE: gettext_noop("Handed in late"),
    rules.GRADED: gettext_noop("Graded"),
    rules.RETURNED: gettext_noop("Returned for revision"),
}


# Shown where there is no score yet (an en dash).
NO_SCORE = "\u2013"
HISTORY_ACTIONS = {
    "assignment.grade": gettext_noop("Graded"),
    "assignment.regrade": gettext_noop("Grade changed"),
    "assignment.return": gettext_noop("Returned for revision"),
}


def status_label(status):
    return _(STATUS_LABELS[status])


def add_query(url, **params):
    """``url`` with ``params`` appended (handler URLs may already carry a query, as in the workbench)."""
    return url + ("&" if "?" in url else "?") + urlencode(params)


def when(value, zone=None):
    """A moment in the user's time zone, labelled ("1 Des. 2026, 15.05 WIB")."""
    return timefmt.format_moment(value, zone)


def points(value):
    """A score or a number of points as the active language writes it: "32,5" in Indonesian,
    "32.5" in English; whole numbers without decimals. Empty for no score."""
    if value is None:
        return ""
    value = round(float(value), 2)
    return formats.number_format(int(value) if value.is_integer() else value, use_l10n=True)


def file_dict(row, download_url):
    return {
        "id": row.pk,
        "name": row.display_name,
        "size": row.size,
        "size_label": _size(row.size),
        "sha256": row.sha256,
        "url": add_query(download_url, file=row.pk),
    }


def _size(size):
    return str(filesizeformat(size))


def rubric_result(rubric, levels):
    rows = []
    for index, criterion in enumerate(rubric):
        chosen = levels.get(str(index)) if levels else None
        level = criterion["levels"][chosen] if chosen is not None and chosen < len(criterion["levels"]) else None
        most = max(lvl["points"] for lvl in criterion["levels"])
        rows.append(
            {
                "name": criterion["name"],
                "level": level["label"] if level else "",
                "points": level["points"] if level else None,
                "max": most,
                "points_label": points(level["points"]) if level else "",
                "max_label": points(most),
            }
        )
    return rows


def rubric_outline(rubric, weight):
    """The rubric as learners read it before handing in: each criterion, its levels and points."""
    if not rubric:
        return None
    top = rubric_rules.max_points(rubric)
    return {
        "criteria": [
            {
                "name": criterion["name"],
                "description": criterion.get("description", ""),
                "max_label": points(max(level["points"] for level in criterion["levels"])),
                "levels": [
                    {"label": level["label"], "points_label": points(level["points"])} for level in criterion["levels"]
                ],
            }
            for criterion in rubric
        ],
        "max_label": points(top),
        "weight_label": points(weight),
        "scaled": weight is not None and float(top) != float(weight),
    }


def grade_dict(sub, weight, rubric, download_url, zone=None):
    if sub.status != rules.GRADED and not (sub.status == rules.RETURNED and sub.feedback):
        return None
    score = sub.score if sub.status == rules.GRADED else None
    return {
        "score": score,
        "max": weight,
        "score_label": points(score),
        "max_label": points(weight),
        "feedback": sub.feedback,
        "rubric": rubric_result(rubric, sub.rubric_levels) if sub.status == rules.GRADED and rubric else [],
        "annotated": {"name": sub.annotated_name, "url": add_query(download_url, annotated=sub.pk)}
        if sub.annotated_path
        else None,
        "graded_at": when(sub.graded_at, zone),
    }


def learner_state(sub, *, weight, rubric, download_url, receipt_url, zone=None):
    """The learner's own view of the hand-in (an empty draft when there is none yet)."""
    if sub is None:
        return {
            "status": rules.DRAFT,
            "status_label": status_label(rules.DRAFT),
            "files": [],
            "can_edit": True,
            "submitted_at": "",
            "grade": None,
            "receipt": None,
        }
    status = rules.display_status(sub.status, sub.is_late)
    submitted = sub.status != rules.DRAFT and sub.submitted_at is not None
    return {
        "status": status,
        "status_label": status_label(status),
        "files": [file_dict(f, download_url) for f in sub.files.all()],
        "can_edit": rules.can_edit_files(sub.status),
        "submitted_at": when(sub.submitted_at, zone),
        "grade": grade_dict(sub, weight, rubric, download_url, zone),
        "receipt": {"pdf": add_query(receipt_url, format="pdf"), "page": receipt_url} if submitted else None,
    }


def staff_row(sub, *, weight, rubric, download_url, zone=None):
    status = rules.display_status(sub.status, sub.is_late)
    return {
        "id": sub.pk,
        "username": sub.username,
        "full_name": sub.full_name,
        "anonymous_id": sub.anonymous_id,
        "status": status,
        "status_label": status_label(status),
        "late": sub.is_late,
        "submitted_at": when(sub.submitted_at, zone),
        "attempt": sub.attempt,
        "files": [file_dict(f, download_url) for f in sub.files.all()],
        "score": sub.score,
        "max": weight,
        "score_label": points(sub.score) or NO_SCORE,
        "max_label": points(weight),
        "feedback": sub.feedback,
        "rubric_levels": sub.rubric_levels,
        "annotated": {"name": sub.annotated_name, "url": add_query(download_url, annotated=sub.pk)}
        if sub.annotated_path
        else None,
    }


def history_entry(entry, names, zone=None):
    """One audit entry as staff read it: when, who (``names``: user id -> username), what, the
    score before and after (``NO_SCORE`` for none)."""
    old, new = entry.old_value or {}, entry.new_value or {}
    return {
        "when": when(entry.created, zone),
        "who": names.get(entry.actor_id) or str(entry.actor_id or ""),
        "action": entry.action,
        "action_label": _(HISTORY_ACTIONS.get(entry.action, entry.action)),
        "old_score": points(old.get("score")) or NO_SCORE,
        "new_score": points(new.get("score")) or NO_SCORE,
    }
