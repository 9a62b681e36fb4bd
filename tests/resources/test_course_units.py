"""The course's Ruang Baca units: one per topic chapter (the four indicators), each a reading list
with at least one required item, links only to http(s)."""

from kemenag_xblocks.resources import olx
from tests.course.course_tree import COURSE_DIR, blocks_of, parse

TOPICS = ("komitmen_kebangsaan", "toleransi", "anti_kekerasan", "budaya_lokal")


def test_each_topic_chapter_has_a_ruang_baca_unit_with_required_reading():
    lists = {url_name: node for url_name, node, _path in blocks_of("kemenag_resources")}
    assert sorted(lists) == sorted(f"{topic}_ruang_baca" for topic in TOPICS)
    for topic in TOPICS:
        chapter = parse(COURSE_DIR / "chapter" / f"{topic}.xml")
        units = [
            vertical.get("url_name")
            for sequential in chapter.iter("sequential")
            for vertical in parse(COURSE_DIR / "sequential" / f"{sequential.get('url_name')}.xml").iter("vertical")
        ]
        assert f"{topic}_ruang_baca_unit" in units, topic
        _intro, items = olx.parse(lists[f"{topic}_ruang_baca"])
        assert any(item["required"] for item in items), topic
        assert all(item["url"].startswith("https://") for item in items)


def test_the_block_is_an_advanced_module_of_the_course():
    import json

    policy = json.loads((COURSE_DIR / "policies" / "2027" / "policy.json").read_text(encoding="utf-8"))
    assert "kemenag_resources" in policy["course/2027"]["advanced_modules"]
