"""The theme's Mako templates compile, and render to the pages learners see."""

import re
from html.parser import HTMLParser

import pytest
from django.test import override_settings

from kemenag_theme.certificate import qr_svg
from tests.theme.support import (
    CMS_TEMPLATES,
    LMS_TEMPLATES,
    STATIC_PAGES,
    User,
    certificate_context,
    lookup,
    platform_modules,
    render,
)

LMS_URIS = sorted(str(p.relative_to(LMS_TEMPLATES)) for p in LMS_TEMPLATES.rglob("*.html"))
CMS_URIS = sorted(str(p.relative_to(CMS_TEMPLATES)) for p in CMS_TEMPLATES.rglob("*.html"))


class Text(HTMLParser):
    """Visible text of a page, whitespace collapsed (scripts and styles skipped)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script", "svg")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script", "svg")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        return re.sub(r"\s+", " ", " ".join(parser.parts))


@pytest.mark.parametrize("uri", LMS_URIS)
def test_lms_template_compiles(uri):
    with platform_modules():
        assert lookup(LMS_TEMPLATES).get_template(uri).code


@pytest.mark.parametrize("uri", CMS_URIS)
def test_studio_template_compiles(uri):
    with platform_modules():
        assert lookup(CMS_TEMPLATES).get_template(uri).code


def test_templates_escape_expressions_by_default():
    """Like the platform's own templates: every template sets expression_filter="h"."""
    for path in [*LMS_TEMPLATES.rglob("*.html"), *CMS_TEMPLATES.rglob("*.html")]:
        assert '<%page expression_filter="h"' in path.read_text(encoding="utf-8"), path


def test_home_page_has_hero_steps_certificates_and_catalogue_call_to_action():
    html = render("index.html", language="id")
    text = Text.of(html)
    assert "Belajar kapan saja, di mana saja" in text
    assert "Empat langkah dari pendaftaran sampai sertifikat" in text
    assert "Sertifikat yang dapat diperiksa siapa saja" in text
    assert html.count('href="/courses"') >= 2  # hero and closing call to action
    assert "Digital Learning Center" in text and "Kementerian Agama Republik Indonesia" in text
    assert 'href="/register"' in html


def test_home_page_for_a_signed_in_learner_offers_their_courses_not_registration():
    html = render("index.html", language="id", user=User(username="budi", is_authenticated=True))
    assert 'href="/register"' not in html
    assert 'href="/dashboard"' in html and "Akun: budi" in html


def test_home_page_lists_open_courses_escaped():
    class Course:
        id = "course-v1:Kemenag+MB101+2026"
        display_name_with_default = "Moderasi <b>Beragama</b>"
        display_org_with_default = "Kemenag"

    html = render("index.html", courses=[Course()])
    assert 'href="/courses/course-v1:Kemenag+MB101+2026/about"' in html
    assert "Moderasi &lt;b&gt;Beragama&lt;/b&gt;" in html


@pytest.mark.parametrize("name", STATIC_PAGES)
def test_static_pages_render_in_indonesian_with_header_and_footer(name):
    html = render(f"static_templates/{name}.html", language="id")
    assert '<html lang="id">' in html
    assert html.count('id="main"') == 1
    assert "kemenag-header" in html and "kemenag-footer" in html
    assert "Digital Learning Center — Kementerian Agama Republik Indonesia" in Text.of(html)


def test_studio_footer_renders_with_the_block_tags_as_code():
    html = render("widgets/footer.html", templates_dir=CMS_TEMPLATES, language="id")
    assert "Kementerian Agama Republik Indonesia" in html
    assert "tambahkan <code>kemenag_moderation_quiz</code>, <code>kemenag_assignment</code>" in html
    assert "<em>Advanced Module List</em> di Pengaturan Lanjutan" in html


@pytest.fixture
def certificate_html():
    with override_settings(LMS_ROOT_URL="https://dlc.example.go.id"):
        yield lambda language="id", **overrides: render(
            "certificates/valid.html", language=language, **certificate_context(**overrides)
        )


def test_certificate_shows_every_e_certificate_field(certificate_html):
    text = Text.of(certificate_html())
    for expected in (
        "Siti Aminah, S.Pd.I.",
        "NIP. 198703152010122003",
        "Penguatan Moderasi Beragama bagi ASN Kementerian Agama",
        "54 JP",
        "Sosial kultural",
        "28 November 2026",
        "DLC/2026/3F2A-9C1E-0B7D-4E5F",
        "https://dlc.example.go.id/certificates/3f2a9c1e0b7d4e5f9a8b1c2d3e4f5a6b",
        "Dr. H. Ahmad Fauzi, M.Ag.",
    ):
        assert expected in text, expected


def test_certificate_qr_code_encodes_the_verification_page(certificate_html):
    html = certificate_html()
    url = "https://dlc.example.go.id/certificates/3f2a9c1e0b7d4e5f9a8b1c2d3e4f5a6b"
    expected = qr_svg(url, "x").split("<path", 1)[1]
    assert expected in html
    assert qr_svg(url + "0", "x").split("<path", 1)[1] not in html


def test_certificate_prints_on_a4_landscape(certificate_html):
    assert "@page { size: A4 landscape; margin: 0; }" in certificate_html()


def test_certificate_without_optional_fields_leaves_them_out(certificate_html):
    html = certificate_html(kemenag_jp=None, kemenag_competency_type="", user=User(), certificate_data={})
    assert 'data-field="nip"' not in html
    assert 'data-field="jp"' not in html
    assert 'data-field="competency-type"' not in html
    assert 'data-field="number"' in html


def test_certificate_escapes_the_learner_name(certificate_html):
    html = certificate_html(accomplishment_copy_name='<script>alert("x")</script>')
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_header_offers_the_platforms_released_languages(monkeypatch):
    import kemenag_theme.platform

    monkeypatch.setattr(
        kemenag_theme.platform, "header_languages", lambda: [("id", "Bahasa Indonesia"), ("en", "English")]
    )
    html = render("index.html", language="id", csrf_token="tok", LANGUAGE_CODE="id")
    assert 'action="/i18n/setlang/"' in html and 'value="tok"' in html
    assert '<option value="id" selected>Bahasa Indonesia</option>' in html
    assert '<option value="en" >English</option>' in html
    assert '<label for="kemenag-language-select">Bahasa</label>' in html


def test_header_has_no_language_switch_outside_the_platform():
    assert "setlang" not in render("index.html")
