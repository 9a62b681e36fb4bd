"""The course's HTML units and about page, as a learner's phone shows them, checked with axe."""

from html import escape

from lxml import etree

from tests.course.course_tree import COURSE_DIR
from tests.support.browser import check_accessibility


def pages():
    """``(name, title, html)`` for every HTML unit and the about page's overview."""
    for pointer in sorted((COURSE_DIR / "html").glob("*.xml")):
        node = etree.parse(str(pointer)).getroot()
        body = (COURSE_DIR / "html" / f"{node.get('filename')}.html").read_text(encoding="utf-8")
        yield pointer.stem, node.get("display_name"), body
    yield (
        "about_overview",
        "Penguatan Moderasi Beragama bagi ASN",
        (COURSE_DIR / "about" / "overview.html").read_text(encoding="utf-8"),
    )


def test_every_html_page_of_the_course_passes_axe_on_a_phone(phone):
    checked = 0
    for name, title, body in pages():
        # The LMS frames a unit's components in a document of their own, titled by the unit.
        phone.set_content(
            '<!doctype html><html lang="id"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title></head>"
            f"<body><main><h1>{escape(title)}</h1>{body}</main></body></html>"
        )
        check_accessibility(phone, f"course_{name}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, f"{name} scrolls sideways on a phone"
        checked += 1
    assert checked == 15
