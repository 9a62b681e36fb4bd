"""Script break-out through the blocks' start-up data, in Chromium.

A ``</script><img onerror>`` and a ``<!--<script>`` are stored in every author-, learner- and
grader-controlled string that reaches a block's script (assignment title and rubric names, quiz
dimension and band names, the tracker's course title; a learner's file name and training; a
grader's feedback), then each block's page is opened as the learner and as staff: the blocks start
(their scripts got the data), no payload runs, no element is injected, and the text shows as
text. A control proves the same data written with a plain ``json.dumps`` does run.

The test runs its own demo server: it edits the scenarios, which other browser tests read.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from tests.browser.test_stored_xss import HANDLERS_IN_DOM, post, post_form, usage_id
from tests.support.browser import DemoServer

BREAK = "</script><img src=x onerror=window.__xss=1><!--<script>"
LEARNER = "peserta_breakout"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FILE_NAME = "bab <!--<script> <img src=x onerror=window.__xss=2>.pdf"  # no "/": names keep the last part

ASSIGNMENT = "/scenario/kemenag_assignment.0/"
QUIZ = "/scenario/kemenag_moderation_quiz.0/"
COMPETENCY = "/scenario/kemenag_competency.0/"
DIMENSIONS = ("komitmen_kebangsaan", "toleransi", "anti_kekerasan", "akomodatif_budaya_lokal")


def text(label):
    return f"{label} {BREAK}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    demo = DemoServer(tmp_path_factory.mktemp("breakout-var")).start()
    yield demo
    demo.stop()


@pytest.fixture(scope="module")
def stored(server):
    assignment = usage_id(server, ASSIGNMENT, "kemenag_assignment")
    rubric = [
        {
            "name": text("Kriteria"),
            "description": text("Uraian"),
            "levels": [{"label": text("Kurang"), "points": 0}, {"label": "Baik", "points": 10}],
        }
    ]
    post(
        server,
        assignment,
        "submit_studio_edits",
        "staff",
        {"values": {"display_name": text("Tugas"), "rubric": rubric}, "defaults": []},
    )
    post_form(server, assignment, "upload", LEARNER, {"file": (FILE_NAME, PDF, "application/pdf")})
    post(server, assignment, "submit", LEARNER, {"confirm": True})
    row = post(server, assignment, "submissions", "staff", {"search": LEARNER})["rows"][0]
    post_form(
        server,
        assignment,
        "grade",
        "staff",
        {"submission_id": str(row["id"]), "levels": '{"0": 0}', "feedback": text("Umpan balik")},
    )

    quiz = usage_id(server, QUIZ, "kemenag_moderation_quiz")
    post(
        server,
        quiz,
        "save_dimensions",
        "staff",
        {
            "dimensions": [{"id": d, "name": text(f"Dimensi {n}"), "weight": "1"} for n, d in enumerate(DIMENSIONS)],
            "bands": [{"min": "0", "name": text("Pita rendah")}, {"min": "50", "name": text("Pita tinggi")}],
        },
    )
    paper = post(server, quiz, "start_attempt", LEARNER, {})
    answers = {item["id"]: (item["options"][0]["id"] if item.get("options") else 3) for item in paper["items"]}
    post(server, quiz, "submit", LEARNER, {"answers": answers})

    competency = usage_id(server, COMPETENCY, "kemenag_competency")
    post(
        server,
        competency,
        "submit_studio_edits",
        "staff",
        {"values": {"course_title": text("Kursus")}, "defaults": []},
    )
    post_form(
        server,
        competency,
        "report_training",
        LEARNER,
        {
            "title": text("Bimtek"),
            "organizer": text("BDK"),
            "jp": "2",
            "competency_type": "teknis",
            "completed_on": date.today().isoformat(),
            "certificate_number": text("No"),
            "evidence": ("sertifikat.pdf", PDF, "application/pdf"),
        },
    )
    # The learner works in a demo unit, so staff (its HR officer, decision 0004) see the training to verify.
    people = Path(server.env["KEMENAG_VAR_DIR"]) / "breakout-people.csv"
    people.write_text(f"username,work_unit_code,work_unit_name\n{LEARNER},KK-SBY,Kantor Kemenag Kota Surabaya\n")
    server.manage("kemenag_import_work_units", str(people))


@pytest.fixture
def watched(page):
    errors, dialogs = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.errors, page.dialogs = errors, dialogs
    return page


def assert_clean(page, selector):
    page.wait_for_timeout(400)  # an <img onerror> fires once its (failing) load settles
    assert page.evaluate("window.__xss") is None, f"a payload ran: {page.evaluate('window.__xss')}"
    assert page.dialogs == []
    injected = page.evaluate("() => [...document.querySelectorAll('img[src=\"x\"]')].map((e) => e.outerHTML)")
    assert injected == [], f"elements injected: {injected}"
    root = page.locator(selector).first.element_handle()
    assert page.evaluate(HANDLERS_IN_DOM, root) == []
    assert not [error for error in page.errors if "SyntaxError" in error or "JSON" in error], page.errors


@pytest.mark.parametrize("student", [LEARNER, "staff"])
def test_assignment_start_up_data_stays_data(watched, server, stored, student):
    page = watched
    page.goto(f"{server.url}{ASSIGNMENT}?student={student}&lang=id")
    block = page.locator(".kemenag-assignment").first
    if student == LEARNER:
        block.get_by_text(FILE_NAME).first.wait_for()  # the script rendered the learner's files
        assert text("Umpan balik") in block.inner_text(), "the feedback shows as text"
    else:
        block.get_by_text(LEARNER).first.wait_for()  # the grading list loaded through the script
    assert_clean(page, ".kemenag-assignment")


@pytest.mark.parametrize("student", [LEARNER, "staff"])
def test_quiz_result_with_hostile_dimension_and_band_names(watched, server, stored, student):
    page = watched
    page.goto(f"{server.url}{QUIZ}?student={student}&lang=id")
    block = page.locator("[data-block-type='kemenag_moderation_quiz']").first
    block.locator("[data-quiz-root][data-ready]").wait_for(state="attached")
    page.screenshot(path=f"var/screenshots/breakout-quiz-{student}.png", full_page=True)
    if student == LEARNER:
        # the result table, drawn by the script from its start-up data
        block.locator("table").get_by_text(text("Dimensi 0")).first.wait_for()
        assert text("Pita tinggi") in block.locator("table").inner_text()
    assert_clean(page, "[data-block-type='kemenag_moderation_quiz']")


@pytest.mark.parametrize("student", [LEARNER, "staff"])
def test_tracker_with_hostile_course_title_and_training(watched, server, stored, student):
    page = watched
    page.goto(f"{server.url}{COMPETENCY}?student={student}&lang=id")
    block = page.locator("[data-block-type='kemenag_competency']").first
    block.get_by_text(text("Bimtek")).first.wait_for()
    assert_clean(page, "[data-block-type='kemenag_competency']")


def test_the_same_data_breaks_out_through_a_plain_json_dumps(watched):
    """The detector works: start-up data written as the runtime writes it runs the payload."""
    data = json.dumps({"feedback": text("Umpan balik")})
    watched.set_content(f'<html><body><script type="json/xblock-args">{data}</script></body></html>')
    watched.wait_for_function("window.__xss !== undefined")
