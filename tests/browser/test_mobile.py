"""Every block on a 360 px phone (issue 9): nothing scrolls sideways, every control is big enough to
hit with a thumb, a screenshot of each state is kept in var/screenshots/, and axe passes."""

import pytest

from demo.course_units import course_unit_scenarios
from tests.support.browser import check_accessibility
from tests.support.quiz_browser import submit_paper

WIDTH = 360
MIN_TARGET = 44  # px: the platform's and WCAG 2.5.5's comfortable touch target
QUIZ = "[data-block-type='kemenag_moderation_quiz']"
ASSIGNMENT = "[data-block-type='kemenag_assignment']"
COMPETENCY = "[data-block-type='kemenag_competency']"

# What a learner taps: buttons, form fields, disclosure summaries, options (the whole label is the
# target), links styled as buttons. Links inside running text are exempt, as WCAG exempts them.
CONTROLS = """
(root) => Array.from(root.querySelectorAll(
  'button, select, textarea, summary, input:not([type=radio]):not([type=checkbox]):not([type=hidden]),'
  + ' label:has(input[type=radio]), label[for], a[class*=button]'
)).filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
  // a file input hidden behind its styled label: the label is the target
  && getComputedStyle(el).opacity !== '0'
  // a plain label above its field is not a target of its own
  && !(el.matches('label[for]') && !el.matches('[class*=button]')))
  .map((el) => ({what: el.outerHTML.slice(0, 90), height: el.getBoundingClientRect().height}))
"""

# Anything that sticks out to the right of the viewport, and the document's own width.
OVERFLOW = """
(root) => ({
  page: document.documentElement.scrollWidth,
  wide: Array.from(root.querySelectorAll('*')).filter((el) => el.getClientRects().length
          && el.getBoundingClientRect().right > window.innerWidth + 0.5
          && !el.closest('[class*=scroll], [class*=table-wrap]'))
        .slice(0, 5).map((el) => el.outerHTML.slice(0, 90)),
})
"""


def open_scenario(phone, demo_server, scenario, student, block):
    for _ in range(20):  # the workbench builds its scenarios on the first requests: wait, not fail
        if phone.goto(f"{demo_server.url}/scenario/{scenario}/?student={student}&lang=id").status != 404:
            break
        phone.wait_for_timeout(500)
    located = phone.locator(block).first
    located.wait_for()
    return located


def check_phone_layout(phone, selector, name):
    handle = phone.locator(selector).first.element_handle()
    overflow = phone.evaluate(OVERFLOW, handle)
    assert overflow["page"] <= WIDTH, f"{name}: the page is {overflow['page']} px wide: {overflow['wide']}"
    assert not overflow["wide"], f"{name}: sticks out past {WIDTH} px: {overflow['wide']}"
    controls = phone.evaluate(CONTROLS, handle)
    assert controls, f"{name}: no controls found to measure"
    small = [c for c in controls if c["height"] < MIN_TARGET - 0.5]
    assert not small, f"{name}: controls under {MIN_TARGET} px tall: {small}"
    check_accessibility(phone, f"phone-{name}", selector)


def test_quiz_on_a_phone_intro_paper_and_results(phone, demo_server):
    block = open_scenario(phone, demo_server, "kemenag_moderation_quiz.2", "peserta_ponsel", QUIZ)
    block.locator("[data-quiz-root][data-ready]").wait_for(state="attached")
    check_phone_layout(phone, QUIZ, "quiz-intro")
    block.get_by_role("button", name="Mulai tes").click()
    block.locator("fieldset").first.wait_for()
    for question in block.locator("fieldset").all():
        question.locator("label").nth(2).click()
    block.locator("[data-part='sync'][data-state='saved']").wait_for()
    check_phone_layout(phone, QUIZ, "quiz-paper")
    submit_paper(block)
    block.locator("[data-part='results'] table").wait_for()
    check_phone_layout(phone, QUIZ, "quiz-results")


def test_assignment_on_a_phone(phone, demo_server):
    open_scenario(phone, demo_server, "kemenag_assignment.0", "peserta_ponsel", ASSIGNMENT)
    check_phone_layout(phone, ASSIGNMENT, "assignment-learner")


@pytest.mark.parametrize("student", ["student_1", "student_3"])
def test_competency_on_a_phone(phone, demo_server, student):
    block = open_scenario(phone, demo_server, "kemenag_competency.0", student, COMPETENCY)
    block.get_by_text("Laporkan pelatihan eksternal").click()  # the form is what a phone user struggles with
    check_phone_layout(phone, COMPETENCY, f"competency-{student}")


@pytest.mark.parametrize("unit", [scenario_id for scenario_id, _title, _xml in course_unit_scenarios()])
def test_the_courses_units_on_a_phone(phone, demo_server, unit):
    """The course as authored (demo scenarios "Kursus: ..."), each unit's block as a learner first sees it."""
    selector = "[data-block-type^='kemenag_']"
    open_scenario(phone, demo_server, unit, "peserta_kursus_ponsel", selector)
    check_phone_layout(phone, selector, f"course-{unit}")


STUDIO_EDITORS = {
    "kemenag_moderation_quiz.3": ".kemenag-dimensions",
    "kemenag_assignment.2": "[data-block-type='kemenag_assignment']",
}


@pytest.mark.parametrize("scenario", sorted(STUDIO_EDITORS))
def test_studio_editors_fit_a_phone(phone, demo_server, scenario):
    """An author on a phone (issue 21.6): the editors' tables and fields stay inside 360 px, each
    field under a visible label (the dimensions' rows stack), nothing cut off to the right."""
    selector = STUDIO_EDITORS[scenario]
    for _ in range(20):
        if phone.goto(f"{demo_server.url}/scenario/{scenario}/studio_view/?student=staff&lang=id").status != 404:
            break
        phone.wait_for_timeout(500)
    phone.locator(selector).first.wait_for()
    overflow = phone.evaluate(OVERFLOW, phone.locator(selector).first.element_handle())
    assert overflow["page"] <= WIDTH, f"{scenario}: the page is {overflow['page']} px wide: {overflow['wide']}"
    assert not overflow["wide"], f"{scenario}: sticks out past {WIDTH} px: {overflow['wide']}"
    check_accessibility(phone, f"phone-studio-{scenario}", selector)
    if scenario.startswith("kemenag_moderation_quiz"):
        # Every field's own label is on screen (the table header is off screen on a phone).
        weight = phone.locator(".kemenag-dimensions td[data-label='Bobot']").first
        assert weight.is_visible()
        assert phone.evaluate("(td) => getComputedStyle(td, '::before').content", weight.element_handle()) == '"Bobot"'
