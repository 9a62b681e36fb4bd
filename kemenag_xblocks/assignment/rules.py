"""The assignment's domain rules as pure functions: deadlines, statuses and scores.

No Django models, no XBlock: the block and its handlers call these, tests call them directly.
"""

import datetime

DRAFT, SUBMITTED, LATE, GRADED, RETURNED = "draft", "submitted", "late", "graded", "returned"
ACCEPT_LATE, REFUSE_LATE = "accept", "refuse"
# Statuses in which the learner may still change the files.
EDITABLE = (DRAFT, RETURNED)


def deadline(due, grace_hours):
    """The last moment a hand-in counts as on time, or None without a due date."""
    if due is None:
        return None
    return due + datetime.timedelta(hours=max(0, grace_hours or 0))


def submission_window(now, due, grace_hours, late_policy):
    """``(allowed, is_late)`` for handing in at ``now``."""
    last = deadline(due, grace_hours)
    is_late = last is not None and now > last
    return (not is_late or late_policy != REFUSE_LATE), is_late


def display_status(status, is_late):
    """What learners and staff see: a submitted hand-in after the deadline reads "late"."""
    if status == SUBMITTED and is_late:
        return LATE
    return status


def can_edit_files(status):
    return status in EDITABLE


def validate_score(value, max_points):
    """A score from staff as a float in ``[0, max_points]``; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    score = float(str(value).strip().replace(",", "."))
    if score != score or not 0 <= score <= max_points:  # NaN, or out of range
        raise ValueError("out of range")
    return round(score, 2)


def fraction(score, max_points):
    """The share of the points earned, for the gradebook (0 when the block is worth nothing)."""
    return 0.0 if not max_points else max(0.0, min(1.0, score / max_points))
