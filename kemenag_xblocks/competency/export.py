"""CSV of learners' JP figures, shared by the block's export and the platform report command."""

import io

from kemenag_xblocks.common import csv_export
from kemenag_xblocks.competency import rules

CSV_HEADER = ("username", "name", "work_unit", "jp_this_year", "jp_last_24_months", "status")


def neutralise(cell):
    # A cell starting with = + - @ would run as a formula in spreadsheet software.
    return "'" + cell if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell


def csv_row(row):
    """One learner row of ``api.iter_learner_rows`` / ``api.cohort_report`` as CSV cells."""
    _pk, username, first, last, unit, jp_year, jp_24, state = row
    name = f"{first} {last}".strip()
    cells = (username, name, unit or "", rules.format_jp(jp_year), rules.format_jp(jp_24), state)
    return [neutralise(cell) for cell in cells]


def csv_lines(rows):
    """The header and one encoded line per learner, yielded one at a time (for streaming responses)."""
    buffer = io.StringIO()
    writer = csv_export.writer(buffer)
    for row in (CSV_HEADER, *(csv_row(r) for r in rows)):
        writer.writerow(row)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
