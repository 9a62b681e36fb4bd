"""What a first real use of the quiz broke (issue 21), each seen in Chromium as a learner sees it,
in Indonesian and English, at 360 and 1280 px (screenshots in var/screenshots/quiz-*).

21.2 a half-answered paper: an in-page check says how many of N are unanswered and leads there;
21.3 a timed test says its clock runs from the first start, and "Waktu habis" when it ran out;
21.4 which attempt counts is said before a retake; 21.6 the post-test table at 360 px;
21.7 the message where the action was; 21.11 one number format per language; and the small ones
(no gap above the results, green links, the overall gain headline, a short timer bar on a phone).
"""

import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.browser import SCREENSHOTS, check_accessibility

BLOCK = "[data-block-type='kemenag_moderation_quiz']"
PRETEST, POSTTEST, TIMED = (
    "/scenario/kemenag_moderation_quiz.0/",
    "/scenario/kemenag_moderation_quiz.1/",
    "/scenario/kemenag_moderation_quiz.2/",
)
TEXT = {
    "id": {"start": "Mulai tes", "submit": "Kirim jawaban", "again": "Kerjakan tes lagi", "time_up": "Waktu habis"},
    "en": {
        "start": "Start the test",
        "submit": "Submit answers",
        "again": "Take the test again",
        "time_up": "Time is up",
    },
}
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(params=[("id", "phone"), ("en", "desktop"), ("id", "desktop"), ("en", "phone")], ids="-".join)
def view(request, browser):
    lang, size = request.param
    extra = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True} if size == "phone" else {}
    context = browser.new_context(viewport=SIZES[size], locale=f"{lang}-ID" if lang == "id" else "en-US", **extra)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.native_dialogs = dialogs
    yield page, lang, size
    context.close()


def open_as(page, demo_server, scenario, student, lang):
    for _ in range(20):
        if page.goto(f"{demo_server.url}{scenario}?student={student}&lang={lang}").status != 404:
            break
        page.wait_for_timeout(500)
    block = page.locator(BLOCK).first
    block.locator("[data-quiz-root][data-ready]").wait_for(state="attached")
    return block


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def start(block, lang):
    block.get_by_role("button", name=TEXT[lang]["start"]).click()
    block.locator("fieldset").first.wait_for()


def test_a_half_answered_paper_says_how_many_are_unanswered_and_leads_there(view, demo_server):
    page, lang, size = view
    block = open_as(page, demo_server, TIMED, f"setengah_{lang}_{size}", lang)
    start(block, lang)
    questions = block.locator("fieldset")
    total = questions.count()
    for index in range(0, total, 2):  # every other question
        questions.nth(index).locator("label").first.click()
    block.locator("form button[type=submit]").click()
    dialog = block.get_by_role("dialog")
    dialog.wait_for()
    missing = total - len(range(0, total, 2))
    expected = {
        "id": f"{missing} dari {total} soal belum dijawab",
        "en": f"{missing} of {total} questions are not answered",
    }
    assert expected[lang] in dialog.inner_text()
    links = dialog.get_by_role("link")
    assert links.count() == missing
    assert page.native_dialogs == [], "no window.confirm()"
    shot(page, f"quiz-unanswered-dialog-{lang}-{size}")
    check_accessibility(page, f"quiz-unanswered-dialog-{lang}-{size}-axe", BLOCK)
    # Going to the second question: focus there, marked invalid and described by its note.
    links.first.click()
    second = questions.nth(1)
    group = second.locator("[role=radiogroup]")
    assert group.get_attribute("aria-invalid") == "true"
    note = page.locator(f"#{group.get_attribute('aria-describedby')}")
    assert note.is_visible() and note.inner_text() in ("Belum dijawab.", "Not answered yet.")
    assert page.evaluate("document.activeElement.closest('fieldset') !== null")
    assert second.locator("input").first.evaluate("el => el === document.activeElement")
    assert dialog.is_hidden()
    shot(page, f"quiz-unanswered-goto-{lang}-{size}")
    second.locator("label").first.click()
    assert group.get_attribute("aria-invalid") is None, "answered: no longer marked"


