"""Dublin Core (``oai_dc``) metadata to the fields of a ``ResourceRecord``. Pure.

The client library gives ``{element: [values]}``; repositories repeat elements (several creators,
subjects, identifiers) and put URLs, DOIs and ISSNs side by side in ``dc:identifier``. The landing
page is the first http(s) identifier; an open-access PDF is a ``dc:relation`` or ``dc:identifier``
ending in ``.pdf`` (or an OJS ``/article/download/`` link).
"""

import re

from kemenag_xblocks.resources.text import clean_text, safe_url, year_of

LIMITS = {"title": 500, "description": 4000, "rights": 500, "type": 255, "language": 32, "date": 64}
_PDF = re.compile(r"(\.pdf$|/article/download/)", re.I)


def _values(metadata, name):
    return [clean_text(value, 500) for value in metadata.get(name) or [] if value]


def _lines(values, limit=20):
    unique = list(dict.fromkeys(value for value in values if value))
    return "\n".join(unique[:limit])


def record_fields(metadata):
    """The stored fields for one record's metadata (missing elements become empty strings)."""
    metadata = metadata or {}
    links = [safe_url(value) for key in ("identifier", "relation") for value in metadata.get(key) or []]
    links = [link for link in links if link]
    pdf = next((link for link in links if _PDF.search(link)), "")
    page = next((link for link in links if link != pdf), pdf)
    titles = _values(metadata, "title")
    dates = _values(metadata, "date")
    descriptions = [clean_text(value, LIMITS["description"]) for value in metadata.get("description") or [] if value]
    return {
        "title": clean_text(titles[0] if titles else "", LIMITS["title"]),
        "creators": _lines(_values(metadata, "creator")),
        "date": (dates[0] if dates else "")[: LIMITS["date"]],
        "year": next((year for year in map(year_of, dates) if year), None),
        "description": descriptions[0] if descriptions else "",
        "subjects": _lines(_values(metadata, "subject"), 30),
        "language": (_values(metadata, "language") or [""])[0][: LIMITS["language"]],
        "url": page,
        "pdf_url": pdf,
        "rights": clean_text(" ".join(_values(metadata, "rights")), LIMITS["rights"]),
        "type": clean_text(" ".join(_values(metadata, "type")), LIMITS["type"]),
    }
