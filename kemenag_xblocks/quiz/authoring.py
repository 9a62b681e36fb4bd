"""Studio's edits of the quiz definition, checked by the same OLX rules as an import.

The edited parts are written back as OLX elements and the whole definition is parsed again, so
an edit that would orphan an item (a dimension removed) or feedback (a band removed) fails with
the message an import would give, naming the element.
"""

from lxml import etree

from kemenag_xblocks.quiz import olx
from kemenag_xblocks.quiz.defaults import default_bands, default_dimensions


class ShapeError(ValueError):
    """The request is not lists of rows of text."""


def _rows(value, keys):
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise ShapeError()
    rows = []
    for row in value:
        if any(not isinstance(row.get(key, ""), (str, int, float)) for key in keys):
            raise ShapeError()
        rows.append({key: str(row.get(key, "")).strip() for key in keys})
    return rows


def _same(parsed, defaults, keys):
    return [tuple(str(x[k]) for k in keys) for x in parsed] == [tuple(str(x[k]) for k in keys) for x in defaults]


def with_dimensions_and_bands(spec, dimensions, bands):
    """``spec`` with the dimensions and bands replaced (rows of text, as the editor sends them).

    Raises ``olx.QuizOLXError`` for what the OLX rules refuse, ``ShapeError`` for a malformed
    request. Rows equal to the Kemenag defaults are kept implicit, as an author's OLX would."""
    dimension_rows = _rows(dimensions, ("id", "name", "weight"))
    band_rows = _rows(bands, ("min", "name"))
    root = etree.Element("kemenag_moderation_quiz")
    for row in dimension_rows:
        element = etree.SubElement(root, "dimension", id=row["id"], weight=row["weight"] or "1")
        element.text = row["name"]
    for row in band_rows:
        etree.SubElement(root, "band", min=row["min"]).text = row["name"]
    olx.export({**spec, "dimensions": [], "bands": []}, root)
    _settings, parsed = olx.parse(root)
    if _same(parsed["dimensions"], default_dimensions(), ("id", "name", "weight")):
        parsed["dimensions"] = []
    if _same(parsed["bands"], default_bands(), ("min", "name")):
        parsed["bands"] = []
    return parsed


def _item_element(row):
    """An editor row (``{id, dimension, type, reverse, prompt, options: [{id, text, score}]}``) as
    an ``<item>`` element, so the OLX rules validate it exactly as an import would."""
    if not isinstance(row, dict) or not isinstance(row.get("options", []), list):
        raise ShapeError()
    text = {key: str(row.get(key) or "").strip() for key in ("id", "dimension", "type", "prompt")}
    item = etree.Element("item", id=text["id"], dimension=text["dimension"], type=text["type"] or "likert")
    if row.get("reverse") is True:
        item.set("reverse", "true")
    _markup(etree.SubElement(item, "prompt"), text["prompt"])
    for option in row.get("options") or []:
        if not isinstance(option, dict):
            raise ShapeError()
        element = etree.SubElement(
            item, "option", id=str(option.get("id") or "").strip(), score=str(option.get("score") or "").strip()
        )
        _markup(element, str(option.get("text") or "").strip())
    return item


def _markup(element, markup):
    """Simple HTML as authored (``<strong>``…); text that is not well-formed markup stays text."""
    try:
        olx.set_inner_xml(element, markup)
    except etree.XMLSyntaxError:
        element.text = markup


def items_from_rows(rows, dimension_ids):
    """``(items, errors)`` for the item editor's rows; an error is ``{"row": n (from 1), "message"}``
    naming the element, all rows checked, nothing kept unless every row is good."""
    if not isinstance(rows, list):
        raise ShapeError()
    items, errors, seen = [], [], set()
    for number, row in enumerate(rows, start=1):
        try:
            items.append(olx.parse_item(_item_element(row), dimension_ids, seen))
        except olx.QuizOLXError as error:
            errors.append({"row": number, "message": str(error)})
    return items, errors


def editor_rows(items):
    """The items as the editor shows them (the inverse of ``items_from_rows``)."""
    return [
        {
            "id": item["id"],
            "dimension": item["dimension"],
            "type": item["type"],
            "reverse": bool(item.get("reverse")),
            "prompt": item["prompt"],
            "options": [
                {"id": o["id"], "text": o["text"], "score": olx.number_text(o["score"])} for o in item["options"]
            ],
        }
        for item in items
    ]
