"""The moderation quiz in a real browser: a timed attempt by keyboard, resumed after a reload,
submitted to see the chart; staff reading the report and exporting it. Every state passes axe."""

import re
import sqlite3
from datetime import UTC, datetime, timedelta

from tests.support.browser import check_accessibility
from tests.support.quiz_browser import submit_paper

BLOCK = "[data-block-type='kemenag_moderation_quiz']"
POSTTEST = "/scenario/kemenag_moderation_quiz.1/"
TIMED = "/scenario/kemenag_moderation_quiz.2/"


def open_as(page, demo_server, scenario, student):
    # The workbench builds its scenario list on the first request, unlocked: a request racing the
    # server's warm-up can see it half built and 404. Wait for it rather than fail on it.
    for _ in range(20):
        if page.goto(f"{demo_server.url}{scenario}?student={student}&lang=id").status != 404:
            break
        page.wait_for_timeout(500)
    block = page.locator(BLOCK).first
    block.locator("[data-quiz-root][data-ready]").wait_for(state="attached")
    return block


def answer_by_keyboard(page, count):
    """An arrow key picks an option of the focused question, Tab moves on to the next one."""
    for _ in range(count):
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")


def test_timed_attempt_by_keyboard_resumes_after_reload_and_shows_the_chart(page, demo_server):
    block = open_as(page, demo_server, TIMED, "peserta_berwaktu")
    assert "Batas waktu: 10 menit" in block.inner_text()
    block.get_by_role("button", name="Mulai tes").focus()
    page.keyboard.press("Enter")
    timer = block.get_by_role("timer")
    timer.wait_for()
    assert re.fullmatch(r"(10:00|9:[0-5]\d)", timer.inner_text().strip()), timer.inner_text()
    questions = block.locator("fieldset")
    assert questions.count() == 8, "two questions drawn from each of the four dimensions"
    assert "score" not in page.content().lower()
    check_accessibility(page, "quiz-timed-attempt", BLOCK)

    answer_by_keyboard(page, 3)
    block.get_by_role("status").filter(has_text="Jawaban tersimpan").wait_for()
    assert "3 dari 8 terjawab" in block.inner_text()

    page.reload()
    block = page.locator(BLOCK).first
    block.locator("fieldset").first.wait_for()
    assert block.locator("input[type=radio]:checked").count() == 3, "saved answers come back after a reload"
    assert re.fullmatch(r"\d+:\d\d", block.get_by_role("timer").inner_text().strip())

    block.locator("fieldset").nth(3).locator("input").first.focus()
    answer_by_keyboard(page, 5)
    page.keyboard.press("Enter")  # focus is now on "Kirim jawaban": the in-page check opens
    dialog = block.get_by_role("dialog")
    dialog.wait_for()
    assert "Kirim jawaban Anda?" in dialog.inner_text(), "all answered: nothing listed as missing"
    page.keyboard.press("Enter")  # focus is on the dialog's "Kirim jawaban"
    results = block.locator("[data-part='results']")
    results.get_by_role("img").wait_for()
    chart_title = results.locator("svg title").text_content()
    assert "Toleransi" in chart_title and "Komitmen Kebangsaan" in chart_title
    table = results.get_by_role("table")
    assert table.locator("tbody tr").count() == 4
    assert re.search(r"Indeks keseluruhan: \d+(,\d+)? — Kategori: ", results.inner_text()), "Indonesian decimal comma"
    assert block.get_by_role("timer").is_hidden()
    check_accessibility(page, "quiz-results", BLOCK)


def test_answers_arriving_after_the_servers_deadline_are_refused_and_the_saved_ones_scored(page, demo_server):
    block = open_as(page, demo_server, TIMED, "peserta_terlambat")
    block.get_by_role("button", name="Mulai tes").click()
    block.locator("fieldset").first.wait_for()
    block.locator("fieldset").nth(0).locator("label").first.click()
    block.get_by_role("status").filter(has_text="Jawaban tersimpan").wait_for()
    # The server's clock runs out while the page still shows time left (a slow phone, a long pause).
    past = (datetime.now(UTC) - timedelta(seconds=5)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(demo_server.database) as db:
        assert (
            db.execute(
                "UPDATE kemenag_xblocks_quizattempt SET deadline = ? WHERE submitted IS NULL AND deadline IS NOT NULL",
                [past],
            ).rowcount
            == 1
        )
    block.locator("fieldset").nth(1).locator("label").first.click()  # too late: must not count
    submit_paper(block)
    results = block.locator("[data-part='results']")
    results.get_by_role("table").wait_for()
    reason = block.get_by_role("status").filter(has_text="tersimpan sebelum batas waktu")
    reason.wait_for()
    assert "tidak diterima" in reason.inner_text()
    assert block.locator("fieldset").first.is_hidden(), "the paper is closed"
    check_accessibility(page, "quiz-deadline-passed", BLOCK)


def test_staff_sees_the_report_and_exports_it(page, demo_server):
    learner = open_as(page, demo_server, POSTTEST, "peserta_laporan")
    learner.get_by_role("button", name="Mulai tes").click()
    learner.locator("fieldset").first.wait_for()
    for question in learner.locator("fieldset").all():
        question.locator("input").nth(1).check()
    submit_paper(learner)
    learner.locator("[data-part='results'] svg").wait_for()
    assert "Unit yang disarankan" in learner.inner_text() or "Umpan" not in learner.inner_text()

    block = open_as(page, demo_server, POSTTEST, "staff")
    block.locator("summary", has_text="Laporan staf").click()
    report = block.locator("[data-part='report']")
    report.wait_for()
    assert int(report.locator("[data-stat='submitted']").inner_text()) >= 1
    assert report.get_by_role("table", name="Analisis butir soal").is_visible()
    assert "Alfa Cronbach" in report.inner_text()
    check_accessibility(page, "quiz-staff-report", BLOCK)
    report.get_by_role("button", name="Ekspor percobaan (CSV)").click()
    link = report.get_by_role("link", name="Unduh CSV")
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("attempts-")
