"""The item bank as CSV, for authors who write items in a spreadsheet (Studio import/export).

One row per item: ``id, dimension, type, reverse, prompt`` then up to six options as
``option_a, score_a … option_f, score_f`` (the letter is the option id). Import validates each
row with the OLX rules and reports every bad row; nothing is replaced unless all rows are good.
"""

import csv
import io

from django.utils.translation import gettext as _
from lxml import etree

from kemenag_xblocks.common import csv_export
from kemenag_xblocks.quiz.olx import QuizOLXError, parse_item, set_inner_xml

LETTERS = "abcdef"
# A bank of a few hundred questions is well under this; a bigger file is a mistake or an attack.
MAX_CSV_CHARACTERS = 2 * 10**6
COLUMNS = ["id", "dimension", "type", "reverse", "prompt"] + [
    column for letter in LETTERS for column in (f"option_{letter}", f"score_{letter}")
]


def _num(value):
    return str(int(value)) if float(value).is_integer() else str(value)


def to_csv(items):
    buffer = io.StringIO()
    writer = csv_export.dict_writer(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for item in items:
        row = {
            "id": item["id"],
            "dimension": item["dimension"],
            "type": item["type"],
            "reverse": "true" if item.get("reverse") else "",
            "prompt": item["prompt"],
        }
        for letter, option in zip(LETTERS, item["options"], strict=False):
            row[f"option_{letter}"] = option["text"]
            row[f"score_{letter}"] = _num(option["score"])
        writer.writerow(row)
    return buffer.getvalue()


def _element(row):
    """The row as an ``<item>`` element, so that the OLX rules validate it."""
    item = etree.Element("item", id=(row.get("id") or "").strip(), dimension=(row.get("dimension") or "").strip())
    item.set("type", (row.get("type") or "likert").strip())
    reverse = (row.get("reverse") or "").strip().lower()
    if reverse:
        item.set("reverse", "true" if reverse in ("true", "1", "ya", "yes") else reverse)
    _markup(etree.SubElement(item, "prompt"), (row.get("prompt") or "").strip())
    for letter in LETTERS:
        text = (row.get(f"option_{letter}") or "").strip()
        if text:
            _markup(etree.SubElement(item, "option", id=letter, score=(row.get(f"score_{letter}") or "").strip()), text)
    return item


def _markup(element, markup):
    """A cell's simple HTML as authored (``<strong>``…), as the export wrote it; parse_item reads the
    element's content back as markup (text set with ``.text`` would come back escaped)."""
    try:
        set_inner_xml(element, markup)
    except etree.XMLSyntaxError:
        element.text = markup


def from_csv(text, dimension_ids):
    """``(items, errors)``; errors are ``{"row": n, "message": …}`` with n counted as in a spreadsheet."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("id", "dimension", "prompt") if c not in (reader.fieldnames or [])]
    if missing:
        return [], [{"row": 1, "message": _("Missing columns: {columns}").format(columns=", ".join(missing))}]
    items, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        row = {key: csv_export.restore(value) for key, value in row.items()}  # an exported sheet
        try:
            items.append(parse_item(_element(row), dimension_ids, seen))
        except QuizOLXError as error:
            errors.append({"row": number, "message": str(error)})
    return items, errors
