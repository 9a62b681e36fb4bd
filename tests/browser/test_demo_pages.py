"""The demo as a newcomer meets it: the index, each block as learner and staff, both languages."""

import pytest

from tests.support.browser import check_accessibility

TAGS = ("kemenag_moderation_quiz", "kemenag_assignment", "kemenag_competency")


def test_index_lists_every_block_and_passes_axe(page, demo_server):
    page.goto(demo_server.url + "/")
    assert page.title().startswith("Digital Learning Center Kemenag")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator(".demo-scenarios li").count() >= len(TAGS)
    check_accessibility(page, "index")


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("student", ("student_1", "staff"))
def test_each_block_renders_for_learner_and_staff_and_passes_axe(page, demo_server, tag, student):
    page.goto(f"{demo_server.url}/scenario/{tag}.0/?student={student}")
    block = page.locator(f"[data-block-type='{tag}']").first
    block.wait_for()
    assert block.locator("h2").inner_text().strip()
    assert student in page.inner_text(".demo-viewer")
    check_accessibility(page, f"{tag}-{student}")


def test_language_switch_turns_the_page_english_and_remembers_it(page, demo_server):
    page.goto(f"{demo_server.url}/scenario/kemenag_assignment.0/?student=student_1")
    assert "Unggah" in page.inner_text("main")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Upload your work" in page.inner_text("main")
    page.goto(f"{demo_server.url}/")
    assert page.locator("html").get_attribute("lang") == "en", "the choice is remembered across pages"


def test_blocks_fit_a_phone_screen(phone, demo_server):
    phone.goto(f"{demo_server.url}/scenario/kemenag_moderation_quiz.0/?student=student_1")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a 360px phone"
    check_accessibility(phone, "quiz-phone-360")
