"""Harvested text is hostile: what a repository sends becomes plain text and http(s) links here,
before it is stored, and again before it is shown (``items.py``). Pure functions."""

import html
import re
from urllib.parse import urlsplit

import nh3

# C0/C1 controls (tab and newline excepted) and the bidi overrides that can reorder what is shown.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def clean_text(value, max_length=2000):
    """Plain text: tags (and what is inside <script>/<style>) dropped, entities decoded, controls and
    runs of white space collapsed. The result is text to escape when shown, never markup."""
    if value is None:
        return ""
    text = nh3.clean(str(value), tags=set(), clean_content_tags={"script", "style"})
    text = html.unescape(html.unescape(text))  # nh3 escapes what it keeps; sources often double-escape
    text = _SPACES.sub(" ", _CONTROLS.sub("", text)).strip()
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def safe_url(value):
    """``value`` if it is an absolute http(s) URL with a host, else "" (no javascript:, data:, //x)."""
    text = str(value or "").strip()
    if not text or _CONTROLS.search(text) or any(ch.isspace() for ch in text) or len(text) > 1000:
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return text


def year_of(date_text):
    """The first plausible four-digit year in a Dublin Core date ("2019", "2019-10-01", "c. 2019")."""
    match = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", str(date_text or ""))
    return int(match.group(1)) if match else None
