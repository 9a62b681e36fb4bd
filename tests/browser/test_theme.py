"""The theme's pages and the e-certificate in Chromium: rendered from the Mako templates with
the compiled Sass and the theme's catalog (tests/theme/support.py), in Indonesian and English,
served from a temporary folder on 127.0.0.1."""

import functools
import http.server
import threading

import pytest

from tests.support.browser import check_accessibility
from tests.theme.support import build_site

# A4 landscape at CSS's 96 px per inch: 297 mm x 210 mm.
A4_LANDSCAPE = {"width": 1123, "height": 794}


def _serve(folder):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    server = _serve(build_site(tmp_path_factory.mktemp("theme-site"), language="id"))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def site_en(tmp_path_factory):
    server = _serve(build_site(tmp_path_factory.mktemp("theme-site-en"), language="en"))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def a4_page(browser):
    context = browser.new_context(viewport=A4_LANDSCAPE, locale="id-ID")
    yield context.new_page()
    context.close()


FIELDS = ("learner-name", "nip", "course", "jp", "competency-type", "completion-date", "number", "verify-url")


def test_certificate_prints_on_one_a4_landscape_page_with_qr_and_fields(a4_page, site):
    a4_page.goto(f"{site}/certificate.html")
    a4_page.emulate_media(media="print")
    certificate = a4_page.locator(".kemenag-cert").bounding_box()
    assert certificate["width"] <= A4_LANDSCAPE["width"] + 1
    assert certificate["height"] <= A4_LANDSCAPE["height"] + 1
    qr = a4_page.locator(".kemenag-cert__qr-code")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] >= 90 and box["height"] >= 90  # ~28 mm: scannable from paper
    for field in FIELDS:
        element = a4_page.locator(f'[data-field="{field}"]')
        assert element.is_visible(), field
        element_box = element.bounding_box()
        assert element_box["y"] + element_box["height"] <= certificate["y"] + certificate["height"], field
    assert not a4_page.locator(".kemenag-cert-toolbar").is_visible()  # no buttons on paper
    check_accessibility(a4_page, "theme-certificate-a4-print")


def test_certificate_on_a_phone(phone, site):
    phone.goto(f"{site}/certificate.html")
    assert phone.get_by_role("button", name="Cetak / simpan PDF").is_visible()
    assert phone.locator(".kemenag-cert__qr-code").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    check_accessibility(phone, "theme-certificate-phone")


def test_home_page_on_a_phone(phone, site):
    phone.goto(f"{site}/index.html")
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Belajar kapan saja")
    assert phone.get_by_role("link", name="Lihat katalog pelatihan").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    check_accessibility(phone, "theme-home-phone")


def test_home_page_on_a_desktop(page, site):
    page.goto(f"{site}/index.html")
    header = page.locator(".kemenag-header")
    assert "Kementerian Agama Republik Indonesia" in header.inner_text()
    check_accessibility(page, "theme-home-desktop")


def test_faq_page_on_a_phone(phone, site):
    phone.goto(f"{site}/faq.html")
    phone.get_by_text("Kapan sertifikat saya terbit?").click()
    assert phone.get_by_text("Segera setelah nilai akhir Anda mencapai batas lulus").is_visible()
    check_accessibility(phone, "theme-faq-phone")


def test_english_certificate_prints_on_one_a4_landscape_page(a4_page, site_en):
    a4_page.goto(f"{site_en}/certificate.html")
    a4_page.emulate_media(media="print")
    certificate = a4_page.locator(".kemenag-cert").bounding_box()
    assert certificate["width"] <= A4_LANDSCAPE["width"] + 1
    assert certificate["height"] <= A4_LANDSCAPE["height"] + 1
    assert a4_page.get_by_role("heading", level=1).inner_text().lower() == "certificate"
    assert a4_page.locator("html").get_attribute("lang") == "en"
    check_accessibility(a4_page, "theme-certificate-a4-print-en")


def test_english_home_page_on_a_phone(phone, site_en):
    phone.goto(f"{site_en}/index.html")
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Learn anytime")
    assert phone.get_by_role("link", name="Browse the course catalogue").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    check_accessibility(phone, "theme-home-phone-en")
