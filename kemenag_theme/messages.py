"""The theme's translatable strings and its gettext catalogs.

The templates are written in English with ``${_("...")}`` as edx-platform's own templates are;
the Indonesian catalog lives in the theme, ``theme/kemenag/conf/locale/<lang>/LC_MESSAGES/``,
which the platform loads when that folder is listed in ``COMPREHENSIVE_THEME_LOCALE_PATHS``
(the Tutor plugin sets it). Strings are found as the platform finds its own, with Babel (Mako's
Babel plugin for the templates), plus the certificate helpers' labels. After changing a string::

    python -m kemenag_theme.messages      # refresh en/id django.po, keeping translations
    # translate the new entries in conf/locale/id/LC_MESSAGES/django.po, then compile:
    cd kemenag_theme/theme/kemenag && django-admin compilemessages

Tests fail while a msgid is missing, untranslated or not compiled.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract, extract_python
from mako.ext.babelplugin import extract as extract_mako

from kemenag_theme import PACKAGE_DIR, THEME_DIR

LOCALE_DIR = THEME_DIR / "conf" / "locale"
LANGUAGES = ("id",)
# Python sources outside the templates whose gettext strings the theme's catalog carries.
PYTHON_SOURCES = (PACKAGE_DIR / "certificate.py",)
# Babel's gettext names, plus Django's lazy ones (the certificate helpers use gettext_lazy).
KEYWORDS = {**DEFAULT_KEYWORDS, "gettext_lazy": None, "ngettext_lazy": (1, 2)}
OPTIONS = {"encoding": "utf-8"}


def python_messages(code: str) -> list[tuple[int, str | tuple[str, ...]]]:
    """``[(line, msgid)]`` (a tuple for plurals) of the gettext calls with literal arguments."""
    found = extract(extract_python, io.BytesIO(code.encode("utf-8")), keywords=KEYWORDS, options=OPTIONS)
    return [(line, message) for line, message, _comments, _context in found]


def template_paths() -> list[Path]:
    return sorted(THEME_DIR.rglob("templates/**/*.html"))


def extract_messages() -> dict[str | tuple[str, ...], list[str]]:
    """Every msgid of the theme → where it is used (``path:line``), in source order: Mako's Babel
    extractor for the templates, as edx-platform extracts its own, and Babel's for Python."""
    sources = [(path, extract_mako) for path in template_paths()] + [(path, extract_python) for path in PYTHON_SOURCES]
    messages: dict = {}
    for path, method in sources:
        with open(path, "rb") as source:
            found = extract(method, source, keywords=KEYWORDS, comment_tags=("Translators:",), options=OPTIONS)
            for line, message, _comments, _context in found:
                messages.setdefault(message, []).append(f"{path.relative_to(PACKAGE_DIR.parent)}:{line}")
    return messages


def catalog_path(language: str, suffix: str = "po") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"django.{suffix}"


def update_catalogs() -> None:
    """Write the English source catalog and merge it into each translation, keeping what is
    translated (polib, from the test requirements: a developer tool, not needed at run time)."""
    import polib

    source = polib.POFile(wrapwidth=100)
    source.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for message, occurrences in extract_messages().items():
        plural = isinstance(message, tuple)
        entry = polib.POEntry(
            msgid=message[0] if plural else message,
            msgid_plural=message[1] if plural else "",
            msgstr="",
            msgstr_plural={0: "", 1: ""} if plural else {},
            occurrences=[tuple(place.rsplit(":", 1)) for place in occurrences],
            flags=["python-brace-format"] if "{" in (message[0] if plural else message) else [],
        )
        source.append(entry)
    catalog_path("en").parent.mkdir(parents=True, exist_ok=True)
    source.save(str(catalog_path("en")))
    for language in LANGUAGES:
        path = catalog_path(language)
        translated = polib.pofile(str(path), wrapwidth=100) if path.exists() else polib.POFile(wrapwidth=100)
        translated.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Language": language,
            "Plural-Forms": "nplurals=1; plural=0;",
        }
        translated.merge(source)
        for entry in translated.obsolete_entries():
            translated.remove(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        translated.save(str(path))


def main() -> int:
    update_catalogs()
    for language in ("en", *LANGUAGES):
        sys.stdout.write(f"wrote {catalog_path(language)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
