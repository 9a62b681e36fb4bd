"""Grades as CSV: export every hand-in, import scores and feedback back (all rows or none).

Import is checked completely before anything changes: a file with one bad row reports every
bad row (line number and reason) and applies nothing, so a facilitator fixes the sheet and
imports it again without having to work out which half went in.
"""

import csv
import io

from django.utils.translation import gettext as _

from kemenag_xblocks.assignment import rules
from kemenag_xblocks.assignment.presenters import points
from kemenag_xblocks.common import csv_export

EXPORT_HEADER = ["username", "anonymous_id", "status", "submitted_at", "files", "score", "max_score", "feedback"]
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_FEEDBACK = 10000


def _safe_cell(value):
    """Neutralise spreadsheet formulas (CSV injection) in learner-controlled text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_rows(submissions, max_points):
    yield EXPORT_HEADER
    for sub in submissions:
        yield [
            _safe_cell(sub.username),
            sub.anonymous_id,
            rules.display_status(sub.status, sub.is_late),
            sub.submitted_at.isoformat() if sub.submitted_at else "",
            _safe_cell("; ".join(f.display_name for f in sub.files.all())),
            "" if sub.score is None else sub.score,
            max_points,
            _safe_cell(sub.feedback),
        ]


def export_text(submissions, max_points):
    buffer = io.StringIO()
    csv_export.writer(buffer).writerows(export_rows(submissions, max_points))
    return buffer.getvalue()


def parse_import(text, submissions, max_points):
    """``(changes, errors)``: changes as ``(submission, score, feedback)``; errors as dicts.

    ``submissions`` are the block's rows. A row names its learner by ``anonymous_id`` (or
    ``username``); an empty score leaves that learner unchanged.
    """
    by_anonymous = {s.anonymous_id: s for s in submissions}
    by_username = {s.username: s for s in submissions if s.username}
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
    except csv.Error:
        return [], [{"line": 1, "error": _("The file is not a valid CSV file.")}]
    if "score" not in header or not ({"anonymous_id", "username"} & set(header)):
        return [], [
            {"line": 1, "error": _("The header must have a 'score' column and an 'anonymous_id' or 'username' column.")}
        ]
    changes, errors, seen = [], [], set()
    try:
        for row in reader:
            line = reader.line_num
            key = (row.get("anonymous_id") or "").strip()
            sub = by_anonymous.get(key) if key else by_username.get((row.get("username") or "").strip())
            raw_score = (row.get("score") or "").strip()
            if sub is None:
                errors.append({"line": line, "error": _("No learner with this id has a hand-in here.")})
                continue
            if sub.pk in seen:
                errors.append({"line": line, "error": _("This learner appears more than once.")})
                continue
            seen.add(sub.pk)
            if not raw_score:
                continue
            if sub.status not in (rules.SUBMITTED, rules.GRADED):
                errors.append({"line": line, "error": _("This learner has not handed in work to grade.")})
                continue
            try:
                score = rules.validate_score(raw_score, max_points)
            except ValueError:
                errors.append(
                    {
                        "line": line,
                        "error": _("The score must be a number from 0 to {max}.").format(max=points(max_points)),
                    }
                )
                continue
            feedback = csv_export.restore((row.get("feedback") or "").strip())
            if len(feedback) > MAX_FEEDBACK:
                errors.append({"line": line, "error": _("The feedback is too long.")})
                continue
            changes.append((sub, score, feedback if "feedback" in header else None))
    except csv.Error:
        errors.append({"line": reader.line_num, "error": _("The file is not a valid CSV file.")})
    return changes, errors
