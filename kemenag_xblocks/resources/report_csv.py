"""The trainers' CSV: one line per learner and item of the list (opened, read)."""

import io

from kemenag_xblocks.common import csv_export

neutralise = csv_export.neutralise  # the project's one rule (tests/resources call it by this name)
HEADER = ("item", "title", "required", "learner", "opened_times", "first_opened", "read_at")


def lines(block_items, rows):
    """Encoded CSV lines, header first (learners' titles and names are hostile text)."""
    by_id = {item["id"]: item for item in block_items}
    buffer = io.StringIO()
    writer = csv_export.writer(buffer)  # neutralises formula-shaped cells
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
        writer.writerow(cells)
    yield buffer.getvalue().encode("utf-8")


def filename(block):
    return f"bacaan-{block.block_id or 'daftar'}.csv".replace("/", "-")
