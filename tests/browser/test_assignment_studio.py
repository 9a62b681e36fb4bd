"""The assignment in Studio (``/scenario/<id>/studio_view/``): numbers round-trip in Indonesian and
English, saving an untouched editor changes nothing on the server, the rubric is edited as criteria
and levels (add, remove, reorder, checked as the author types), a server failure is never reported
as a network failure, and every message sits beside the Save button with the field marked."""

import json
import re
import sqlite3

import pytest

from tests.browser.test_assignment import settled_demo  # noqa: F401 (fixture)
from tests.support.browser import SCREENSHOTS, check_accessibility

STUDIO = "/scenario/kemenag_assignment.2/studio_view/"
LEARNER = "/scenario/kemenag_assignment.2/"


def settings_rows(demo_server):
    """The block's stored settings and content, as the workbench keeps them (read from its database)."""
    with sqlite3.connect(demo_server.database) as db:
        rows = db.execute(
            "SELECT scope, scope_id, state FROM workbench_xblockstate "
            "WHERE scope_id LIKE '%kemenag_assignment.2%' AND user_id IS NULL ORDER BY scope, scope_id"
        ).fetchall()
    return [(scope, scope_id, json.loads(state)) for scope, scope_id, state in rows]


def open_studio(page, demo_server, lang):
    for _ in range(20):  # the workbench builds its scenario list on the first request
        if page.goto(f"{demo_server.url}{STUDIO}?student=staff&lang={lang}").status != 404:
            break
        page.wait_for_timeout(500)
    form = page.locator(".kemenag-assignment-studio")
    form.wait_for()
    page.locator("[data-criterion]").first.wait_for()
    return form


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("lang", "labels"), [("id", ("Poin", "Simpan pengaturan")), ("en", ("Points", "Save the settings"))]
)
def test_an_untouched_editor_shows_every_number_and_saving_it_changes_nothing(page, demo_server, lang, labels):
    before = settings_rows(demo_server)
    form = open_studio(page, demo_server, lang)
    points, save = labels
    weight = form.locator("input[name=weight]")
    assert form.locator(f"label[for='{weight.get_attribute('id')}']").inner_text().startswith(points)
    assert weight.input_value() == "100", "the number input lost 100 (was it written 100,0?)"
    for name, value in (("max_files", "2"), ("max_file_mb", "5"), ("grace_hours", "12")):
        assert form.locator(f"input[name={name}]").input_value() == value, name
    assert form.locator("[data-criterion='0'] [data-part=points]").nth(1).input_value() == "12.5"
    check_accessibility(page, f"assignment-studio-{lang}-1280", ".kemenag-assignment-studio")
    sent = []
    page.on("request", lambda request: sent.append(request.url) if "submit_studio_edits" in request.url else None)
    form.get_by_role("button", name=save).click()
    status = form.locator("[data-role=studio-status]")
    status.wait_for()
    assert status.inner_text() in (
        "Tidak ada perubahan; tidak ada yang disimpan.",
        "Nothing changed; nothing was saved.",
    )
    assert settings_rows(demo_server) == before, "an untouched save changed the stored settings"
    assert not sent
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the editor scrolls sideways by {overflow}px at 360px"
    shoot(page, f"assignment-studio-{lang}-360")


def test_the_rubric_editor_adds_reorders_removes_and_validates_and_numbers_round_trip(page, demo_server):
    form = open_studio(page, demo_server, "id")
    criteria = form.locator("[data-criterion]")
    assert criteria.count() == 2
    # A new criterion with empty fields: saving is refused, the fields are marked and described.
    form.get_by_role("button", name="Tambah kriteria").click()
    assert criteria.count() == 3
    new = form.locator("[data-criterion='2']")
    assert page.evaluate("document.activeElement.dataset.part") == "name", "focus goes to the new criterion"
    form.get_by_role("button", name="Simpan pengaturan").click()
    status = form.locator("[data-role=studio-status]")
    assert "Perbaiki dulu" in status.inner_text()
    name = new.locator("[data-part=name]")
    assert name.get_attribute("aria-invalid") == "true"
    described = name.get_attribute("aria-describedby")
    assert "Beri nama kriteria" in page.locator(f"#{described}").inner_text()
    check_accessibility(page, "assignment-studio-rubric-invalid-id-1280", ".kemenag-assignment-studio")
    # Validate as you type: a name clears the mark at once.
    name.fill("Ketepatan waktu")
    assert name.get_attribute("aria-invalid") == "false"
    levels = new.locator("[data-level]")
    levels.nth(0).locator("[data-part=label]").fill("Terlambat")
    levels.nth(0).locator("[data-part=points]").fill("0")
    levels.nth(1).locator("[data-part=label]").fill("Tepat waktu")
    levels.nth(1).locator("[data-part=points]").fill("7.5")
    # Reorder: the new criterion moves up to second place.
    form.get_by_role("button", name="Pindahkan kriteria 3 ke atas").click()
    assert form.locator("[data-criterion='1'] [data-part=name]").input_value() == "Ketepatan waktu"
    # Remove the (now third) "Ketepatan data" criterion.
    form.get_by_role("button", name="Hapus kriteria 3").click()
    assert criteria.count() == 2
    form.locator("input[name=weight]").fill("40.5")
    assert "20" in form.locator("[data-role=rubric-total]").inner_text()
    with page.expect_response(re.compile("submit_studio_edits")) as saved:
        form.get_by_role("button", name="Simpan pengaturan").click()
    assert saved.value.status == 200, saved.value.text()
    assert form.locator("[data-role=studio-status]", has_text="Pengaturan telah disimpan").count() == 1

    form = open_studio(page, demo_server, "en")
    assert form.locator("input[name=weight]").input_value() == "40.5"
    assert form.locator("[data-criterion='1'] [data-part=name]").input_value() == "Ketepatan waktu"
    assert form.locator("[data-criterion='1'] [data-part=points]").nth(1).input_value() == "7.5"
    page.goto(f"{demo_server.url}{LEARNER}?student=peserta_studio_tugas&lang=id")
    block = page.locator(".kemenag-assignment")
    assert "40,5" in block.locator(".kemenag-assignment__facts").inner_text()
    outline = block.locator(".kemenag-assignment__outline").inner_text()
    assert "Ketepatan waktu" in outline and "Tepat waktu: 7,5 poin" in outline and "Ketepatan data" not in outline


def test_a_server_error_is_not_called_a_network_failure(page, demo_server):
    form = open_studio(page, demo_server, "id")
    form.locator("input[name=grace_hours]").fill("13")
    page.route(
        re.compile("submit_studio_edits"),
        lambda route: route.fulfill(status=500, body="<h1>Server Error (500)</h1>", content_type="text/html"),
    )
    form.get_by_role("button", name="Simpan pengaturan").click()
    status = form.locator("[data-role=studio-status].is-error")
    status.wait_for()
    assert "Server tidak dapat menyimpan" in status.inner_text() and "Koneksi" not in status.inner_text()
    assert page.evaluate("document.activeElement.dataset.role") == "studio-status"
    page.unroute(re.compile("submit_studio_edits"))
    page.route(re.compile("submit_studio_edits"), lambda route: route.abort())
    form.get_by_role("button", name="Simpan pengaturan").click()
    form.locator("[data-role=studio-status]", has_text="Koneksi gagal").wait_for()
    page.unroute(re.compile("submit_studio_edits"))
