"""The assignment block in a browser: upload with progress, hand in, staff grading, the grade."""

import re
import time
import urllib.request

import pytest

from tests.support.browser import SCREENSHOTS, check_accessibility

SCENARIO = "/scenario/kemenag_assignment.0/"
LEARNER = "peserta_browser"
PDF = b"%PDF-1.4\n% Rencana aksi moderasi beragama\n" + b"0" * (4 * 1024 * 1024) + b"\n%%EOF\n"

RECORD_PROGRESS = """
() => {
  window.__progress = [];
  new MutationObserver((changes) => changes.forEach((c) => {
    if (c.target.tagName === 'PROGRESS') { window.__progress.push(Number(c.target.value)); }
    c.addedNodes.forEach((n) => n.querySelector && n.querySelector('progress') && window.__progress.push(0));
  })).observe(document.querySelector('.kemenag-assignment'), {subtree: true, childList: true, attributes: true});
}
"""


@pytest.fixture(scope="module", autouse=True)
def settled_demo(demo_server):
    """Wait until the workbench has loaded its scenarios: the server's start-up probe may still be
    writing them (runserver is threaded, SQLite has one writer), which makes a first upload fail."""
    for _ in range(60):
        try:
            index = urllib.request.urlopen(demo_server.url + "/", timeout=10).read().decode()
        except OSError:
            index = ""
        if "kemenag_assignment.1" in index:
            break
        time.sleep(0.5)
    time.sleep(2)


def open_scenario(page, url):
    """Open a scenario page; on a loaded machine the workbench's first, concurrent scenario
    initialisation (runserver is threaded) can answer 404 once, so try again before failing."""
    for _ in range(3):
        response = page.goto(url)
        if response.status == 200:
            break
        page.wait_for_timeout(1000)
    block = page.locator(".kemenag-assignment").first
    block.wait_for()
    return block


