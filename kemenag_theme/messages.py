"""The theme's translatable strings and its gettext catalogs.

The templates are written in English with ``${_("...")}`` as edx-platform's own templates are;
the Indonesian catalog lives in the theme, ``theme/kemenag/conf/locale/<lang>/LC_MESSAGES/``,
which the platform loads when that folder is listed in ``COMPREHENSIVE_THEME_LOCALE_PATHS``
(the Tutor plugin sets it). Strings are found the way the platform's Babel extractor finds them
in Mako (Mako's own message extractor walks the template; the gettext calls are read from the
Python tokens), plus the certificate helpers' labels. After changing a string::

    python -m kemenag_theme.messages      # refresh en/id django.po, keeping translations
    # translate the new entries in conf/locale/id/LC_MESSAGES/django.po, then compile:
    cd kemenag_theme/theme/kemenag && django-admin compilemessages

Tests fail while a msgid is missing, untranslated or not compiled.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

from mako import lexer
from mako.ext.extract import MessageExtractor

from kemenag_theme import PACKAGE_DIR, THEME_DIR

LOCALE_DIR = THEME_DIR / "conf" / "locale"
LANGUAGES = ("id",)
# Python sources outside the templates whose gettext strings the theme's catalog carries.
PYTHON_SOURCES = (PACKAGE_DIR / "certificate.py",)
# Keyword → how many leading string arguments are messages (singular, plural).
KEYWORDS = {"_": 1, "gettext": 1, "gettext_lazy": 1, "ngettext": 2, "ngettext_lazy": 2}
_SKIP = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}


def python_messages(code: str) -> list[tuple[int, str | tuple[str, ...]]]:
    """``[(line, msgid)]`` (a tuple for plurals) of gettext calls with literal arguments.

    Tokens rather than an AST because Mako hands over fragments (``% if x:``) that do not parse
    alone; string literals next to each other are joined as Python joins them."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type not in _SKIP]
    except (tokenize.TokenError, SyntaxError):
        return []
    found = []
    for index, token in enumerate(tokens[:-1]):
        wanted = KEYWORDS.get(token.string) if token.type == tokenize.NAME else None
        if not wanted or tokens[index + 1].string != "(":
            continue
        if index and tokens[index - 1].string == ".":  # obj._(...) is not gettext
            continue
        strings, current, position = [], [], index + 2
        while position < len(tokens):
            tok = tokens[position]
            if tok.type == tokenize.STRING:
                current.append(ast.literal_eval(tok.string))
            elif tok.string in (",", ")") and current:
                strings.append("".join(current))
                current = []
                if tok.string == ")" or len(strings) == wanted:
                    break
            else:
                break
            position += 1
        if len(strings) == wanted:
            found.append((token.start[0], strings[0] if wanted == 1 else tuple(strings)))
    return found


class _TemplateExtractor(MessageExtractor):
    use_bytes = False
    config = {"comment-tags": "Translators:", "encoding": "utf-8"}

    def process_python(self, code, code_lineno, translator_strings):
        for line, message in python_messages(code.read()):
            yield code_lineno + line - 1, None, message, translator_strings


def template_paths() -> list[Path]:
    return sorted(THEME_DIR.rglob("templates/**/*.html"))


def extract_messages() -> dict[str | tuple[str, ...], list[str]]:
    """Every msgid of the theme → where it is used (``path:line``), in source order."""
    messages: dict = {}
    for path in template_paths():
        nodes = lexer.Lexer(path.read_text(encoding="utf-8")).parse().get_children()
        for line, _function, message, _comments in _TemplateExtractor().extract_nodes(nodes):
            messages.setdefault(message, []).append(f"{path.relative_to(PACKAGE_DIR.parent)}:{line}")
    for path in PYTHON_SOURCES:
        for line, message in python_messages(path.read_text(encoding="utf-8")):
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
