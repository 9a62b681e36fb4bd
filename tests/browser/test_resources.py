"""Sumber Belajar in a real Chromium: a learner marks reading done and keeps an item on their own list,
reading works without JavaScript, staff build a list from a catalogue harvested from a real OAI-PMH
server, and hostile harvested titles stay text. Indonesian and English, 360 px and 1280 px."""

import json
import time
import urllib.request

import pytest

from tests.resources.conftest import Repository
from tests.resources.records import ARTICLES, HOSTILE
from tests.support.browser import SCREENSHOTS, check_accessibility

SCENARIO = "/scenario/kemenag_resources.0/"


@pytest.fixture(scope="module", autouse=True)
def settled_demo(demo_server):
    for _ in range(60):
        try:
            index = urllib.request.urlopen(demo_server.url + "/", timeout=10).read().decode()
        except OSError:
            index = ""
        if "kemenag_resources.0" in index:
            break
        time.sleep(0.5)
    time.sleep(1)


@pytest.fixture(scope="module")
def harvested(demo_server, tmp_path_factory):
    """The demo's catalogue, harvested for real (management command) from the test repository."""
    repository = Repository(tmp_path_factory.mktemp("oai"))
    repository.publish([*ARTICLES, HOSTILE])
    code = (
        "from kemenag_xblocks.resources.models import ResourceSource as S; "
        f"S.objects.get_or_create(name='Jurnal Contoh', base_url={repository.url()!r})"
    )
    demo_server.manage("shell", "-c", code)
    demo_server.manage("kemenag_harvest_resources")
    yield repository
    repository.stop()


def open_block(page, url, selector=".kemenag-resources"):
    for _ in range(3):
        response = page.goto(url)
        if response.status == 200:
            break
        page.wait_for_timeout(1000)
    block = page.locator(selector).first
    block.wait_for()
    return block


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def no_dialogs(page):
    seen = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    return seen


@pytest.mark.parametrize(
    ("lang", "done_text", "kept_text"),
    [
        ("id", "Anda telah menyelesaikan daftar bacaan ini.", "Disimpan ke daftar Anda."),
        ("en", "You have finished this reading list.", "Saved to your list."),
    ],
)
@pytest.mark.parametrize("device", ["page", "phone"])
def test_learner_marks_reading_done_and_keeps_an_item(request, demo_server, device, lang, done_text, kept_text):
    page = request.getfixturevalue(device)
    learner = f"pembaca_{lang}_{device}"
    block = open_block(page, f"{demo_server.url}{SCENARIO}?student={learner}&lang={lang}")
    items = block.locator("[data-item]")
    assert items.count() == 2
    assert "Kementerian Agama RI" in items.first.inner_text()
    assert block.locator("a[target=_blank]").first.get_attribute("rel") == "noopener noreferrer"
    # The book is the only required item: marking it read completes the list.
    items.first.locator("[data-action=read]").click()
    page.wait_for_function(
        "(b) => b.querySelector('[data-role=progress]').textContent.includes(arguments[1])".replace(
            "arguments[1]", json.dumps(done_text)
        ),
        arg=block.element_handle(),
    )
    assert items.first.locator("[data-role=read-badge]").is_visible()
    items.nth(1).locator("[data-action=bookmark]").click()
    block.locator("[data-role=message]", has_text=kept_text).wait_for()
    block.locator("[data-role=mine] summary").click()
    block.locator("[data-role=mine-list] a").first.wait_for()
    assert "Peraturan Presiden" in block.locator("[data-role=mine-list]").inner_text()
    width = 360 if device == "phone" else 1280
    check_accessibility(page, f"resources-learner-{lang}-{width}", ".kemenag-resources")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling"
    # After a reload the page (server-rendered) still shows what the learner did.
    page.reload()
    block = page.locator(".kemenag-resources").first
    assert "is-read" in block.locator("[data-item]").first.get_attribute("class")


def test_reading_works_without_javascript(browser, demo_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    block = open_block(page, f"{demo_server.url}{SCENARIO}?student=tanpa_js&lang=id")
    link = block.locator("[data-item] h3 a").first
    href = link.get_attribute("href")
    assert href.startswith("/handler/") and "item=" in href
    assert not block.locator("[data-action=read]").first.is_visible(), "buttons that need JavaScript stay hidden"
    assert "aktifkan JavaScript" in block.inner_text()
    assert not block.locator("[data-role=mine]").is_visible(), "the personal list needs JavaScript"
    shot(page, "resources-nojs-id-360")
    # Following the link: the block records the opening and sends the reader to the item.
    response = page.request.get(demo_server.url + href, max_redirects=0)
    assert response.status == 303 and response.headers["location"] == "https://online.flipbuilder.com/klaoh/euoy"
    context.close()


@pytest.mark.parametrize(("lang", "width"), [("id", 1280), ("en", 360)])
def test_staff_build_a_list_from_the_harvested_catalogue(browser, demo_server, harvested, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    dialogs = no_dialogs(page)
    studio = open_block(page, f"{demo_server.url}{SCENARIO}studio_view/?student=staff&lang={lang}")
    studio.locator("[data-role=q]").fill("toleransi")
    studio.locator("[data-role=search-form] button").click()
    studio.locator("[data-role=results] li").first.wait_for()
    results = studio.locator("[data-role=results]").inner_text()
    assert "Toleransi Beragama di Madrasah: Studi Kasus (contoh)" in results
    assert "Jahat" in results  # the hostile record: shown, as text
    studio.locator("[data-role=results] li", has_text="Madrasah").locator("button").click()
    studio.locator("[data-role=results] li", has_text="Jahat").locator("button").click()
    # Order: the madrasah article to the top, a note, required.
    madrasah = studio.locator("[data-role=items] li", has_text="Madrasah")
    madrasah.locator("[data-move='-1']").click()
    madrasah.locator("[data-move='-1']").click()
    first = studio.locator("[data-role=items] li").first
    assert "Madrasah" in first.inner_text()
    first.locator("[data-field=note]").fill("Bacalah sebelum diskusi kelompok.")
    first.locator("[data-field=required]").check()
    studio.locator("[data-role=link-title]").fill("Video: Dialog lintas iman (contoh)")
    studio.locator("[data-role=link-url]").fill(f"https://video.contoh.invalid/dialog-{lang}")
    studio.locator("[data-role=link-form] button").click()
    studio.locator("[data-action=save]").click()
    saved = "Daftar bacaan disimpan." if lang == "id" else "Reading list saved."
    studio.locator("[data-role=message]", has_text=saved).wait_for()
    check_accessibility(page, f"resources-studio-{lang}-{width}", ".kemenag-resources")

    # What the learners now see, and the staff report.
    view = open_block(page, f"{demo_server.url}{SCENARIO}?student=staff&lang={lang}")
    titles = view.locator("[data-item] h3").all_inner_texts()
    assert "Madrasah" in titles[0] and any("Jahat" in t for t in titles) and "Video" in titles[-1]
    assert "Bacalah sebelum diskusi kelompok." in view.inner_text()
    assert view.locator("script", has_text="alert").count() == 0
    view.locator("[data-action=report]").click()
    view.locator("[data-role=report]").wait_for()
    shot(page, f"resources-staff-{lang}-{width}")
    assert dialogs == [], f"a harvested title ran script: {dialogs}"
    context.close()
