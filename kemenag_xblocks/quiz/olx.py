"""The authoring contract: ``<kemenag_moderation_quiz>`` OLX to a quiz definition and back.

A definition ("spec") is plain data: ``{"dimensions", "bands", "items", "feedback",
"recommendations"}``. Parsing validates everything and raises :class:`QuizOLXError` naming the
offending element, so an author's import fails with a message they can act on.
"""

import math

from django.utils.translation import gettext as _
from lxml import etree

from kemenag_xblocks.common import olx as common_olx
from kemenag_xblocks.common.olx import OLXError, describe
from kemenag_xblocks.quiz.defaults import (
    COUNTED_ATTEMPTS,
    DEFAULT_RECOMMEND_BELOW,
    GRADE_MODES,
    ITEM_TYPES,
    LIKERT_SCALE_MAX,
    SETTING_MINIMUMS,
    default_bands,
    default_dimensions,
)

# Attributes of the root element, with their parsers; they map onto the block's settings fields.
INT_SETTINGS = ("items_per_dimension", "attempts_allowed", "time_limit_minutes", "likert_scale")
# The attempts limit's old attribute, still read: it is also the name of the platform's inheritable
# field, so the block's field is ``attempts_allowed`` (docs/quiz.md); export writes the new name.
LEGACY_ATTEMPTS_FIELD = "max_attempts"
# The elements a quiz may hold.
CHILDREN = ("dimension", "band", "item", "feedback", "recommend")


class QuizOLXError(OLXError):
    """Invalid quiz OLX; the message (in the author's language) starts with the element it is about."""


def error(node, message, **values):
    """The error for ``node``: ``message`` is already translated, ``{element}`` names the node."""
    return QuizOLXError(str(common_olx.error(node, message, **values)))


def number(node, name, default=None, *, integer=False, minimum=None, maximum=None):
    raw = node.get(name)
    if raw is None:
        if default is None:
            raise error(node, _("{element}: the {name} attribute is required"), name=name)
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        raise error(node, _('{element}: {name}="{raw}" is not a number'), name=name, raw=raw) from None
    if not integer and not math.isfinite(value):
        raise error(node, _('{element}: {name}="{raw}" is not a number'), name=name, raw=raw)
    if minimum is not None and value < minimum:
        message = _('{element}: {name}="{raw}" must be at least {minimum}')
        raise error(node, message, name=name, raw=raw, minimum=minimum)
    if maximum is not None and value > maximum:
        message = _('{element}: {name}="{raw}" must be at most {maximum}')
        raise error(node, message, name=name, raw=raw, maximum=maximum)
    return value


def inner_xml(node):
    """The element's content as markup (prompts and feedback may hold simple HTML)."""
    return common_olx.inner_html(node)


def set_inner_xml(node, markup):
    return common_olx.set_inner_html(node, markup)


def parse_settings(node):
    """The root element's numeric settings, validated (``{}`` entries only for those present)."""
    found = {}
    for name in INT_SETTINGS:
        if node.get(name) is not None:
            maximum = LIKERT_SCALE_MAX if name == "likert_scale" else None
            found[name] = number(node, name, integer=True, minimum=SETTING_MINIMUMS[name], maximum=maximum)
    if node.get(LEGACY_ATTEMPTS_FIELD) is not None and "attempts_allowed" not in found:
        found["attempts_allowed"] = number(
            node, LEGACY_ATTEMPTS_FIELD, integer=True, minimum=SETTING_MINIMUMS["attempts_allowed"]
        )
    if node.get("weight") is not None:
        found["weight"] = number(node, "weight", minimum=SETTING_MINIMUMS["weight"])
    if node.get("counted_attempt") is not None:
        if node.get("counted_attempt") not in COUNTED_ATTEMPTS:
            raise error(node, _('{element}: counted_attempt must be "highest", "latest" or "first"'))
        found["counted_attempt"] = node.get("counted_attempt")
    if node.get("grade_mode") is not None:
        if node.get("grade_mode") not in GRADE_MODES:
            raise error(node, _('{element}: grade_mode must be "index" or "completion"'))
        found["grade_mode"] = node.get("grade_mode")
    return found


def _unique(seen, node, value):
    if not value:
        raise error(node, _("{element}: the id attribute is required"))
    if value in seen:
        duplicate = {
            "item": _('{element}: duplicate item id "{id}"'),
            "option": _('{element}: duplicate option id "{id}"'),
            "dimension": _('{element}: duplicate dimension id "{id}"'),
        }[node.tag]
        raise error(node, duplicate, id=value)
    seen.add(value)


def parse_item(node, dimension_ids, seen):
    _unique(seen, node, node.get("id"))
    item = {"id": node.get("id"), "dimension": node.get("dimension"), "type": node.get("type", "likert")}
    if item["dimension"] not in dimension_ids:
        raise error(node, _('{element}: unknown dimension "{dimension}"'), dimension=item["dimension"])
    if item["type"] not in ITEM_TYPES:
        raise error(node, _('{element}: type must be "likert" or "choice"'))
    if node.get("reverse") not in (None, "true", "false"):
        raise error(node, _('{element}: reverse must be "true" or "false"'))
    item["reverse"] = node.get("reverse") == "true"
    prompt = node.find("prompt")
    item["prompt"] = inner_xml(prompt) if prompt is not None else ""
    if not item["prompt"]:
        raise error(node, _("{element}: the item has no <prompt>"))
    item["options"] = []
    option_ids = set()
    for option in node.findall("option"):
        _unique(option_ids, option, option.get("id"))
        text = inner_xml(option)
        if not text:
            raise error(option, _("{element} in {item}: the option has no text"), item=describe(node))
        item["options"].append({"id": option.get("id"), "score": number(option, "score", minimum=0), "text": text})
    if item["type"] == "choice":
        if len(item["options"]) < 2:
            raise error(node, _("{element}: a choice item needs at least two <option> elements"))
        if max(option["score"] for option in item["options"]) <= 0:
            raise error(node, _("{element}: at least one option must have a score above 0"))
    elif item["options"]:
        raise error(node, _("{element}: a likert item takes no <option> elements"))
    return item


