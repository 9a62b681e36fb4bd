"""The HR officers' page and the public verification page in a real browser, in Indonesian and
English, at 360 px and 1280 px (screenshots in var/screenshots/officer-*.png)."""

from pathlib import Path

import pytest

from tests.support.browser import SCREENSHOTS, check_accessibility

SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(
    params=[("id", "phone"), ("en", "desktop"), ("id", "desktop"), ("en", "phone")], ids=lambda p: "-".join(p)
)
def view(request, browser):
    lang, size = request.param
    context = browser.new_context(viewport=SIZES[size], locale="id-ID" if lang == "id" else "en-US")
    page = context.new_page()
    yield page, lang, size
    context.close()


def officer_url(demo_server, path, lang):
    return f"{demo_server.url}/kemenag/officer/{path}?student=staff&lang={lang}"


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width} px wide"


def test_officer_drills_down_to_the_people_without_training(view, demo_server):
    page, lang, size = view
    page.goto(officer_url(demo_server, "", lang))
    heading = {"id": "Petugas kepegawaian: kepatuhan JP", "en": "HR officer: JP compliance"}[lang]
    page.get_by_role("heading", name=heading).wait_for()
    no_sideways_scroll(page)
    check_accessibility(page, f"officer-home-{lang}-{size}")
    # Each click opens a page: wait for it, or the width is read from a document being replaced.
    with page.expect_navigation():
        page.get_by_role("link", name="Kementerian Agama RI").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Kanwil Kemenag Provinsi NTT").click()
    no_sideways_scroll(page)
    check_accessibility(page, f"officer-unit-{lang}-{size}")
    page.get_by_role(
        "link",
        name={"id": "Siapa yang belum pelatihan dalam 2 tahun", "en": "Who has had no training in 2 years"}[lang],
    ).click()
    person = page.locator("[data-role='person']", has_text="student_3")
    person.wait_for()
    assert person.get_attribute("data-state") == "none"
    no_sideways_scroll(page)
    check_accessibility(page, f"officer-people-{lang}-{size}")


def test_officer_queue_and_export_with_progress_and_download(view, demo_server):
    page, lang, size = view
    page.goto(officer_url(demo_server, "queue/", lang))
    page.get_by_role("heading", level=1).wait_for()
    no_sideways_scroll(page)
    check_accessibility(page, f"officer-queue-{lang}-{size}")
    page.goto(officer_url(demo_server, "", lang))
    page.get_by_role("link", name="Kementerian Agama RI").click()
    page.get_by_label({"id": "Yang diekspor", "en": "What to export"}[lang]).select_option("compliance")
    page.get_by_role("button", name={"id": "Mulai ekspor", "en": "Start the export"}[lang]).click()
    link = page.get_by_role("link", name={"id": "Unduh CSV", "en": "Download the CSV"}[lang])
    link.wait_for()
    assert page.locator("progress").get_attribute("value") == "100"
    check_accessibility(page, f"officer-export-{lang}-{size}")
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("username,name,employee_type") and "student_3" in text


def test_public_verification_of_a_transcript_without_signing_in(view, demo_server, browser):
    page, lang, size = view
    # student_1 downloads a transcript (the QR code points to the verification page) ...
    learner = browser.new_context()
    tab = learner.new_page()
    tab.goto(f"{demo_server.url}/scenario/kemenag_competency.0/?student=student_1&lang=id")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Unduh transkrip JP (PDF)").click()
    code = download.value.suggested_filename.removeprefix("transkrip-jp-").removesuffix(".pdf")
    learner.close()
    # ... and anyone checks its code, with no session at all.
    page.goto(f"{demo_server.url}/kemenag/verify/{code}/?lang={lang}")
    result = page.locator("[data-role='result']")
    result.wait_for()
    text = result.inner_text()
    assert "Moderasi Beragama bagi ASN" in text and {"id": "sah", "en": "valid"}[lang] in text
    assert "student_1" not in page.content() and "198609262015052001" not in page.content()
    no_sideways_scroll(page)
    check_accessibility(page, f"officer-verify-{lang}-{size}")
    assert (SCREENSHOTS / f"officer-verify-{lang}-{size}.png").exists()
