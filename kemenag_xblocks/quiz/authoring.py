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
