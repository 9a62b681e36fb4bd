"""Resumable uploads in a browser: a dropped line or a reload mid-upload loses at most one chunk."""

import hashlib
from urllib.parse import parse_qs, urlparse

from tests.browser.test_assignment import SCENARIO, open_scenario, settled_demo  # noqa: F401 (fixture)
from tests.support.browser import check_accessibility

MB = 1024 * 1024
# Four chunks of 1 MB, the last one short; a real PDF header so the server's type check passes.
PDF = b"%PDF-1.4\n% Laporan pelaksanaan diklat\n" + bytes(range(256)) * (3 * MB // 256 + 2000) + b"\n%%EOF\n"


def chunk_offsets(page, store):
    """Record the ``offset`` of every chunk request the page sends."""

    def seen(request):
        if "/upload_chunk/" in request.url:
            store.append(int(parse_qs(urlparse(request.url).query)["offset"][0]))

    page.on("request", seen)


def wait_for_upload(page, block):
    page.wait_for_function(
        "(b) => b.querySelector('[data-role=files] a') || b.querySelector('[data-role=status].is-error')",
        arg=block.element_handle(),
        timeout=60000,
    )


def test_an_interrupted_upload_resumes_after_a_reload_and_is_handed_in(page, demo_server, tmp_path):
    source = tmp_path / "Laporan Diklat.pdf"
    source.write_bytes(PDF)
    url = f"{demo_server.url}{SCENARIO}?student=peserta_resume"
    block = open_scenario(page, url)

    # The line drops for good from the third chunk on: two chunks are confirmed, then nothing.
    cut = {"on": True}

    def flaky(route):
        offset = int(parse_qs(urlparse(route.request.url).query)["offset"][0])
        if cut["on"] and offset >= 2 * MB:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/upload_chunk/**", flaky)
    before = []
    chunk_offsets(page, before)
    block.locator("input[type=file][data-role=input]").set_input_files(str(source))
    status = block.locator("[data-role=status]")
    status.filter(has_text="Koneksi terputus").wait_for(timeout=30000)
    assert before[:2] == [0, MB] and set(before[2:]) == {2 * MB}, before
    assert block.locator("[data-role=files] a").count() == 0, "a partial file is not part of the work"

    # The learner reloads; the page remembers the interrupted upload and says how to continue.
    cut["on"] = False
    page.reload()
    block = page.locator(".kemenag-assignment").first
    block.wait_for()
    assert "Laporan Diklat.pdf" in status.inner_text() and "Pilih berkas yang sama" in status.inner_text()
    check_accessibility(page, "assignment-upload-interrupted", ".kemenag-assignment")

    after = []
    chunk_offsets(page, after)
    block.locator("input[type=file][data-role=input]").set_input_files(str(source))
    wait_for_upload(page, block)
    assert "Laporan Diklat.pdf" in block.locator("[data-role=files]").inner_text(), status.inner_text()
    assert after == [2 * MB, 3 * MB], f"the upload continued from the last confirmed chunk: {after}"
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('kemenag-upload:')).length") == 0

    block.get_by_role("button", name="Kumpulkan").click()
    block.get_by_role("button", name="Ya, kumpulkan").click()
    block.locator("[data-role=receipt]:not([hidden])").wait_for()
    assert hashlib.sha256(PDF).hexdigest() in block.locator("[data-role=files]").inner_text()
    check_accessibility(page, "assignment-upload-resumed-submitted", ".kemenag-assignment")


def test_a_dropped_chunk_is_sent_again_when_the_line_returns(page, demo_server, tmp_path):
    source = tmp_path / "Rencana.pdf"
    source.write_bytes(PDF)
    block = open_scenario(page, f"{demo_server.url}{SCENARIO}?student=peserta_offline")
    dropped = []

    def once(route):
        offset = int(parse_qs(urlparse(route.request.url).query)["offset"][0])
        if offset == MB and not dropped:
            dropped.append(offset)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/upload_chunk/**", once)
    offsets = []
    chunk_offsets(page, offsets)
    page.evaluate(
        "() => { window.__bars = []; new MutationObserver(() => document.querySelectorAll('.kemenag-assignment"
        " progress').forEach((p) => window.__bars.push(Number(p.value)))).observe(document.body,"
        " {subtree: true, attributes: true, childList: true}); }"
    )
    block.locator("input[type=file][data-role=input]").set_input_files(str(source))
    wait_for_upload(page, block)
    assert "Rencana.pdf" in block.locator("[data-role=files]").inner_text()
    assert offsets == [0, MB, MB, 2 * MB, 3 * MB], offsets
    bars = page.evaluate("window.__bars")
    assert bars and max(bars) >= 75 and bars == sorted(bars), f"the progress bar moved forward: {bars}"


def test_a_large_certificate_goes_up_in_chunks_and_survives_a_dropped_chunk(page, demo_server, tmp_path):
    certificate = tmp_path / "sertifikat-diklat.pdf"
    certificate.write_bytes(PDF)
    page.goto(f"{demo_server.url}/scenario/kemenag_competency.0/?student=student_4&lang=id")
    block = page.locator("[data-block-type='kemenag_competency']").first
    block.wait_for()
    dropped = []

    def once(route):
        if not dropped and "offset=1048576" in route.request.url:
            dropped.append(True)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/upload_chunk/**", once)
    offsets = []
    chunk_offsets(page, offsets)
    block.get_by_text("Laporkan pelatihan eksternal").click()
    block.get_by_label("Nama pelatihan").fill("Diklat Teknis Perencanaan")
    block.get_by_label("Penyelenggara").fill("Pusdiklat Tenaga Administrasi")
    block.get_by_label("JP", exact=True).fill("12")
    block.get_by_label("Jenis kompetensi", exact=True).select_option("teknis")
    block.get_by_label("Tanggal selesai").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    block.get_by_label("Nomor sertifikat").fill("PUSDIKLAT/2026/0117")
    block.get_by_label("Berkas sertifikat").set_input_files(str(certificate))
    block.get_by_role("button", name="Kirim untuk diverifikasi").click()
    block.get_by_role("status").filter(has_text="Petugas kepegawaian unit Anda akan memverifikasi").wait_for(
        timeout=60000
    )
    assert offsets == [0, MB, MB, 2 * MB, 3 * MB], offsets
    assert "Menunggu verifikasi" in block.locator("tbody tr", has_text="Diklat Teknis Perencanaan").inner_text()
    check_accessibility(page, "competency-certificate-chunked", "[data-block-type='kemenag_competency']")
