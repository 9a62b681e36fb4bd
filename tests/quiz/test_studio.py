"""Studio's editors on the server: settings checked like the OLX, dimensions and bands replaced
only when the whole definition stays valid, the item bank CSV all-or-nothing."""

import json

import pytest
from django.utils import translation

from tests.support.handlers import Caller
from tests.support.olx import small_quiz


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def call(client, block, handler, payload, student="staff"):
    client.cookies["django_language"] = "en"
    response = Caller(client, block).json(student, handler, payload)
    return response.status_code, json.loads(response.content)


def settings_payload(**values):
    return {"values": values, "defaults": []}


def test_settings_outside_the_olx_rules_are_refused_naming_the_field(client, scenario):
    block = scenario(small_quiz()).block("staff")
    status, body = call(client, block, "submit_studio_edits", settings_payload(likert_scale=11, attempts_allowed=-1))
    assert status == 400
    messages = [message["text"] for message in body["error"]["messages"]]  # xblock.utils' Validation
    assert messages == ["Maximum attempts must be at least 0.", "Likert scale points must be at most 10."]
    status, _body = call(client, block, "submit_studio_edits", settings_payload(likert_scale=7, weight=2.5))
    assert status == 200
    assert block.runtime.get_block(block.scope_ids.usage_id).likert_scale == 7


def test_the_settings_editor_is_in_the_authors_language_with_numbers_the_browser_reads(scenario):
    block = scenario(small_quiz('weight="2.5"')).block("staff")
    with translation.override("id"):
        html = block.render("studio_view").body_html()
    assert "Bobot soal" in html and 'value="2.5"' in html and "2,5" not in html
    assert "Dimensi dan kategori" in html


def test_dimensions_and_bands_are_replaced_and_exported(client, scenario):
    block = scenario(small_quiz()).block("staff")
    dimensions = [
        {"id": "kk", "name": "Komitmen Kebangsaan", "weight": "2"},
        {"id": "tol", "name": "Toleransi", "weight": "1"},
    ]
    bands = [{"min": "0", "name": "Rendah"}, {"min": "75", "name": "Tinggi"}]
    status, body = call(client, block, "save_dimensions", {"dimensions": dimensions, "bands": bands})
    assert status == 200 and body == {"dimensions": 2, "bands": 2}
    block = block.runtime.get_block(block.scope_ids.usage_id)
    assert [(d["id"], d["weight"]) for d in block.spec["dimensions"]] == [("kk", 2.0), ("tol", 1.0)]
    assert [(b["min"], b["name"]) for b in block.spec["bands"]] == [(0.0, "Rendah"), (75.0, "Tinggi")]


def test_removing_a_dimension_still_used_by_an_item_is_refused_naming_the_item(client, scenario):
    block = scenario(small_quiz()).block("staff")
    before = block.spec
    only_kk = [{"id": "kk", "name": "Komitmen", "weight": "1"}]
    status, body = call(client, block, "save_dimensions", {"dimensions": only_kk, "bands": []})
    assert status == 400 and '<item id="t1">' in body["error"] and 'unknown dimension "tol"' in body["error"]
    assert block.runtime.get_block(block.scope_ids.usage_id).spec == before


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"dimensions": "kk", "bands": []}, "lists of rows"),
        ({"dimensions": [{"id": ["x"]}], "bands": []}, "lists of rows"),
        (
            {
                "dimensions": [{"id": "kk", "name": "K"}, {"id": "tol", "name": "T"}],
                "bands": [{"min": "x", "name": "B"}],
            },
            'min="x" is not a number',
        ),
        (
            {
                "dimensions": [{"id": "kk", "name": "K"}, {"id": "tol", "name": "T"}],
                "bands": [{"min": "5", "name": ""}],
            },
            "the band has no name",
        ),
    ],
)
def test_malformed_dimension_edits_are_refused_with_a_message(client, scenario, payload, message):
    block = scenario(small_quiz()).block("staff")
    status, body = call(client, block, "save_dimensions", payload)
    assert status == 400 and message in body["error"]


