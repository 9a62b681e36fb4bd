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


def test_a_refused_report_is_told_beside_the_button_with_every_wrong_field_marked(browser, demo_server, tmp_path):
    """Issue 21.7: the refusal under the button (not at the top of the block), each field the
    server names marked ``aria-invalid`` and described by its own message, focus on the first;
    after the fix the marks go and the report is sent. Both languages, phone and desktop."""
    words = {
        "id": ("Nama pelatihan", "Kirim untuk diverifikasi", "Laporkan pelatihan eksternal", "wajib diisi", "5 isian"),
        "en": ("Training name", "Send for verification", "Report an external training", "is required", "5 fields"),
    }
    for lang, (title_label, send, summary, required, five) in words.items():
        for width in (360, 1280):
            context = browser.new_context(viewport={"width": width, "height": 740}, locale=f"{lang}-ID")
            page = context.new_page()
            page.goto(f"{demo_server.url}{SCENARIO}?student=student_4&lang={lang}")
            block = page.locator(BLOCK).first
            block.get_by_text(summary).click()
            block.get_by_label("JP", exact=True).fill("banyak")
            block.get_by_role("button", name=send).click()
            here = block.locator("[data-role='form-notice']")
            here.filter(has_text=five).wait_for()
            assert block.locator("[data-role='notice']").inner_text() == "", "nothing at the top of the block"
            button_box, notice_box = block.get_by_role("button", name=send).bounding_box(), here.bounding_box()
            assert 0 <= notice_box["y"] - (button_box["y"] + button_box["height"]) < 40, "right under the button"
            marked = block.locator("[aria-invalid='true']")
            names = sorted(marked.evaluate_all("(fields) => fields.map((f) => f.name)"))
            assert names == ["certificate_number", "completed_on", "jp", "organizer", "title"], names
            title = block.get_by_label(title_label, exact=True)
            described = page.locator("#" + title.get_attribute("aria-describedby"))
            assert required in described.inner_text() and described.is_visible()
            assert page.evaluate("document.activeElement.name") == "title", "focus on the first wrong field"
            check_accessibility(page, f"competency-refused-{lang}-{width}", BLOCK)

            title.fill(f"Bimtek Arsip Dinamis {lang} {width}")
            block.get_by_label("Penyelenggara" if lang == "id" else "Organizer").fill("BDK Surabaya")
            block.get_by_label("JP", exact=True).fill("6")
            block.locator("input[name='completed_on']").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
            block.locator("input[name='certificate_number']").fill(f"BDK-SBY/ARSIP/{lang}{width}")
            # A certificate of its own each time: the same file twice is refused as a duplicate.
            certificate = tmp_path / f"sertifikat-{lang}-{width}.pdf"
            certificate.write_bytes(b"%PDF-1.4\n%" + f"{lang}{width}".encode() + b"\ntrailer<<>>\n%%EOF\n")
            block.locator("input[name='evidence']").set_input_files(str(certificate))
            block.get_by_role("button", name=send).click()
            block.locator("tbody tr", has_text=f"Bimtek Arsip Dinamis {lang} {width}").wait_for()
            assert block.locator("[aria-invalid='true']").count() == 0
            assert page.evaluate("document.activeElement.dataset.role") == "notice", "focus on the confirmation"
            context.close()


def test_a_rejection_without_a_reason_is_told_beside_that_training(page, demo_server):
    block = open_as(page, demo_server, "staff")
    item = block.locator("[data-role='pending']").first
    item.wait_for()
    item.get_by_role("button", name="Tolak").click()
    item.locator("[data-role='item-notice']").filter(has_text="wajib diisi").wait_for()
    reason = item.locator("[data-role='reason']")
    assert reason.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.dataset.role") == "reason"
    assert block.locator("[data-role='notice']").inner_text() == ""
    check_accessibility(page, "competency-reject-without-reason", BLOCK)
