"""Stored XSS in a real browser: script in author HTML (assignment instructions saved in Studio,
quiz prompts imported into the item bank) and in learner text (file names, external-training
titles, grader feedback) is stored through the handlers, then every page that shows it is opened:
no script runs (the flag the payloads set stays unset, no dialog opens), author HTML keeps its
harmless markup, learner text shows as text.

The test runs its own demo server: it edits the scenarios' content, which other browser tests read.
"""

import http.cookiejar
import json
import re
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from tests.support.browser import DemoServer, check_accessibility
from tests.support.handlers import multipart

FLAG_PAYLOAD = (
    '<script>window.__xss = "script"; alert("xss")</script>'
    "<img src=x alt=\"\" onerror=\"window.__xss = 'img'; alert('xss')\">"
    "<svg onload=\"window.__xss = 'svg'\"></svg>"
    '<iframe src="javascript:parent.__xss=1"></iframe>'
)
AUTHOR_HTML = "<p>Susun <strong>rencana aksi</strong>.</p>" + FLAG_PAYLOAD
LEARNER_TEXT = "<img src=x onerror=alert(window.__xss=7)>"
FILE_NAME = LEARNER_TEXT + ".pdf"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEARNER = "peserta_xss"

ASSIGNMENT = "/scenario/kemenag_assignment.0/"
QUIZ = "/scenario/kemenag_moderation_quiz.0/"
COMPETENCY = "/scenario/kemenag_competency.0/"

