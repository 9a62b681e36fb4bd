"""The quiz on a line that drops (issue 9): answers given offline are kept, shown as not yet saved,
sent when the line returns; a submission made offline goes through then; a reload loses nothing.
What the server holds is read back through the block's own handlers."""

from tests.support.browser import check_accessibility
from tests.support.quiz_browser import submit_paper

BLOCK = "[data-block-type='kemenag_moderation_quiz']"
POSTTEST = "/scenario/kemenag_moderation_quiz.1/"  # 16 questions, two attempts
SAVED = "Semua jawaban tersimpan"
UNSAVED = "belum tersimpan"

# The block's handler, called as quiz.js calls it (the workbench's handler URL, CSRF cookie).
CALL_HANDLER = """
async ([name, method]) => {
  const block = document.querySelector("[data-block-type='kemenag_moderation_quiz']");
  const url = handlerBaseUrl + block.dataset.usage + "/" + name + "/?student=" + studentId;
  const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
  const response = await fetch(url, method === "GET" ? {} : {
    method: "POST", body: "{}", headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}});
  return {status: response.status, body: await response.json()};
}
"""


def open_quiz(page, demo_server, student):
    for _ in range(20):  # the workbench builds its scenarios on the first requests: wait, not fail
        if page.goto(f"{demo_server.url}{POSTTEST}?student={student}&lang=id").status != 404:
            break
        page.wait_for_timeout(500)
    block = page.locator(BLOCK).first
    block.locator("[data-quiz-root][data-ready]").wait_for(state="attached")
    return block


def start(block):
    block.get_by_role("button", name="Mulai tes").click()
    block.locator("fieldset").first.wait_for()


def answer(block, first, last):
    """Pick the second option of questions first..last-1 (by position)."""
    for index in range(first, last):
        block.locator("fieldset").nth(index).locator("label").nth(1).click()


def server(page, handler, method="POST"):
    result = page.evaluate(CALL_HANDLER, [handler, method])
    assert result["status"] == 200, result
    return result["body"]


def sync_text(block):
    return block.locator("[data-part='sync']").inner_text()


def test_answers_and_a_submission_made_offline_go_through_when_the_line_returns(page, demo_server):
    block = open_quiz(page, demo_server, "peserta_luring")
    start(block)
    total = block.locator("fieldset").count()
    answer(block, 0, 4)
    block.locator("[data-part='sync'][data-state='saved']").wait_for()
    assert len(server(page, "start_attempt")["answers"]) == 4

    page.context.set_offline(True)
    answer(block, 4, total)
    sync = block.locator("[data-part='sync']")
    sync.filter(has_text=UNSAVED).wait_for()
    assert f"Jawaban belum tersimpan: {total - 4}." in sync_text(block)
    assert "perangkat ini" in sync_text(block), "offline, the learner is told the answers are kept here"
    check_accessibility(page, "quiz-offline-unsaved", BLOCK)

    submit_paper(block)
    block.get_by_role("status").filter(has_text="menunggu koneksi").wait_for()
    page.wait_for_timeout(1500)  # a retry or two while offline changes nothing
    assert block.locator("[data-part='results']").is_hidden()
    assert UNSAVED in sync_text(block)

    page.context.set_offline(False)
    results = block.locator("[data-part='results']")
    results.get_by_role("table").wait_for()
    assert results.locator("tbody tr").count() == 4

    state = server(page, "student_view_user_state", "GET")
    assert state["attempts_used"] == 1 and state["open"] is False
    shown = results.locator("[data-result='overall']").inner_text()
    assert str(state["result"]["overall"]).replace(".0", "") in shown.replace(",", ".")
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('kemenag-quiz:')).length") == 0


def test_a_reload_while_answers_are_unsent_loses_nothing(page, demo_server):
    block = open_quiz(page, demo_server, "peserta_muat_ulang")
    start(block)
    total = block.locator("fieldset").count()
    answer(block, 0, 3)
    block.locator("[data-part='sync'][data-state='saved']").wait_for()

    # The line drops for saves only: the page itself still reloads.
    page.route("**/save_answers/**", lambda route: route.abort("internetdisconnected"))
    answer(block, 3, 9)
    block.locator("[data-part='sync']").filter(has_text=UNSAVED).wait_for()
    page.reload()
    block = page.locator(BLOCK).first
    block.locator("fieldset").first.wait_for()
    assert block.locator("input[type=radio]:checked").count() == 9, "answers kept on the device come back"
    assert "Jawaban belum tersimpan: 6." in sync_text(block)
    assert len(server(page, "start_attempt")["answers"]) == 3, "the server has not seen them yet"

    page.unroute("**/save_answers/**")
    page.context.set_offline(True)  # the online event after this is what triggers the re-send at once
    page.context.set_offline(False)
    block.locator("[data-part='sync'][data-state='saved']").wait_for(timeout=15000)
    assert SAVED in sync_text(block)
    saved = server(page, "start_attempt")["answers"]
    assert len(saved) == 9 and len(saved) < total


def test_a_refused_submission_shows_the_servers_message_and_keeps_the_answers(page, demo_server):
    block = open_quiz(page, demo_server, "peserta_ditolak")
    start(block)
    answer(block, 0, 2)
    block.locator("[data-part='sync'][data-state='saved']").wait_for()
    refusal = '{"error": "Waktu untuk percobaan ini sudah habis."}'
    page.route("**/submit/**", lambda route: route.fulfill(status=409, body=refusal, content_type="application/json"))
    submit_paper(block)
    message = block.get_by_role("status").filter(has_text="Waktu untuk percobaan ini sudah habis.")
    message.wait_for()
    assert "tetap tersimpan di perangkat ini" in message.inner_text()
    assert block.locator("[data-part='results']").is_hidden()
    assert block.locator("input[type=radio]:checked").count() == 2
    assert block.locator("input[type=radio]").first.is_enabled(), "the learner can carry on"
    assert len(server(page, "start_attempt")["answers"]) == 2, "the attempt is still open on the server"
