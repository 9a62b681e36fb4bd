"""Studio's item bank as CSV: export, import, and errors per spreadsheet row."""

import pytest
from django.utils import translation

from kemenag_xblocks.quiz.itembank import from_csv, to_csv

DIMENSIONS = {"toleransi", "anti_kekerasan"}
ITEMS = [
    {
        "id": "t1",
        "dimension": "toleransi",
        "type": "likert",
        "reverse": True,
        "prompt": 'Saya, "keberatan"…',
        "options": [],
    },
    {
        "id": "t2",
        "dimension": "toleransi",
        "type": "choice",
        "reverse": False,
        "prompt": "Sikap?",
        "options": [{"id": "a", "score": 0.0, "text": "Menolak"}, {"id": "b", "score": 4.0, "text": "Menghormati"}],
    },
]


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here (the demo's default language is Indonesian)."""
    with translation.override("en"):
        yield


def test_csv_round_trip_keeps_every_item():
    items, errors = from_csv(to_csv(ITEMS), DIMENSIONS)
    assert errors == [] and items == ITEMS


def test_import_reports_each_bad_row_with_its_spreadsheet_row_number():
    text = (
        "id,dimension,type,reverse,prompt,option_a,score_a,option_b,score_b\n"
        "ok1,toleransi,likert,,Baik,,,,\n"
        "bad1,budaya,likert,,Tanpa dimensi,,,,\n"
        "bad2,toleransi,choice,,Satu opsi,Ya,4,,\n"
        "ok1,toleransi,likert,,Duplikat,,,,\n"
        "bad3,toleransi,likert,,,,,,\n"
    )
    _items, errors = from_csv(text, DIMENSIONS)
    assert [e["row"] for e in errors] == [3, 4, 5, 6]
    assert "unknown dimension" in errors[0]["message"] and "bad1" in errors[0]["message"]
    assert "two <option>" in errors[1]["message"]
    assert "duplicate item id" in errors[2]["message"]
    assert "no <prompt>" in errors[3]["message"]


def test_import_without_the_required_columns_says_which():
    _items, errors = from_csv("nama,soal\nx,y\n", DIMENSIONS)
    assert errors == [{"row": 1, "message": "Missing columns: id, dimension, prompt"}]
