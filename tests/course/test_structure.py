"""The course as Studio imports it: valid OLX, every pointer resolved, no stray files, policies right."""

import itertools
import json
import re
from collections import Counter
from datetime import datetime

import olxcleaner
import pytest
from lxml import etree

from tests.course.course_tree import COURSE_DIR, OUR_BLOCKS, blocks_of, grading_policy, policy, walk


def test_olxcleaner_finds_no_errors_with_our_blocks_allowed():
    course, errors, url_names = olxcleaner.validate(str(COURSE_DIR), steps=8, allowed_xblocks=list(OUR_BLOCKS))
    assert course is not None
    assert [f"{type(e).__name__}: {e.description}" for e in errors.errors] == []
    assert Counter(obj.type for obj in url_names.values())["chapter"] == 7


def test_olxcleaner_sees_our_blocks_in_the_course():
    """Without the allow-list our tags are reported: the course really uses the three blocks."""
    _course, errors, _names = olxcleaner.validate(str(COURSE_DIR), steps=1)
    reported = " ".join(e.description for e in errors.errors)
    for tag in OUR_BLOCKS:
        assert tag in reported


def test_every_file_is_well_formed_xml():
    files = [path for path in COURSE_DIR.rglob("*") if path.suffix in (".xml", ".html")]
    assert len(files) > 40
    for path in files:
        text = path.read_text(encoding="utf-8")
        # HTML units and about pages are fragments: well-formed once wrapped in one element.
        etree.fromstring(f"<div>{text}</div>" if path.suffix == ".html" else text.encode("utf-8"))


def test_every_pointer_resolves_and_no_file_is_orphaned():
    reached = walk()
    expected = {path for _tag, _name, _node, path in reached}
    for tag, _url_name, node, path in reached:
        if tag == "html":
            page = COURSE_DIR / "html" / f"{node.get('filename')}.html"
            assert page.is_file(), f"{path} points to a missing {page.name}"
            expected.add(page)
    on_disk = {path for path in COURSE_DIR.rglob("*.*") if path.parent.name not in ("about", "static", "policies")}
    on_disk = {path for path in on_disk if path.parent.parent != COURSE_DIR / "policies"}
    on_disk.discard(COURSE_DIR / "course.xml")
    assert on_disk == expected


def test_our_blocks_are_inline_in_their_units_not_pointer_files():
    """The platform loads pointer files only for its XmlMixin blocks; a pointer to a pure XBlock
    would import as an empty block, so ours are written inline as Studio exports them."""
    for tag in OUR_BLOCKS:
        assert not (COURSE_DIR / tag).exists()
        for url_name, node, path in blocks_of(tag):
            assert path.parent.name == "vertical" and node.getparent().tag == "vertical", url_name
            assert len(node.attrib) > 1, f"{url_name} is an empty pointer"


def test_url_names_are_unique_across_block_types():
    names = Counter(url_name for _tag, url_name, _node, _path in walk())
    assert [name for name, count in names.items() if count > 1] == []


def test_every_block_has_a_display_name():
    for tag, url_name, node, _path in walk():
        if tag != "course":
            assert node.get("display_name"), f"{tag}/{url_name}"


def test_the_course_uses_each_of_our_blocks_where_the_issue_puts_it():
    units = {url_name: node for url_name, node, _path in blocks_of("vertical")}
    quiz_units = [name for name, node in units.items() if node.find("kemenag_moderation_quiz") is not None]
    assert quiz_units == ["orientasi_pretest_unit", "penutup_posttest_unit"]
    assert units["rencana_aksi_unggah_unit"].find("kemenag_assignment") is not None
    assert units["penutup_capaian_unit"].find("kemenag_competency") is not None


def test_each_indicator_has_a_reading_a_reflection_and_a_knowledge_check():
    chapters = {url_name for url_name, _node, _path in blocks_of("chapter")}
    problems = {url_name for url_name, _node, _path in blocks_of("problem")}
    for indicator in ("komitmen_kebangsaan", "toleransi", "anti_kekerasan", "budaya_lokal"):
        assert indicator in chapters
        reading = (COURSE_DIR / "html" / f"{indicator}_bacaan.html").read_text(encoding="utf-8")
        case = (COURSE_DIR / "html" / f"{indicator}_kasus.html").read_text(encoding="utf-8")
        assert len(re.sub(r"<[^>]+>", "", reading).split()) > 250, f"{indicator}: the reading is too thin"
        assert "Pertanyaan refleksi" in case
        assert f"{indicator}_cek_soal" in problems