def test_learner_uploads_with_progress_hands_in_and_staff_grades(page, browser, demo_server):
    block = open_scenario(page, f"{demo_server.url}{SCENARIO}?student={LEARNER}")
    page.evaluate(RECORD_PROGRESS)
    block.locator("input[type=file][data-role=input]").set_input_files(
        {"name": "Rencana Aksi Satker.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.wait_for_function(
        "(b) => b.querySelector('[data-role=files] a') || b.querySelector('[data-role=status].is-error')",
        arg=block.element_handle(),
    )
    assert "Rencana Aksi Satker.pdf" in block.locator("[data-role=files]").inner_text(), block.locator(
        "[data-role=status]"
    ).inner_text()
    progress = page.evaluate("window.__progress")
    assert progress and progress[-1] == 100, f"the upload showed no progress bar: {progress}"
    check_accessibility(page, "assignment-learner-draft", ".kemenag-assignment")

    # A refused file: the message says why, nothing is added.
    block.locator("input[type=file][data-role=input]").set_input_files(
        {"name": "skrip.pdf", "mimeType": "application/pdf", "buffer": b"<html><script>alert(1)</script></html>"}
    )
    block.locator("[data-role=status].is-error").wait_for()
    assert block.locator("[data-role=files] li").count() == 1

    block.get_by_role("button", name="Kumpulkan").click()
    assert "Kumpulkan 1 berkas?" in block.locator("[data-role=confirm]").inner_text()
    block.get_by_role("button", name="Ya, kumpulkan").click()
    block.locator("[data-role=receipt]:not([hidden])").wait_for()
    # The confirmation is where the learner now looks (the receipt), and has the focus.
    assert "Tugas Anda telah dikumpulkan" in block.locator("[data-role=receipt-status]").inner_text()
    assert page.evaluate("document.activeElement.dataset.role") == "receipt-status"
    assert block.locator("[data-role=status]").inner_text() == "", "a stale upload error stays on screen"
    assert block.locator("[data-role=dropzone]").is_hidden()
    assert "SHA-256" in block.locator("[data-role=files]").inner_text()
    check_accessibility(page, "assignment-learner-submitted", ".kemenag-assignment")
    # The file link: the handler redirects to a streamed, user-bound download of the same bytes.
    with page.expect_download() as started:
        block.locator("[data-role=files] a", has_text="Rencana Aksi Satker.pdf").click()
    download = started.value
    assert download.suggested_filename == "Rencana Aksi Satker.pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read() == PDF

    staff_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    staff = staff_context.new_page()
    open_scenario(staff, f"{demo_server.url}{SCENARIO}?student=staff")
    panel = staff.locator("[data-role=staff]").first
    row = panel.locator(f"tr[data-learner={LEARNER}]")
    row.wait_for()
    assert "Dikumpulkan" in row.inner_text()
    assert "WIB" in row.inner_text(), "the hand-in time names its time zone"
    row.get_by_role("button").click()
    form = panel.locator("[data-role=grading]")
    form.get_by_label("Spesifik dan didukung data").check()
    form.get_by_label("Relevan, kurang rinci").check()
    form.get_by_label("Terukur dan realistis").check()
    # The total as the grader goes, before anything is published (Indonesian decimal comma).
    assert "55 dari 70 (nilai 78,57 dari 100)" in form.locator("[data-role=rubric-total]").inner_text()
    form.get_by_label("Umpan balik").fill("Rencana sudah baik; rinci lagi penanggung jawab kegiatan.")
    form.get_by_role("button", name="Simpan dan terbitkan nilai").click()
    # The confirmation stands where the grading form was, and takes the focus.
    panel.locator("[data-role=grading-result]", has_text="Nilai disimpan").wait_for()
    assert staff.evaluate("document.activeElement.dataset.role") == "grading-result"
    panel.locator(f"tr[data-learner={LEARNER}]", has_text="Sudah dinilai").wait_for()
    assert "78,57 / 100" in row.inner_text()  # 20 + 15 + 20 of 70 rubric points, scaled to 100, Indonesian comma
    check_accessibility(staff, "assignment-staff-grading", ".kemenag-assignment")
    # Opening the learner again shows who graded, when, and the score (Indonesian decimal comma).
    row.get_by_role("button").click()
    history = form.locator("[data-role=grading-history-box]")
    history.locator("summary").click()
    assert "staff: Sudah dinilai, nilai \u2013 → 78,57" in history.inner_text()
    assert "WIB" in history.inner_text()
    check_accessibility(staff, "assignment-staff-history", ".kemenag-assignment")
    staff_context.close()

    page.reload()
    grade = page.locator(".kemenag-assignment [data-role=grade]").first
    grade.wait_for()
    text = grade.inner_text()
    assert "Nilai: 78,57 dari 100" in text and "penanggung jawab" in text and "Relevan, kurang rinci" in text
    check_accessibility(page, "assignment-learner-graded", ".kemenag-assignment")


def test_two_assignments_in_one_unit_work_independently(page, demo_server):
    open_scenario(page, f"{demo_server.url}/scenario/kemenag_assignment.1/?student=peserta_dua_blok")
    blocks = page.locator(".kemenag-assignment")
    blocks.nth(1).wait_for()
    assert blocks.count() == 2
    blocks.nth(1).locator("input[type=file][data-role=input]").set_input_files(
        {"name": "foto.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}
    )
    blocks.nth(1).locator("[data-role=files] a", has_text="foto.png").wait_for()
    assert "foto.png" not in blocks.nth(0).inner_text()
    check_accessibility(page, "assignment-two-blocks", "main")


def test_learner_and_staff_views_fit_a_phone(phone, demo_server):
    for student in ("peserta_hp", "staff"):
        open_scenario(phone, f"{demo_server.url}{SCENARIO}?student={student}")
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{student}: the page scrolls sideways by {overflow}px on a 360px phone"
    check_accessibility(phone, "assignment-staff-phone-360", ".kemenag-assignment")


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_rubric_before_hand_in_the_fingerprint_and_the_receipt_read_well_at_360_and_1280(
    browser, demo_server, lang
):
    learner = f"peserta_kuitansi_{lang}"
    for width, height in ((360, 740), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
        page = context.new_page()
        block = open_scenario(page, f"{demo_server.url}{SCENARIO}?student={learner}&lang={lang}")
        outline = block.locator(".kemenag-assignment__outline")
        # 21.8: the rubric, its levels and the points of each criterion, before anything is handed in.
        assert ("Spesifik dan didukung data: 20 poin" if lang == "id" else "Spesifik dan didukung data: 20 points") in (
            outline.inner_text()
        )
        if width == 360:
            block.locator("input[type=file][data-role=input]").set_input_files(
                {"name": "laporan-" + "panjang" * 12 + ".pdf", "mimeType": "application/pdf", "buffer": PDF[:4096]}
            )
            block.locator("[data-role=files] a").wait_for()
            block.get_by_role("button", name="Kumpulkan" if lang == "id" else "Hand in").click()
            block.get_by_role("button", name="Ya, kumpulkan" if lang == "id" else "Yes, hand in").click()
            block.locator("[data-role=receipt]:not([hidden])").wait_for()
        block.locator("[data-role=fingerprint-note]:not([hidden])").wait_for()
        assert "WIB" in block.locator("[data-role=receipt-time]").inner_text()
        assert overflow(page) <= 0, f"{width}px: the page scrolls sideways by {overflow(page)}px"
        check_accessibility(page, f"assignment-learner-receipt-{lang}-{width}", ".kemenag-assignment")
        # The printable receipt: the 64-character fingerprint wraps, the table is stacked with labels.
        with page.expect_popup() as opened:
            block.locator("[data-role=receipt-page]").click()
        receipt = opened.value
        receipt.wait_for_load_state()
        text = receipt.locator("main").inner_text()
        assert "WIB" in text and ("Sidik jari" in text if lang == "id" else "Fingerprint" in text)
        assert overflow(receipt) <= 0, f"{width}px: the receipt scrolls sideways by {overflow(receipt)}px"
        shoot(receipt, f"assignment-receipt-page-{lang}-{width}")  # its CSP (no scripts) keeps axe out
        context.close()


def test_an_error_stands_beside_its_action_marks_the_field_and_takes_the_focus(page, browser, demo_server):
    block = open_scenario(page, f"{demo_server.url}{SCENARIO}?student=peserta_pesan")
    picker = block.locator("input[type=file][data-role=input]")
    picker.set_input_files({"name": "virus.exe", "mimeType": "application/octet-stream", "buffer": b"MZ" + b"\0" * 64})
    status = block.locator("[data-role=status].is-error")
    status.wait_for()
    assert picker.get_attribute("aria-invalid") == "true"
    assert status.get_attribute("id") in picker.get_attribute("aria-describedby").split()
    assert page.evaluate("document.activeElement.dataset.role") == "status"
    # Beside the file picker, not at the top of the block.
    drop_box, status_box = block.locator("[data-role=dropzone]").bounding_box(), status.bounding_box()
    assert 0 <= status_box["y"] - (drop_box["y"] + drop_box["height"]) < 120
    shoot(page, "assignment-learner-error-id-1280")
    # A server failure is not a network failure (21.1): a real 500 answer, then no answer at all.
    upload_url = re.compile(r"/upload/\?")
    page.route(
        upload_url, lambda route: route.fulfill(status=500, body="<h1>Server Error</h1>", content_type="text/html")
    )
    picker.set_input_files({"name": "rencana.pdf", "mimeType": "application/pdf", "buffer": PDF[:4096]})
    block.locator("[data-role=status].is-error", has_text="Server tidak dapat").wait_for()
    assert "Koneksi gagal" not in status.inner_text()
    page.unroute(upload_url)
    page.route(upload_url, lambda route: route.abort())
    picker.set_input_files({"name": "rencana.pdf", "mimeType": "application/pdf", "buffer": PDF[:4096]})
    block.locator("[data-role=status].is-error", has_text="Koneksi gagal").wait_for()
    page.unroute(upload_url)
    picker.set_input_files({"name": "rencana.pdf", "mimeType": "application/pdf", "buffer": PDF[:4096]})
    block.locator("[data-role=status]:not(.is-error)").filter(has_text="rencana.pdf").wait_for()
    assert picker.get_attribute("aria-invalid") is None, "the mark goes once the problem is gone"
    block.get_by_role("button", name="Kumpulkan").click()
    block.get_by_role("button", name="Ya, kumpulkan").click()
    block.locator("[data-role=receipt]:not([hidden])").wait_for()

    staff_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    staff = staff_context.new_page()
    open_scenario(staff, f"{demo_server.url}{SCENARIO}?student=staff")
    panel = staff.locator("[data-role=staff]").first
    panel.locator("tr[data-learner=peserta_pesan]").get_by_role("button").click()
    form = panel.locator("[data-role=grading]")
    form.get_by_label("Spesifik dan didukung data").check()
    form.get_by_role("button", name="Simpan dan terbitkan nilai").click()
    message = form.locator("[data-role=grading-status].is-error")
    message.wait_for()
    assert "Kegiatan prioritas" in message.inner_text()
    assert staff.evaluate("document.activeElement.dataset.role") == "grading-status"
    open_criterion = form.locator("fieldset[data-criterion='1']")
    assert open_criterion.get_attribute("aria-invalid") == "true"
    assert message.get_attribute("id") in open_criterion.get_attribute("aria-describedby")
    check_accessibility(staff, "assignment-staff-grading-error-id-1280", ".kemenag-assignment")
    staff_context.close()
