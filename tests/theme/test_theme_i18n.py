"""The theme speaks the learner's language: English source strings in gettext calls (as the
platform's own templates), an Indonesian catalog in the theme's conf/locale that is complete and
compiled, and pages that render in either language."""

import html
import re
from html.parser import HTMLParser

import polib
import pytest
from django.test import override_settings
from mako import lexer, parsetree

from kemenag_theme.messages import LOCALE_DIR, catalog_path, extract_messages, python_messages, template_paths
from tests.theme.support import CMS_TEMPLATES, STATIC_PAGES, certificate_context, render

# Attributes whose values people read or hear (screen readers): they must be translated too.
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
LETTER = re.compile(r"[^\W\d_]")
# <%block>s whose content is not shown as text (main.html puts "bodyclass" in a class attribute).
NON_TEXT_BLOCKS = {"bodyclass", "headextra", "js_extra"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")
        self.found += [f'{tag}[{name}="{value}"]' for name, value in attrs if name in TEXT_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.found.append(data.strip())


def _markup_outside_expressions(nodes):
    """The template's literal markup: what the browser would show whatever the language.
    Expressions become empty strings; Mako tags, code and comments disappear."""
    parts = []
    for node in nodes:
        if isinstance(node, parsetree.Text):
            parts.append(node.content)
        elif isinstance(node, parsetree.BlockTag) and node.attributes.get("name") in NON_TEXT_BLOCKS:
            continue
        elif isinstance(node, (parsetree.BlockTag, parsetree.DefTag, parsetree.CallTag, parsetree.TextTag)):
            parts.append(_markup_outside_expressions(node.nodes))
    return "".join(parts)


def hard_coded_text(source: str) -> list[str]:
    """Visible text (text nodes and readable attributes) written in the markup itself rather
    than produced by an expression such as ``${_("...")}``."""
    markup = _markup_outside_expressions(lexer.Lexer(source).parse().get_children())
    parser = _VisibleText()
    parser.feed(markup)
    return [text for text in parser.found if LETTER.search(html.unescape(text))]


TEMPLATES = template_paths()


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_template_text_all_goes_through_gettext(path):
    assert hard_coded_text(path.read_text(encoding="utf-8")) == []


def test_hard_coded_text_is_found():
    """The check above can fail: literal text and attributes are reported, expressions are not."""
    source = """<%page expression_filter="h"/>
<%block name="pagetitle">Beranda</%block>
<p>${_("Home")}</p><p>Kontak &amp; bantuan</p>
<img alt="Logo Kemenag" src="${static.url('x.svg')}"><img alt="${_('Logo')}">
<style>.a { color: red; }</style><p>&copy; 2026 — ${year}</p>"""
    assert hard_coded_text(source) == ["Beranda", "Kontak & bantuan", 'img[alt="Logo Kemenag"]']


def test_templates_import_gettext_and_markup_as_the_platform_does():
    for path in TEMPLATES:
        source = path.read_text(encoding="utf-8")
        if "_(" in source:
            assert "from django.utils.translation import" in source and "gettext as _" in source, path
        if "HTML(" in source or "Text(" in source:
            assert "from openedx.core.djangolib.markup import HTML, Text" in source, path


def test_extraction_reads_gettext_calls_with_literal_messages_only():
    code = 'x = _("One " "two") + gettext("{n} JP").format(n=1) + ngettext("a", "b", n) + _(var) + gettext_lazy("L")'
    assert [message for _line, message in python_messages(code)] == ["One two", "{n} JP", ("a", "b"), "L"]


@pytest.fixture(scope="module")
def messages():
    return extract_messages()


@pytest.fixture(scope="module")
def indonesian():
    return polib.pofile(str(catalog_path("id")))


def test_source_catalog_lists_exactly_the_strings_in_use(messages):
    source = {entry.msgid for entry in polib.pofile(str(catalog_path("en")))}
    used = set(messages)
    assert used - source == set(), "run python -m kemenag_theme.messages"
    assert source - used == set(), "run python -m kemenag_theme.messages"


def test_every_string_has_an_indonesian_translation(messages, indonesian):
    entries = {entry.msgid: entry for entry in indonesian}
    for msgid in messages:
        entry = entries.get(msgid)
        assert entry is not None and entry.msgstr.strip(), f"untranslated: {msgid!r}"
        assert "fuzzy" not in entry.flags, msgid
        # Placeholders must survive translation, or .format() fails on the page.
        assert set(re.findall(r"{\w+}", entry.msgstr)) == set(re.findall(r"{\w+}", msgid)), msgid


def test_compiled_catalog_is_up_to_date(indonesian):
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(catalog_path("id", "mo")))}
    assert compiled == {entry.msgid: entry.msgstr for entry in indonesian.translated_entries()}


