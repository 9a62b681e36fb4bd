"""Studio's question editor (issue 21.9): add, reorder and remove questions, each checked as the
author types (marked aria-invalid, described by its message, focus on the first problem), saved all
or nothing; the pre-test is picked from the course's quizzes; the editor speaks the author's language.
Screenshots in Indonesian and English at 360 and 1280 px (var/screenshots/quiz-studio-editor-*)."""

import pytest

from tests.support.browser import SCREENSHOTS, check_accessibility

STUDIO = "/scenario/kemenag_moderation_quiz.3/studio_view/"
WORDS = {
    "id": {
        "add": "Tambah soal",
        "save": "Simpan soal",
        "id": "Id",
        "prompt": "Teks soal",
        "up": "Naikkan",
        "need_prompt": "Tulis soalnya.",
        "saved": "soal disimpan",
        "no_pretest": "Tanpa pre-test",
        "type": "Jenis",
        "choice": "Pilihan",
        "two": "sedikitnya dua opsi",
        "add_option": "Tambah opsi",
    },
    "en": {
        "add": "Add a question",
        "save": "Save questions",
        "id": "Id",
        "prompt": "Question text",
        "up": "Move up",
        "need_prompt": "Write the question.",
        "saved": "Saved",
        "no_pretest": "No pre-test",
        "type": "Type",
        "choice": "Choice",
        "two": "at least two options",
        "add_option": "Add an option",
    },
}


@pytest.mark.parametrize(("lang", "width"), [("id", 1280), ("en", 360), ("id", 360), ("en", 1280)])
def test_authors_edit_questions_in_a_checked_list_and_pick_the_pre_test(browser, demo_server, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
    page = context.new_page()
    words = WORDS[lang]
    for _ in range(20):
        if page.goto(f"{demo_server.url}{STUDIO}?student=staff&lang={lang}").status != 404:
            break
        page.wait_for_timeout(500)
    editor = page.locator(".kemenag-itemeditor")
    editor.locator("[data-item]").first.wait_for()
    assert page.locator("#xb-field-edit-pretest option").first.inner_text().strip().startswith(words["no_pretest"])
    before = editor.locator("[data-item]").count()
    first_id = editor.locator("[data-item]").first.locator("input[data-key='id']").first.input_value()

    editor.get_by_role("button", name=words["add"]).click()
    new = editor.locator("[data-item]").last
    new_id = new.get_by_label(words["id"], exact=True)
    assert new_id.evaluate("el => el === document.activeElement"), "focus on the new question"
    new_id.fill(f"baru_{lang}_{width}")
    prompt = new.get_by_label(words["prompt"])
    prompt.fill("x")
    prompt.fill("")  # checked as you type: an empty question is marked at once
    assert prompt.get_attribute("aria-invalid") == "true"
    described = page.locator(f"#{prompt.get_attribute('aria-describedby')}")
    assert described.inner_text() == words["need_prompt"]
    prompt.fill("Saya menghormati hari besar agama lain.")
    assert prompt.get_attribute("aria-invalid") is None
    new.get_by_label(words["type"]).select_option("choice")
    new.locator("[data-action='add-option']").click()
    assert words["two"] in new.inner_text(), "one option is not enough, said beside the question"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"quiz-studio-editor-checked-{lang}-{width}.png"), full_page=True)
    editor.get_by_role("button", name=words["save"]).click()
    focused = page.evaluate(
        "document.activeElement.closest('[data-item]')"
        " === document.querySelector('.kemenag-itemeditor [data-item]:last-child')"
    )
    assert focused, "a refused save moves focus to the first marked field"
    new.locator("[data-option]").first.locator("[data-key='text']").fill("Ya")
    new.locator("[data-option]").first.locator("[data-key='score']").fill("4")
    new.get_by_role("button", name=words["add_option"]).click()
    new.locator("[data-option]").last.locator("[data-key='text']").fill("Tidak")
    new.locator("[data-option]").last.locator("[data-key='score']").fill("0")
    new.get_by_role("button", name=words["up"]).click()  # reorder: one place up
    with page.expect_response(lambda r: "save_items" in r.url) as saved:
        editor.get_by_role("button", name=words["save"]).click()
    assert saved.value.json()["errors"] == [], saved.value.json()
    editor.locator("[data-part='items-status']").filter(has_text=words["saved"]).wait_for()
    page.screenshot(path=str(SCREENSHOTS / f"quiz-studio-editor-saved-{lang}-{width}.png"), full_page=True)
    check_accessibility(page, f"quiz-studio-editor-{lang}-{width}-axe", ".kemenag-itemeditor")

    page.reload()
    editor = page.locator(".kemenag-itemeditor")
    editor.locator("[data-item]").first.wait_for()
    ids = [row.locator("input[data-key='id']").first.input_value() for row in editor.locator("[data-item]").all()]
    assert len(ids) == before + 1 and ids[0] == first_id and ids[-2] == f"baru_{lang}_{width}", ids
    box = editor.bounding_box()
    assert box["x"] + box["width"] <= width + 1, "the question editor fits the screen"
    # Remove it again, so the scenario is as the other Studio tests expect.
    editor.locator("[data-item]").nth(len(ids) - 2).locator("[data-action='remove-item']").click()
    with page.expect_response(lambda r: "save_items" in r.url):
        editor.get_by_role("button", name=words["save"]).click()
    context.close()
