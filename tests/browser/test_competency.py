"""The competency tracker in a real browser: after a certificate event, reporting a training, staff verifying.

The demo data loader sends student_1's certificate as the real ``CERTIFICATE_CREATED`` event
before the server starts, and leaves student_2 with an external training waiting for staff.
"""

from tests.support.browser import check_accessibility

SCENARIO = "/scenario/kemenag_competency.0/"
BLOCK = "[data-block-type='kemenag_competency']"


def open_as(page, demo_server, student):
    page.goto(f"{demo_server.url}{SCENARIO}?student={student}&lang=id")
    block = page.locator(BLOCK).first
    block.wait_for()
    return block


def test_learner_sees_the_course_jp_after_the_certificate_event(page, demo_server):
    block = open_as(page, demo_server, "student_1")
    assert "Memenuhi 20 JP" in block.inner_text()
    bar = block.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "100"
    assert "20 dari 20 JP" in bar.get_attribute("aria-valuetext")
    row = block.locator("tbody tr", has_text="Moderasi Beragama bagi ASN")
    assert "12" in row.inner_text() and "Tercatat" in row.inner_text()
    with page.expect_download() as download:
        block.get_by_role("link", name="Unduh transkrip JP (PDF)").click()
    assert download.value.suggested_filename.startswith("transkrip-jp-")
    check_accessibility(page, "competency-learner-after-certificate", BLOCK)


def test_learner_reports_an_external_training_with_a_certificate(page, demo_server, tmp_path):
    certificate = tmp_path / "sertifikat-bimtek.pdf"
    certificate.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    block = open_as(page, demo_server, "student_3")
    assert "Belum ada pelatihan dalam 2 tahun terakhir" in block.inner_text()
    block.get_by_text("Laporkan pelatihan eksternal").click()
    block.get_by_label("Nama pelatihan").fill("Bimtek Penyuluh Agama Kristen")
    block.get_by_label("Penyelenggara").fill("Kanwil Kemenag NTT")
    block.get_by_label("JP", exact=True).fill("10")
    block.get_by_label("Jenis kompetensi", exact=True).select_option("sosial_kultural")
    block.get_by_label("Tanggal selesai").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    block.get_by_label("Nomor sertifikat").fill("KANWIL-NTT/2026/BIMTEK/0042")
    block.get_by_label("Berkas sertifikat").set_input_files(str(certificate))
    block.get_by_role("button", name="Kirim untuk diverifikasi").click()
    notice = block.get_by_role("status")
    notice.filter(has_text="Petugas kepegawaian unit Anda akan memverifikasi").wait_for()
    row = block.locator("tbody tr", has_text="Bimtek Penyuluh Agama Kristen")
    assert "Menunggu verifikasi" in row.inner_text()
    assert "Belum ada pelatihan dalam 2 tahun terakhir" in block.inner_text(), "pending JP do not count yet"
    check_accessibility(page, "competency-learner-reported", BLOCK)


def test_the_hr_officer_verifies_a_pending_training_and_the_learner_gains_its_jp(page, demo_server):
    """In the demo, staff is the HR officer of the whole ministry (decision 0004: officers verify)."""
    block = open_as(page, demo_server, "staff")
    item = block.locator("[data-role='pending']", has_text="Workshop Literasi Digital ASN")
    item.wait_for()
    check_accessibility(page, "competency-staff", BLOCK)
    item.get_by_role("button", name="Verifikasi").click()
    block.get_by_role("status").filter(has_text="Pelatihan diverifikasi").wait_for()
    assert block.locator("[data-role='pending']", has_text="Workshop Literasi Digital ASN").count() == 0
    learner = open_as(page, demo_server, "student_2")
    assert "Kurang 10 JP" in learner.inner_text(), "4 verified + 6 just verified = 10 of 20"
    assert "Terverifikasi" in learner.locator("tbody tr", has_text="Workshop Literasi Digital ASN").inner_text()


def test_the_jp_table_keeps_jp_and_status_readable_on_a_phone_in_both_languages(browser, demo_server):
    """Issue 21.6: at 360 px every row shows its JP and status, labelled, without sideways scrolling."""
    for lang, width in (("id", 360), ("en", 360), ("id", 1280), ("en", 1280)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(f"{demo_server.url}{SCENARIO}?student=student_2&lang={lang}")
        row = page.locator(BLOCK).first.locator("tbody tr", has_text="Workshop Literasi Digital ASN")
        row.wait_for()
        for cell in row.locator("td").all():
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"a cell is cut off at {width} px"
        if width == 360:
            label = page.evaluate(
                "(td) => getComputedStyle(td, '::before').content", row.locator("td").nth(3).element_handle()
            )
            assert "JP" in label, "each value is labelled on a phone"
        page.screenshot(path=f"var/screenshots/competency-table-{lang}-{width}.png", full_page=True)
        context.close()