def test_catalog_is_where_the_platform_looks():
    """conf/locale/<lang>/LC_MESSAGES/django.mo under the theme (COMPREHENSIVE_THEME_LOCALE_PATHS)."""
    assert LOCALE_DIR.relative_to(LOCALE_DIR.parents[2]).as_posix() == "kemenag/conf/locale"
    assert (LOCALE_DIR / "id" / "LC_MESSAGES" / "django.mo").is_file()


def _pages(language):
    pages = {"index": render("index.html", language=language)}
    for name in STATIC_PAGES:
        pages[name] = render(f"static_templates/{name}.html", language=language)
    with override_settings(LMS_ROOT_URL="https://dlc.example.go.id"):
        pages["certificate"] = render("certificates/valid.html", language=language, **certificate_context())
    pages["studio-footer"] = render("widgets/footer.html", templates_dir=CMS_TEMPLATES, language=language)
    return pages


def _data_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _data_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _data_strings(item)


# What the platform passes in (names, course, signatories): data, in whatever language it was entered.
CONTEXT_DATA = sorted({s for s in _data_strings(certificate_context()) if s.strip()}, key=len, reverse=True)


def _visible(page):
    """The page's visible text without the data the platform put in it."""
    parser = _VisibleText()
    parser.feed(page)
    text = " ".join(html.unescape(text) for text in parser.found)
    for data in CONTEXT_DATA:
        text = text.replace(data, " ")
    return text


def _distinct_translations(indonesian):
    """(English, Indonesian) pairs that differ and carry no placeholder, so either can be
    searched for as is."""
    return [(e.msgid, e.msgstr) for e in indonesian if e.msgstr != e.msgid and "{" not in e.msgid]


@pytest.mark.parametrize("language", ["en", "id"])
def test_pages_render_entirely_in_the_learners_language(language, indonesian):
    pages = _pages(language)
    pairs = _distinct_translations(indonesian)
    for name, page in pages.items():
        text = _visible(page)
        for english, translated in pairs:
            wrong = translated if language == "en" else english
            assert wrong not in text, f"{name} in {language} shows {wrong!r}"
    if language == "en":
        assert "Learn anytime, anywhere, to serve the community better" in _visible(pages["index"])
        assert '<html lang="en">' in pages["faq"]
    else:
        assert "Belajar kapan saja, di mana saja, untuk melayani umat lebih baik" in _visible(pages["index"])
        assert '<html lang="id">' in pages["certificate"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", 'Send your request through the <a href="/contact">Contact</a> page.'),
        ("id", 'Ajukan permintaan melalui halaman <a href="/contact">Kontak</a>.'),
    ],
)
def test_markup_inside_translations_stays_markup(language, expected):
    """Text()/HTML() as the platform uses them: the link is a link in every language."""
    assert expected in render("static_templates/privacy.html", language=language)


def test_certificate_in_english(indonesian):
    with override_settings(LMS_ROOT_URL="https://dlc.example.go.id"):
        page = render("certificates/valid.html", language="en", **certificate_context(kemenag_jp="2.5"))
    text = _visible(page)
    for expected in ("Certificate", "awarded to", "NIP. 198703152010122003", "2.5 JP", "Socio-cultural"):
        assert expected in text, expected
    assert 'aria-label="Certificate verification QR code DLC/2026/3F2A-9C1E-0B7D-4E5F"' in page
