"""The trainers' CSV: one line per learner and item of the list (opened, read)."""

import csv
import io

HEADER = ("item", "title", "required", "learner", "opened_times", "first_opened", "read_at")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """Spreadsheet software runs a cell starting with = + - @ as a formula: prefix it with '."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


def lines(block_items, rows):
    """Encoded CSV lines, header first (learners' titles and names are hostile text)."""
    by_id = {item["id"]: item for item in block_items}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        item = by_id.get(row.item_id)
        if item is None:
            continue  # an item the author removed since
        cells = (
            row.item_id,
            item["title"],
            "yes" if item.get("required") else "no",
            row.username or row.anonymous_id,
            row.opened,
            row.first_opened.isoformat() if row.first_opened else "",
            row.read_at.isoformat() if row.read_at else "",
        )
        writer.writerow([neutralise(cell) for cell in cells])
    yield buffer.getvalue().encode("utf-8")


def filename(block):
    return f"bacaan-{block.block_id or 'daftar'}.csv".replace("/", "-")