def test_studio_handlers_are_for_staff_only(client, scenario):
    block = scenario(small_quiz()).block("student_1")
    for handler, payload in (
        ("save_dimensions", {"dimensions": [], "bands": []}),
        ("import_item_bank", {"csv": "id,dimension,prompt\nx,kk,p\n"}),
    ):
        status, body = call(client, block, handler, payload, student="student_1")
        assert status == 403 and body["error"]


def test_a_good_csv_replaces_the_items_and_a_bad_one_changes_nothing(client, scenario):
    block = scenario(small_quiz()).block("staff")
    bad = "id,dimension,type,prompt\nk1,kk,likert,Satu\nk2,nope,likert,Dua\n"
    status, body = call(client, block, "import_item_bank", {"csv": bad})
    assert status == 200 and body["imported"] == 0 and [e["row"] for e in body["errors"]] == [3]
    assert {i["id"] for i in block.runtime.get_block(block.scope_ids.usage_id).spec["items"]} == {"kk1", "kk2", "t1"}
    status, body = call(client, block, "import_item_bank", {"csv": "id,dimension,prompt\nk1,kk,Satu\n"})
    assert status == 200 and body == {"imported": 1, "errors": []}
    assert [i["id"] for i in block.runtime.get_block(block.scope_ids.usage_id).spec["items"]] == ["k1"]
    status, body = call(client, block, "import_item_bank", {"csv": "x" * 2_000_001})
    assert status == 413 and "too large" in body["error"]


def test_the_item_editor_reads_rows_and_saves_them_all_or_nothing(client, scenario):
    block = scenario(small_quiz()).block("staff")
    status, body = call(client, block, "item_rows", {})
    assert status == 200 and [row["id"] for row in body["items"]] == ["kk1", "kk2", "t1"]
    assert body["items"][1]["reverse"] is True and body["items"][2]["options"][1] == {
        "id": "b",
        "text": "Menghormati",
        "score": "4",
    }
    rows = body["items"]
    reordered = [rows[2], rows[0], {**rows[1], "prompt": "Hukum <strong>negara</strong> boleh diabaikan."}]
    bad = [*reordered, {"id": "kk1", "dimension": "kk", "type": "likert", "prompt": "Dobel", "options": []}]
    bad.append(
        {
            "id": "t2",
            "dimension": "tol",
            "type": "choice",
            "prompt": "Satu opsi",
            "options": [{"id": "a", "text": "Ya", "score": "1"}],
        }
    )
    status, body = call(client, block, "save_items", {"items": bad})
    assert status == 200 and body["saved"] == 0
    assert [e["row"] for e in body["errors"]] == [4, 5] and 'duplicate item id "kk1"' in body["errors"][0]["message"]
    assert [i["id"] for i in scenario_block_items(block)] == ["kk1", "kk2", "t1"], "nothing changed"
    status, body = call(client, block, "save_items", {"items": reordered})
    assert (status, body) == (200, {"saved": 3, "errors": []})
    fresh = block.runtime.get_block(block.scope_ids.usage_id)
    assert [i["id"] for i in fresh.spec["items"]] == ["t1", "kk1", "kk2"], "the new order is kept"
    assert fresh.spec["items"][2]["prompt"] == "Hukum <strong>negara</strong> boleh diabaikan."
    assert call(client, block, "save_items", {"items": reordered}, student="student_1")[0] == 403
    assert call(client, block, "save_items", {"items": "kk1"})[0] == 400


def scenario_block_items(block):
    return block.runtime.get_block(block.scope_ids.usage_id).spec["items"]


def test_the_pre_test_is_picked_from_the_course_quizzes(client, scenario):
    unit = scenario(
        "<vertical_demo>"
        + small_quiz(url_name="pre").replace('display_name="Tes"', 'display_name="Pre-test A"')
        + small_quiz('pretest="hilang"', url_name="post")
        + "</vertical_demo>"
    )
    post = unit.block("staff", child=1)
    html = post.render("studio_view").body_html()
    assert '<option value="pre"' in html and "Pre-test A (pre)" in html
    assert "hilang (not found in this course)" in html, "a name that points nowhere is shown as such"
    assert '<option value="post"' not in html, "not itself"