def test_a_timed_test_tells_the_truth_and_says_time_is_up_watching_and_coming_back(view, demo_server):
    page, lang, size = view
    student = f"waktu_{lang}_{size}"
    block = open_as(page, demo_server, TIMED, student, lang)
    hint = block.locator("[data-part='timed-hint']").inner_text()
    assert {"id": "terus berjalan di semua perangkat", "en": "keeps running, on every device"}[lang] in hint
    assert "continue later" not in hint and "melanjutkan nanti" not in hint.lower()
    page.clock.install()
    start(block, lang)
    timer = block.locator("[data-part='timer']")
    if size == "phone":
        assert timer.bounding_box()["height"] <= 40, "the sticky bar is one short line on a phone"
    block.locator("fieldset").nth(0).locator("label").first.click()
    block.locator("[data-part='sync'][data-state='saved']").filter(has_text=re.compile(".")).wait_for()
    page.clock.run_for(10 * 60 * 1000 + 2000)  # the page watches the ten minutes run out
    results = block.locator("[data-part='results']")
    up = results.get_by_role("alert")
    up.wait_for()
    assert TEXT[lang]["time_up"] in up.inner_text()
    assert re.search(r"\b1\b.*\b8\b", up.inner_text()), "which answers were counted: 1 of 8"
    shot(page, f"quiz-time-up-watching-{lang}-{size}")

    # Coming back after the deadline (another attempt, the server's clock ran out meanwhile).
    page.clock.resume()
    results.get_by_role("button", name=TEXT[lang]["again"]).click()
    block.locator("fieldset").first.wait_for()
    block.locator("fieldset").nth(0).locator("label").first.click()
    block.locator("fieldset").nth(1).locator("label").first.click()
    block.locator("[data-part='sync'][data-state='saved']").filter(has_text=re.compile(".")).wait_for()
    past = (datetime.now(UTC) - timedelta(seconds=5)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(demo_server.database) as db:
        db.execute(
            "UPDATE kemenag_xblocks_quizattempt SET deadline = ? WHERE submitted IS NULL AND deadline IS NOT NULL",
            [past],
        )
    block = open_as(page, demo_server, TIMED, student, lang)
    up = block.locator("[data-part='results']").get_by_role("alert")
    up.wait_for()
    assert TEXT[lang]["time_up"] in up.inner_text() and re.search(r"\b2\b.*\b8\b", up.inner_text())
    shot(page, f"quiz-time-up-returning-{lang}-{size}")
    check_accessibility(page, f"quiz-time-up-{lang}-{size}-axe", BLOCK)


def submit_all(block, option=1):
    for question in block.locator("fieldset").all():
        question.locator("input").nth(option).check()
    block.locator("form button[type=submit]").click()
    dialog = block.get_by_role("dialog")
    dialog.wait_for()
    dialog.locator("[data-part='confirm-submit']").click()
    block.locator("[data-part='results'] table").wait_for()


def test_post_test_results_read_at_every_width_with_the_gain_and_which_attempt_counts(view, demo_server):
    page, lang, size = view
    student = f"pasca_{lang}_{size}"
    pre = open_as(page, demo_server, PRETEST, student, lang)
    start(pre, lang)
    submit_all(pre, option=0)
    post = open_as(page, demo_server, POSTTEST, student, lang)
    rule = post.locator("[data-part='counted-rule']").inner_text()
    assert {"id": "Hasil tertinggi Anda yang dihitung", "en": "Your highest result counts"}[lang] in rule, "said before"
    start(post, lang)
    submit_all(post, option=1)
    results = post.locator("[data-part='results']")
    text = results.inner_text()
    # 21.11: one number format per language; the overall gain headline.
    headline = results.locator("[data-result='gain']").inner_text()
    assert {"id": "pre-test", "en": "pre-test"}[lang] in headline and "→" in headline
    numbers = re.findall(r"\d+[.,]\d+", text)
    assert numbers and all(("," in n) == (lang == "id") for n in numbers), numbers
    # 21.4: before a retake, which attempt counts.
    assert results.locator("[data-result='counted']").is_visible()
    # 21.6: nothing is cut off at 360 px: the table stacks, each value labelled.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[size]["width"], width
    cells = results.locator("table td")
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"] + 1
    if size == "phone":
        label = cells.nth(2).evaluate("el => getComputedStyle(el, '::before').content")
        assert label.strip('"') == "Pre-test", label
    # Small ones: no empty gap above the results heading, links in the block's green.
    gap = page.evaluate(
        "() => { const r = document.querySelector(\"[data-part='results']\"); const h = r.querySelector('h3');"
        " return h.getBoundingClientRect().top - r.getBoundingClientRect().top; }"
    )
    assert gap <= 2, gap
    link = results.locator("a").first
    if link.count():
        assert link.evaluate("el => getComputedStyle(el).color") == "rgb(11, 93, 59)"
    shot(page, f"quiz-posttest-results-{lang}-{size}")
    check_accessibility(page, f"quiz-posttest-results-{lang}-{size}-axe", BLOCK)


def test_a_refusal_is_said_beside_the_button_that_was_pressed(page, demo_server):
    """21.7: a refused retake is answered beside "Kerjakan tes lagi" (at the bottom of the results), with
    focus moved to the message, not at the top of the block."""
    block = open_as(page, demo_server, TIMED, "pesan_dekat", "id")
    start(block, "id")
    submit_all(block)
    again = block.locator("[data-part='results']").get_by_role("button", name="Kerjakan tes lagi")
    # The refusal is the server's own words, as the handler would send them for another device's attempts.
    page.route(
        "**/start_attempt/**",
        lambda route: route.fulfill(
            status=403,
            content_type="application/json",
            body='{"error": "Anda telah menggunakan semua percobaan untuk tes ini.", "code": "attempts_exhausted"}',
        ),
    )
    again.click()
    status = block.locator("[data-part='status']")
    status.filter(has_text="semua percobaan").wait_for()
    assert status.evaluate("el => el === document.activeElement"), "focus moved to the message"
    button_bottom = again.bounding_box()["y"] + again.bounding_box()["height"]
    assert 0 <= status.bounding_box()["y"] - button_bottom <= 40, "the message is right below the button"
    shot(page, "quiz-refusal-beside-button-id-desktop")
