"""The pure rules of the Sumber Belajar block: hostile text, links, items, order, completion, search terms, CSV."""

from decimal import Decimal

import pytest

from kemenag_xblocks.resources import completion, dublin_core, query, report_csv
from kemenag_xblocks.resources import items as list_items
from kemenag_xblocks.resources.text import clean_text, safe_url, year_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Moderasi <b>Beragama</b>", "Moderasi Beragama"),
        ('</script><script>alert("x")</script>Judul', "Judul"),
        ("Tom &amp;amp; Jerry", "Tom & Jerry"),
        ("a\u202eb\x00c\n\n  d", "abc d"),
        (None, ""),
    ],
)
def test_harvested_text_becomes_plain_text(raw, expected):
    assert clean_text(raw) == expected


def test_long_text_is_cut_with_an_ellipsis():
    assert clean_text("kata " * 100, max_length=20).endswith("…")
    assert len(clean_text("kata " * 100, max_length=20)) <= 20


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "//evil.example/x",
        "ftp://x.org/a",
        "https://",
        "https://a b.org/",
        "vbscript:x",
        "http://x.org/\x00",
    ],
)
def test_only_http_links_survive(url):
    assert safe_url(url) == ""


def test_http_and_https_links_are_kept():
    assert safe_url(" https://jurnal.kemenag.go.id/a?b=1 ") == "https://jurnal.kemenag.go.id/a?b=1"
    assert safe_url("http://perpustakaan.example/") == "http://perpustakaan.example/"


def test_the_year_is_found_in_the_usual_date_shapes():
    assert [year_of(d) for d in ("2019", "2019-10-01", "c. 2019", "12/05/2021", "no date", "123456")] == [
        2019,
        2019,
        2019,
        2021,
        None,
        None,
    ]


def test_dublin_core_takes_the_landing_page_and_the_open_access_pdf():
    fields = dublin_core.record_fields(
        {
            "title": ["Judul"],
            "identifier": ["10.1234/abc", "https://j.example/article/view/7"],
            "relation": ["https://j.example/article/download/7/9"],
            "creator": ["A", "B", "A"],
            "date": ["n.d.", "2020-01-01"],
        }
    )
    assert fields["url"] == "https://j.example/article/view/7"
    assert fields["pdf_url"] == "https://j.example/article/download/7/9"
    assert fields["creators"] == "A\nB"
    assert fields["year"] == 2020


def test_an_item_needs_a_title_and_an_http_link():
    with pytest.raises(list_items.ItemError) as missing_title:
        list_items.normalise_item({"url": "https://x.example/"})
    assert missing_title.value.code == "no_title"
    with pytest.raises(list_items.ItemError) as bad:
        list_items.normalise_item({"title": "T", "url": "javascript:alert(1)"})
    assert bad.value.code == "bad_url"
    with pytest.raises(list_items.ItemError) as none:
        list_items.normalise_item({"title": "T"})
    assert none.value.code == "no_url"


def test_items_get_stable_ids_and_duplicates_are_refused():
    one = list_items.normalise_item({"kind": "link", "title": "T", "url": "https://x.example/"})
    assert one["id"] == list_items.normalise_item({"kind": "link", "title": "Lain", "url": "https://x.example/"})["id"]
    with pytest.raises(list_items.ItemError) as duplicate:
        list_items.normalise_list([one, dict(one, title="Lagi")])
    assert (duplicate.value.code, duplicate.value.index) == ("duplicate", 1)
    with pytest.raises(list_items.ItemError):
        list_items.normalise_list([one] * (list_items.MAX_ITEMS + 1))


def test_a_hand_made_id_cannot_carry_markup():
    item = list_items.normalise_item({"id": "<x>", "title": "T", "url": "https://x.example/"})
    assert item["id"].isalnum()


def test_moving_an_item_is_clamped_at_both_ends():
    items = [{"id": i} for i in "abc"]
    assert [i["id"] for i in list_items.move(items, "c", -1)] == ["a", "c", "b"]
    assert [i["id"] for i in list_items.move(items, "a", -5)] == ["a", "b", "c"]
    assert [i["id"] for i in list_items.move(items, "a", 9)] == ["b", "c", "a"]
    with pytest.raises(list_items.ItemError):
        list_items.move(items, "z", 1)


def test_authors_read_like_a_reference():
    assert list_items.authors(["A"]) == "A"
    assert list_items.authors(["A", "B"]) == "A & B"
    assert list_items.authors(["A", "B", "C"]) == "A, B & C"
    assert list_items.authors(["A", "B", "C", "D"]) == "A, B, C et al."


def test_a_list_with_required_items_is_complete_when_all_of_them_are_read():
    items = [{"id": "a", "required": True}, {"id": "b", "required": True}, {"id": "c", "required": False}]
    assert not completion.is_complete(items, {"a", "c"})
    assert completion.is_complete(items, {"a", "b"})
    assert completion.progress(items, {"a", "c"}) == (1, 2)


def test_a_list_without_required_items_is_complete_after_any_one_is_read():
    items = [{"id": "a"}, {"id": "b"}]
    assert not completion.is_complete(items, set())
    assert completion.is_complete(items, {"b"})
    assert not completion.is_complete([], {"b"})


def test_reading_earns_no_jp_unless_configured():
    assert completion.jp_for_list(0) == 0
    assert completion.jp_for_list(None) == 0
    assert completion.jp_for_list("-1") == 0
    assert completion.jp_for_list("abc") == 0
    assert completion.jp_for_list("0.5") == Decimal("0.5")


def test_search_terms_drop_every_operator_character():
    assert query.terms('toleran* "agama" -radikal +AND (x) OR') == ["toleran", "agama", "radikal", "and", "x", "or"]
    assert query.fts5_match(["toleran", "agama"]) == '"toleran"* AND "agama"*'
    assert query.terms("Qur'ān QURAN") == ["qur", "an", "quran"]
    assert query.terms("a bb ccc", min_length=3) == ["ccc"]
    assert len(query.terms(" ".join(f"kata{i}" for i in range(20)))) == query.MAX_TERMS
    assert query.terms("") == []


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx"])
def test_csv_cells_that_would_run_as_formulas_are_neutralised(cell):
    assert report_csv.neutralise(cell) == "'" + cell
    assert report_csv.neutralise("Moderasi") == "Moderasi"
    assert report_csv.neutralise(3) == 3