def parse(node):
    """``(settings, spec)`` from the root element; defaults where the author left things out."""
    settings = parse_settings(node)
    dimensions, bands, seen = [], [], set()
    for child in node.findall("dimension"):
        _unique(seen, child, child.get("id"))
        name = (child.text or "").strip()
        if not name:
            raise error(child, _("{element}: the dimension has no name"))
        dimensions.append({"id": child.get("id"), "weight": number(child, "weight", 1.0, minimum=0), "name": name})
    for child in node.findall("band"):
        name = (child.text or "").strip()
        if not name:
            raise error(child, _("{element}: the band has no name"))
        band_min = number(child, "min")
        if not 0 <= band_min <= 100:
            raise error(child, _("{element}: min must be between 0 and 100"))
        if band_min in {b["min"] for b in bands}:
            raise error(child, _("{element}: two bands share this min"))
        bands.append({"min": band_min, "name": name})
    if dimensions and not sum(d["weight"] for d in dimensions) > 0:
        raise error(node, _("{element}: the dimension weights add up to 0"))
    # Authored lists are kept as written (empty = defaults) so that export reproduces the OLX.
    bands.sort(key=lambda b: b["min"])
    dimension_ids = {d["id"] for d in dimensions or default_dimensions()}
    band_mins = {b["min"] for b in bands or default_bands()}
    item_ids = set()
    items = [parse_item(child, dimension_ids, item_ids) for child in node.findall("item")]
    feedback, recommendations = [], []
    for child in node.findall("feedback"):
        if child.get("dimension") not in dimension_ids:
            raise error(child, _('{element}: unknown dimension "{dimension}"'), dimension=child.get("dimension"))
        band_min = number(child, "band")
        if band_min not in band_mins:
            raise error(child, _('{element}: band="{band}" is not the min of a band'), band=child.get("band"))
        feedback.append({"dimension": child.get("dimension"), "band": band_min, "html": inner_xml(child)})
    for child in node.findall("recommend"):
        if child.get("dimension") not in dimension_ids:
            raise error(child, _('{element}: unknown dimension "{dimension}"'), dimension=child.get("dimension"))
        if not child.get("unit"):
            raise error(child, _("{element}: the unit attribute (a unit's url_name) is required"))
        recommendation = {
            "dimension": child.get("dimension"),
            "unit": child.get("unit"),
            "below": number(child, "below", DEFAULT_RECOMMEND_BELOW, minimum=0),
            "title": (child.text or "").strip() or child.get("unit"),
        }
        if child.get("below") is None:
            recommendation["below_default"] = True  # exported without below=, as the author wrote it
        recommendations.append(recommendation)
    try:
        common_olx.check_children(node, CHILDREN)
    except OLXError as unknown:
        raise QuizOLXError(str(unknown)) from None
    spec = {
        "dimensions": dimensions,
        "bands": bands,
        "items": items,
        "feedback": feedback,
        "recommendations": recommendations,
    }
    return settings, spec


def effective(spec):
    """The definition with defaults filled in: what scoring and the views use."""
    return {
        **spec,
        "dimensions": spec["dimensions"] or default_dimensions(),
        "bands": spec["bands"] or default_bands(),
    }


def empty_spec():
    return {"dimensions": [], "bands": [], "items": [], "feedback": [], "recommendations": []}


def number_text(value):
    """``1`` rather than ``1.0`` in exported attributes, so the OLX reads as authored."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def export(spec, node):
    """Write the definition as child elements of ``node`` (the inverse of :func:`parse`)."""
    for dimension in spec["dimensions"]:
        etree.SubElement(
            node, "dimension", id=dimension["id"], weight=number_text(dimension["weight"])
        ).text = dimension["name"]
    for band in spec["bands"]:
        etree.SubElement(node, "band", min=number_text(band["min"])).text = band["name"]
    for item in spec["items"]:
        attrs = {"id": item["id"], "dimension": item["dimension"], "type": item["type"]}
        if item.get("reverse"):
            attrs["reverse"] = "true"
        element = etree.SubElement(node, "item", **attrs)
        set_inner_xml(etree.SubElement(element, "prompt"), item["prompt"])
        for option in item["options"]:
            set_inner_xml(
                etree.SubElement(element, "option", id=option["id"], score=number_text(option["score"])), option["text"]
            )
    for entry in spec["feedback"]:
        set_inner_xml(
            etree.SubElement(node, "feedback", dimension=entry["dimension"], band=number_text(entry["band"])),
            entry["html"],
        )
    for entry in spec["recommendations"]:
        attributes = {"dimension": entry["dimension"], "unit": entry["unit"]}
        if not entry.get("below_default"):
            attributes["below"] = number_text(entry["below"])
        etree.SubElement(node, "recommend", **attributes).text = entry["title"]
    return node
