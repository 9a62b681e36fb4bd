"""The block's OLX (docs/resources.md): an optional ``<intro>`` and ``<item>`` elements in order.

<kemenag_resources display_name="Ruang Baca: Toleransi">
  <intro>Bacalah sebelum diskusi.</intro>
  <item id="3f2a..." kind="record" identifier="oai:jurnal:12" url="https://..." pdf_url="https://..."
        year="2019" required="true">
    <title>Moderasi Beragama</title>
    <creator>Tim Penyusun Kementerian Agama RI</creator>
    <note>Bab 3 tentang indikator.</note>
  </item>
  <item kind="link" url="https://..."><title>Perpustakaan digital</title></item>
</kemenag_resources>
"""

from django.utils.translation import gettext as _
from lxml import etree

from kemenag_xblocks.common import olx
from kemenag_xblocks.resources import items as list_items

ITEM_ATTRIBUTES = ("id", "kind", "identifier", "url", "pdf_url", "year", "required")


def _text(node, tag):
    child = node.find(tag)
    return (child.text or "").strip() if child is not None else ""


def parse(node):
    """(intro, items) from the block's element; ``OLXError`` naming the element at fault."""
    olx.check_children(node, ("intro", "item"))
    parsed = []
    for index, element in enumerate(node.iterchildren("item")):
        olx.check_children(element, ("title", "creator", "note"))
        raw = {name: element.get(name) for name in ITEM_ATTRIBUTES if element.get(name) is not None}
        raw["title"] = _text(element, "title")
        raw["note"] = _text(element, "note")
        raw["creators"] = [(c.text or "").strip() for c in element.iterchildren("creator")]
        try:
            parsed.append(list_items.normalise_item(raw, index))
        except list_items.ItemError as problem:
            raise olx.error(element, _("{element}: {problem}"), problem=problem_text(problem.code)) from None
    try:
        cleaned = list_items.normalise_list(parsed)
    except list_items.ItemError as problem:
        raise olx.error(node, _("{element}: {problem}"), problem=problem_text(problem.code)) from None
    return _text(node, "intro"), cleaned


def write(node, intro, items):
    """Append the intro and the items to ``node`` (the inverse of ``parse``)."""
    if intro:
        etree.SubElement(node, "intro").text = intro
    for item in items:
        element = etree.SubElement(node, "item")
        for name in ITEM_ATTRIBUTES:
            value = item.get(name)
            if name == "required":
                if value:
                    element.set(name, "true")
            elif value:
                element.set(name, str(value))
        etree.SubElement(element, "title").text = item["title"]
        for creator in item.get("creators") or []:
            etree.SubElement(element, "creator").text = creator
        if item.get("note"):
            etree.SubElement(element, "note").text = item["note"]


def problem_text(code):
    """The author-facing sentence for an ``ItemError`` code (also used by the Studio editor)."""
    return {
        "shape": _("the item could not be read"),
        "no_title": _("every item needs a title"),
        "bad_url": _("links must start with http:// or https://"),
        "no_url": _("every item needs a link (http:// or https://)"),
        "duplicate": _("this item is already in the list"),
        "too_many": _("a reading list holds at most {count} items").format(count=list_items.MAX_ITEMS),
        "unknown": _("this item is not in the list"),
    }.get(code, code)
