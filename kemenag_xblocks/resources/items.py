"""Reading-list items: what an author may store, how they are ordered, and how they are shown. Pure.

An item is a dict kept in the block's ``items`` field, so a course export carries its own copy of
every title (the list works on an instance that never harvested the source):

    {"id", "kind": "record"|"link", "identifier", "title", "creators": [..], "year", "url",
     "pdf_url", "note", "required": bool}

Everything is re-cleaned here whatever its origin (Studio, OLX, the catalogue): text becomes plain
text, links are http(s) or nothing.
"""

import hashlib

from kemenag_xblocks.resources.text import clean_text, safe_url, year_of

RECORD, LINK = "record", "link"
MAX_ITEMS = 100
LIMITS = {"title": 500, "note": 1000, "creator": 200, "identifier": 255}


class ItemError(ValueError):
    """An item the author must fix; ``code`` names the problem, ``index`` the item (0-based)."""

    def __init__(self, code, index=None):
        super().__init__(code)
        self.code = code
        self.index = index


def item_id(kind, key):
    """Stable id of an item: the same record or URL always gets the same id (activity rows use it)."""
    return hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()[:12]


def truthy(value):
    return value is True or str(value).strip().lower() in ("1", "true", "yes", "on")


def normalise_item(raw, index=None):
    """One clean item, or ``ItemError``."""
    if not isinstance(raw, dict):
        raise ItemError("shape", index)
    kind = LINK if raw.get("kind") == LINK else RECORD
    title = clean_text(raw.get("title"), LIMITS["title"])
    url = safe_url(raw.get("url"))
    pdf_url = safe_url(raw.get("pdf_url"))
    identifier = clean_text(raw.get("identifier"), LIMITS["identifier"]) if kind == RECORD else ""
    if not title:
        raise ItemError("no_title", index)
    if raw.get("url") and not url:
        raise ItemError("bad_url", index)
    if not (url or pdf_url):
        raise ItemError("no_url", index)
    creators = raw.get("creators") or []
    if isinstance(creators, str):
        creators = creators.split("\n")
    if not isinstance(creators, list):
        raise ItemError("shape", index)
    creators = [clean_text(c, LIMITS["creator"]) for c in creators[:20] if isinstance(c, str)]
    year = year_of(raw.get("year"))
    key = identifier or url or pdf_url
    return {
        "id": str(raw.get("id") or "")[:32] if _valid_id(raw.get("id")) else item_id(kind, key),
        "kind": kind,
        "identifier": identifier,
        "title": title,
        "creators": [c for c in creators if c],
        "year": str(year) if year else "",
        "url": url,
        "pdf_url": pdf_url,
        "note": clean_text(raw.get("note"), LIMITS["note"]),
        "required": truthy(raw.get("required")),
    }


def _valid_id(value):
    return isinstance(value, str) and 0 < len(value) <= 32 and value.isalnum()


def normalise_list(raw_items):
    """The whole list in the author's order; refuses duplicates and more than ``MAX_ITEMS``."""
    if not isinstance(raw_items, list):
        raise ItemError("shape")
    if len(raw_items) > MAX_ITEMS:
        raise ItemError("too_many")
    cleaned, seen = [], set()
    for index, raw in enumerate(raw_items):
        item = normalise_item(raw, index)
        if item["id"] in seen:
            raise ItemError("duplicate", index)
        seen.add(item["id"])
        cleaned.append(item)
    return cleaned


def from_record(record):
    """A list item for a harvested ``ResourceRecord`` (a snapshot: the author's copy)."""
    return normalise_item(
        {
            "kind": RECORD,
            "identifier": record.identifier,
            "title": record.title,
            "creators": record.creator_list,
            "year": record.year or "",
            "url": record.url,
            "pdf_url": record.pdf_url,
        }
    )


def move(items, item, offset):
    """The list with ``item`` (an id) moved ``offset`` places (clamped at both ends)."""
    ids = [i["id"] for i in items]
    if item not in ids:
        raise ItemError("unknown")
    position = ids.index(item)
    target = max(0, min(len(items) - 1, position + offset))
    reordered = list(items)
    reordered.insert(target, reordered.pop(position))
    return reordered


def authors(creators, limit=3):
    """ "A, B & C"; more than ``limit``: "A, B, C et al." (the reference style of Indonesian journals)."""
    names = [c for c in creators or [] if c]
    if len(names) > limit:
        return ", ".join(names[:limit]) + " et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + " & " + names[-1]
    return names[0] if names else ""


def find(items, wanted):
    return next((item for item in items if item.get("id") == wanted), None)


def link_target(item, pdf=False):
    """Where opening the item leads: the open-access PDF when asked (and known), else the page."""
    if pdf and item.get("pdf_url"):
        return safe_url(item["pdf_url"])
    return safe_url(item.get("url")) or safe_url(item.get("pdf_url"))


def bookmark_key(item):
    """One bookmark per work whatever course listed it: the OAI identifier, else the URL."""
    key = item.get("identifier") or item.get("url") or item.get("pdf_url") or item.get("id")
    return hashlib.sha256(str(key).encode()).hexdigest()
