"""What learners see of a block whose OLX could not be read (decision 0007): a translated notice,
legible and accessible on a phone and a desktop, in Indonesian and in English."""

import pytest
from django.utils import translation
from opaque_keys.edx.locator import CourseLocator

from tests.platform_olx.replay import paste
from tests.support.browser import check_accessibility

BROKEN = '<kemenag_moderation_quiz><item id="x" dimension="nope"><prompt>p</prompt></item></kemenag_moderation_quiz>'
NOTICE = {"id": "Kegiatan ini belum tersedia", "en": "This activity is not available yet"}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("screen", ["page", "phone"])
def test_learners_see_a_notice_instead_of_a_broken_test(request, language, screen):
    # Imported as Studio's paste does (tests/platform_olx/replay.py): no database is needed, which
    # Playwright's event loop in this thread would refuse.
    block = paste(BROKEN, CourseLocator("Kemenag", "MB", "2027"), "broken_quiz")
    with translation.override(language):
        fragment = block.student_view()
    browser_page = request.getfixturevalue(screen)
    browser_page.set_content(
        f'<!doctype html><html lang="{language}"><head><meta name="viewport" content="width=device-width">'
        f"<title>Unit</title></head><body><main><h1>Unit</h1>{fragment.body_html()}</main></body></html>"
    )
    notice = browser_page.locator(".kemenag-unavailable")
    assert notice.is_visible() and NOTICE[language] in notice.inner_text()
    assert browser_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_accessibility(browser_page, f"unavailable-block-{language}-{screen}")
