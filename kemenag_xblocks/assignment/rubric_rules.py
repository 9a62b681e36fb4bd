"""An optional rubric: criteria, each with point levels. Validated, scored and kept in OLX.

The rubric is stored as a list of criteria, ``[{"name", "description", "levels": [{"label",
"points"}]}]``, and exported as child elements::

    <rubric>
      <criterion name="Kejelasan tujuan" description="...">
        <level points="0">Belum ada</level>
        <level points="10">Jelas dan terukur</level>
      </criterion>
    </rubric>
"""

from django.utils.translation import gettext as _
from lxml import etree

MAX_CRITERIA = 20
MAX_LEVELS = 10


class RubricError(ValueError):
    """A rubric an author wrote that cannot be used; the message names the problem."""


def _points(value, where):
    try:
        points = float(value)
    except (TypeError, ValueError):
        raise RubricError(_("{where}: points must be a number").format(where=where)) from None
    if points != points or points < 0:
        raise RubricError(_("{where}: points must be zero or more").format(where=where))
    return int(points) if points.is_integer() else points


def normalise(rubric):
    """A clean copy of ``rubric``; RubricError when it is malformed."""
    if rubric in (None, "", []):
        return []
    if not isinstance(rubric, list) or len(rubric) > MAX_CRITERIA:
        raise RubricError(_("a rubric is a list of at most {count} criteria").format(count=MAX_CRITERIA))
    clean = []
    for number, criterion in enumerate(rubric, start=1):
        where = _("criterion {number}").format(number=number)
        if not isinstance(criterion, dict) or not str(criterion.get("name", "")).strip():
            raise RubricError(_("{where}: needs a name").format(where=where))
        levels = criterion.get("levels")
        if not isinstance(levels, list) or not 2 <= len(levels) <= MAX_LEVELS:
            raise RubricError(_("{where}: needs between 2 and {count} levels").format(where=where, count=MAX_LEVELS))
        clean_levels = []
        for level_number, level in enumerate(levels, start=1):
            level_where = _("{where}, level {number}").format(where=where, number=level_number)
            if not isinstance(level, dict) or not str(level.get("label", "")).strip():
                raise RubricError(_("{where}: needs a label").format(where=level_where))
            clean_levels.append(
                {"label": str(level["label"]).strip(), "points": _points(level.get("points"), level_where)}
            )
        clean.append(
            {
                "name": str(criterion["name"]).strip(),
                "description": str(criterion.get("description", "")).strip(),
                "levels": clean_levels,
            }
        )
    return clean


def max_points(rubric):
    return sum(max(level["points"] for level in criterion["levels"]) for criterion in rubric)


def level_index(raw, count):
    """The level index in ``raw`` (an int, or its digits as text) if it is in ``range(count)``, else
    None: never a float (``1e999`` is infinite, ``1.5`` no level), a bool, or a huge number."""
    if isinstance(raw, str) and raw.strip().isdigit() and len(raw.strip()) <= 3:
        raw = int(raw.strip())
    if not isinstance(raw, int) or isinstance(raw, bool):
        return None
    return raw if 0 <= raw < count else None


def score(rubric, selected):
    """Raw rubric points for ``selected`` (criterion index -> level index, as strings or ints).

    Every criterion must have a level; ValueError otherwise.
    """
    if not isinstance(selected, dict):
        raise ValueError("levels must be an object")
    total, chosen = 0, {}
    for index, criterion in enumerate(rubric):
        level = level_index(selected.get(str(index), selected.get(index)), len(criterion["levels"]))
        if level is None:
            raise ValueError(f"criterion {index + 1}: no such level")
        chosen[str(index)] = level
        total += criterion["levels"][level]["points"]
    return total, chosen


def scaled(rubric, raw_points, weight):
    """Rubric points scaled to the block's weight, so the gradebook sees one scale."""
    top = max_points(rubric)
    return round(weight * raw_points / top, 2) if top else 0.0


def from_xml(node):
    """Criteria from a ``<rubric>`` element."""
    rubric = []
    for criterion in node.iterchildren("criterion"):
        rubric.append(
            {
                "name": criterion.get("name", ""),
                "description": criterion.get("description", ""),
                "levels": [
                    {"label": (level.text or "").strip(), "points": level.get("points", "0")}
                    for level in criterion.iterchildren("level")
                ],
            }
        )
    return normalise(rubric)


def to_xml(rubric, parent):
    """Append a ``<rubric>`` element to ``parent`` (nothing for an empty rubric)."""
    if not rubric:
        return
    node = etree.SubElement(parent, "rubric")
    for criterion in rubric:
        element = etree.SubElement(node, "criterion", name=criterion["name"])
        if criterion.get("description"):
            element.set("description", criterion["description"])
        for level in criterion["levels"]:
            level_node = etree.SubElement(element, "level", points=str(level["points"]))
            level_node.text = level["label"]