def test_knowledge_checks_are_multiple_choice_with_exactly_one_right_answer_each():
    for url_name, node, _path in blocks_of("problem"):
        questions = node.findall("multiplechoiceresponse")
        assert len(questions) >= 3, url_name
        for question in questions:
            assert question.findtext("label").strip()
            correct = [c for c in question.iter("choice") if c.get("correct") == "true"]
            assert len(correct) == 1, url_name


HTML_PAGES = sorted((COURSE_DIR / "html").glob("*.html")) + sorted((COURSE_DIR / "about").glob("*.html"))


@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda p: p.name)
def test_html_is_accessible_markup(path):
    """Headings in order from h2 (a unit's components render in their own document, where problem
    titles are h3), no inline styles or layout tags that break the theme's contrast, tables with
    a caption and header cells, images with alt text."""
    fragment = etree.fromstring(f"<div>{path.read_text(encoding='utf-8')}</div>")
    assert not fragment.xpath("//*[@style] | //font | //center | //script"), path.name
    levels = [int(h.tag[1]) for h in fragment.iter() if isinstance(h.tag, str) and re.fullmatch(r"h[1-6]", h.tag)]
    if levels:
        assert levels[0] == 2 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    for table in fragment.iter("table"):
        assert table.find("caption") is not None and table.xpath(".//th[@scope]")
    for image in fragment.iter("img"):
        assert image.get("alt") is not None


def test_about_pages_state_the_audience_the_jp_and_the_certificate_rule():
    overview = (COURSE_DIR / "about" / "overview.html").read_text(encoding="utf-8")
    for phrase in ("20 jam pelajaran (JP)", "sosial kultural", "Peraturan Presiden Nomor 58", "Pasal 203 ayat (4)"):
        assert phrase in overview
    assert "masyarakat yang turut membantu tugas Kementerian Agama" in overview
    table = etree.fromstring(f"<div>{overview}</div>").find(".//table/tbody")
    assert sum(int(row[-1].text) for row in table) == 20, "the JP per section add up to the course's 20 JP"
    assert (COURSE_DIR / "about" / "short_description.html").read_text(encoding="utf-8").strip()
    assert "20 JP" in (COURSE_DIR / "about" / "effort.html").read_text(encoding="utf-8")


def test_policy_enables_our_blocks_indonesian_dates_and_certificates():
    settings = policy()
    assert settings["advanced_modules"] == list(OUR_BLOCKS)
    assert settings["language"] == "id"
    keys = ("enrollment_start", "start", "enrollment_end", "end")
    dates = {key: datetime.fromisoformat(settings[key]) for key in keys}
    assert dates["enrollment_start"] < dates["start"] < dates["enrollment_end"] < dates["end"]
    assert all(2026 <= value.year <= 2027 for value in dates.values())
    assert settings["cert_html_view_enabled"] is True
    (certificate,) = settings["certificates"]["certificates"]
    assert certificate["is_active"] is True
    assert certificate["signatories"] and all(s["name"] and s["title"] for s in certificate["signatories"])


def test_grading_policy_weights_the_assignment_and_post_test_not_the_pre_test():
    grading = grading_policy()
    weights = {entry["type"]: entry["weight"] for entry in grading["GRADER"]}
    assert sum(weights.values()) == pytest.approx(1.0)
    assert weights["Pre-test"] == 0
    assert weights["Tugas"] > 0 and weights["Post-test"] > 0
    assert 0 < grading["GRADE_CUTOFFS"]["Pass"] < 1
    assert policy()["minimum_grade_credit"] == grading["GRADE_CUTOFFS"]["Pass"]


def test_every_graded_subsection_has_a_grader_type_with_enough_subsections():
    grading = {entry["type"]: entry for entry in grading_policy()["GRADER"]}
    graded = [node for _name, node, _path in blocks_of("sequential") if node.get("graded") == "true"]
    formats = Counter(node.get("format") for node in graded)
    assert set(formats) == set(grading)
    for kind, count in formats.items():
        assert count == grading[kind]["min_count"], kind


def test_assets_json_lists_exactly_the_static_files():
    assets = json.loads((COURSE_DIR / "policies" / "assets.json").read_text(encoding="utf-8"))
    assert set(assets) == {path.name for path in (COURSE_DIR / "static").iterdir()}
    assert policy()["course_image"] in assets