# Any attribute that runs script, anywhere inside the block.
HANDLERS_IN_DOM = """(root) => [...root.querySelectorAll('*')].flatMap((e) =>
  [...e.attributes].filter((a) => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
    .map((a) => e.tagName + ' ' + a.name))"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    demo = DemoServer(tmp_path_factory.mktemp("xss-var")).start()
    yield demo
    demo.stop()


# The workbench's handler URLs are CSRF-protected, as the LMS's are: keep its cookie and send the token.
COOKIES = http.cookiejar.CookieJar()
OPENER = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(COOKIES))


def usage_id(server, scenario, tag):
    html = OPENER.open(f"{server.url}{scenario}?student=staff", timeout=60).read().decode()
    match = re.search(r"<div[^>]*data-usage=['\"]([^'\"]+)['\"][^>]*data-block-type=['\"]" + tag, html)
    return match.group(1)


def post(server, usage, handler, student, body, content_type="application/json"):
    data = json.dumps(body).encode() if content_type == "application/json" else body
    request = urllib.request.Request(
        f"{server.url}/handler/{usage}/{handler}/?student={student}",
        data=data,
        headers={"Content-Type": content_type, "X-CSRFToken": next(c.value for c in COOKIES if c.name == "csrftoken")},
        method="POST",
    )
    try:
        with OPENER.open(request, timeout=60) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as refused:
        raise AssertionError(f"{handler} as {student}: {refused.code} {refused.read()[:300]!r}") from None


def post_form(server, usage, handler, student, fields):
    body, content_type = multipart(fields)
    return post(server, usage, handler, student, body, content_type)


@pytest.fixture(scope="module")
def stored(server):
    """Every payload stored through the handlers, as an author, a learner and a grader would."""
    assignment = usage_id(server, ASSIGNMENT, "kemenag_assignment")
    post(server, assignment, "submit_studio_edits", "staff", {"values": {"instructions": AUTHOR_HTML}, "defaults": []})
    post_form(server, assignment, "upload", LEARNER, {"file": (FILE_NAME, PDF, "application/pdf")})
    state = post(server, assignment, "submit", LEARNER, {"confirm": True})
    rows = post(server, assignment, "submissions", "staff", {"search": LEARNER})["rows"]
    post_form(
        server,
        assignment,
        "grade",
        "staff",
        # The demo assignment has a three-criterion rubric: the lowest level of each.
        {"submission_id": str(rows[0]["id"]), "levels": '{"0": 0, "1": 0, "2": 0}', "feedback": LEARNER_TEXT},
    )
    assert state["files"][0]["name"] == FILE_NAME

    quiz = usage_id(server, QUIZ, "kemenag_moderation_quiz")
    csv_text = (
        "id,dimension,type,reverse,prompt\n"
        + f'x1,komitmen_kebangsaan,likert,,"Soal {AUTHOR_HTML.replace(chr(34), chr(34) * 2)}"\n'
    )
    imported = post(server, quiz, "import_item_bank", "staff", {"csv": csv_text})
    assert imported.get("imported") == 1, imported

    competency = usage_id(server, COMPETENCY, "kemenag_competency")
    post_form(
        server,
        competency,
        "report_training",
        LEARNER,
        {
            "title": "Bimtek " + LEARNER_TEXT,
            "organizer": "BDK " + LEARNER_TEXT,
            "jp": "2",
            "competency_type": "teknis",
            "completed_on": date.today().isoformat(),
            "certificate_number": "BDK/" + LEARNER_TEXT,
            "evidence": ("sertifikat.pdf", PDF, "application/pdf"),
        },
    )
    # The learner works in a demo unit, so staff (its HR officer, decision 0004) see the training to verify.
    people = Path(server.env["KEMENAG_VAR_DIR"]) / "xss-people.csv"
    people.write_text(f"username,work_unit_code,work_unit_name\n{LEARNER},KK-SBY,Kantor Kemenag Kota Surabaya\n")
    server.manage("kemenag_import_work_units", str(people))


@pytest.fixture
def watched(page):
    """The page, recording every dialog (dismissed at once)."""
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.dialogs = dialogs
    return page


def assert_no_script_ran(page, selector):
    page.wait_for_timeout(300)  # an <img onerror> fires once its (failing) load settles
    assert page.evaluate("window.__xss") is None, f"a payload ran: {page.evaluate('window.__xss')}"
    assert page.dialogs == [], f"a payload opened a dialog: {page.dialogs}"
    root = page.locator(selector).first.element_handle()
    assert page.evaluate(HANDLERS_IN_DOM, root) == []


def test_assignment_author_html_is_sanitised_and_learner_text_escaped(watched, server, stored):
    page = watched
    page.goto(f"{server.url}{ASSIGNMENT}?student={LEARNER}&lang=id")
    block = page.locator(".kemenag-assignment").first
    block.locator("[data-role=files] a, [data-role=files] li").first.wait_for()
    assert block.locator("strong", has_text="rencana aksi").count() == 1, "harmless author markup is kept"
    assert FILE_NAME in block.inner_text(), "the learner's file name shows as text"
    assert LEARNER_TEXT in block.inner_text(), "the grader's feedback shows as text"
    assert_no_script_ran(page, ".kemenag-assignment")
    check_accessibility(page, "xss-assignment-learner", ".kemenag-assignment")


def test_assignment_grading_list_escapes_learner_file_names(watched, server, stored):
    page = watched
    page.goto(f"{server.url}{ASSIGNMENT}?student=staff&lang=id")
    block = page.locator(".kemenag-assignment").first
    block.get_by_text(LEARNER).first.wait_for()
    block.get_by_text(LEARNER).first.click()
    page.wait_for_timeout(300)
    assert_no_script_ran(page, ".kemenag-assignment")


def test_quiz_prompt_from_the_item_bank_is_sanitised(watched, server, stored):
    page = watched
    page.goto(f"{server.url}{QUIZ}?student={LEARNER}&lang=id")
    block = page.locator("[data-block-type='kemenag_moderation_quiz']").first
    block.locator("[data-quiz-root][data-ready]").wait_for(state="attached")
    block.get_by_role("button", name="Mulai tes").click()
    block.locator("fieldset").first.wait_for()
    assert "Soal" in block.locator("fieldset").first.inner_text()
    assert block.locator("fieldset strong", has_text="rencana aksi").count() == 1
    assert_no_script_ran(page, "[data-block-type='kemenag_moderation_quiz']")
    check_accessibility(page, "xss-quiz-prompt", "[data-block-type='kemenag_moderation_quiz']")


@pytest.mark.parametrize("student", [LEARNER, "staff"])
def test_external_training_title_is_escaped_for_the_learner_and_staff(watched, server, stored, student):
    page = watched
    page.goto(f"{server.url}{COMPETENCY}?student={student}&lang=id")
    block = page.locator("[data-block-type='kemenag_competency']").first
    block.wait_for()
    assert "Bimtek " + LEARNER_TEXT in block.inner_text(), "the title shows as text"
    assert_no_script_ran(page, "[data-block-type='kemenag_competency']")


def test_the_payloads_run_when_inserted_as_html(watched):
    """The detector works: the same payloads, put in a page unescaped, set the flag and open dialogs."""
    watched.set_content(f"<html lang='id'><body><main>{FLAG_PAYLOAD}{LEARNER_TEXT}</main></body></html>")
    watched.wait_for_function("window.__xss !== undefined")
    watched.wait_for_timeout(300)
    assert watched.dialogs, "the payloads' alert() never ran"
