"""CSV rows of the reports: figures as people write them, and no formulas smuggled into spreadsheets."""

import csv
import io
from decimal import Decimal

from kemenag_xblocks.competency.export import CSV_HEADER, csv_lines, csv_row


def test_a_learner_row_formats_jp_and_joins_the_name():
    row = (7, "196801011990031001", "Siti", "Aminah", "KW-JATIM", Decimal("20.00"), Decimal("27.50"), "meets")
    assert csv_row(row) == ["196801011990031001", "Siti Aminah", "KW-JATIM", "20", "27.5", "meets"]


def test_cells_that_would_run_as_spreadsheet_formulas_are_neutralised():
    row = (1, '=HYPERLINK("http://x")', "+62", "@Budi", None, Decimal(0), Decimal(0), "none")
    cells = csv_row(row)
    assert cells[0].startswith("'=") and cells[1].startswith("'+") and cells[2] == ""


def test_lines_stream_one_row_at_a_time_and_parse_back():
    rows = [(i, f"u{i}", "", "", None, Decimal(i), Decimal(i), "below") for i in range(3)]
    chunks = list(csv_lines(rows))
    assert len(chunks) == 4, "header plus one chunk per learner"
    parsed = list(csv.reader(io.StringIO(b"".join(chunks).decode())))
    assert tuple(parsed[0]) == CSV_HEADER and parsed[3][0] == "u2"
