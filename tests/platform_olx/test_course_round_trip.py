"""Our course and a demo-shaped course (and the official demo course when its snapshot is here),
through the platform's import → export → import (replay.py): every authored attribute, element and
platform setting of our blocks survives, field by field, and the import logs nothing."""

import datetime
import json

import olxcleaner
import pytest
from lxml import etree

from kemenag_xblocks.common.olx import KEY_ATTRIBUTE, XML_SPACE
from tests.platform_olx import courses
from tests.platform_olx.replay import OUR_BLOCKS, export_course, import_course, settings_of

RUNTIME = {"url_name", "xblock-family", KEY_ATTRIBUTE}
# Elements the platform's exporter writes on its own (never authored, never compared).
PLATFORM_FIELDS = {"group_access", "visible_to_staff_only", "days_early_for_beta"}


def exported_blocks(course_dir):
    """Our blocks as the export wrote them (inline in their units)."""
    return courses.authored_blocks(course_dir)


def elements(node):
    return [child.tag for child in node if isinstance(child.tag, str)]


def normalise(name, value):
    """Attribute values compared by meaning where the platform writes JSON (group_access)."""
    if name == "group_access":
        return json.loads(value)
    if name in ("due_date", "start", "due"):  # "Z" and "+00:00" say the same
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def canonical(node):
    """The element in C14N form without runtime attributes and formatting whitespace."""
    clean = etree.fromstring(etree.tostring(node), etree.XMLParser(remove_blank_text=True, remove_comments=True))
    for element in clean.iter():
        for name in RUNTIME | {XML_SPACE}:
            element.attrib.pop(name, None)
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    return etree.tostring(clean, method="c14n")


def test_import_keeps_every_block_of_ours_and_logs_nothing(course_dir):
    course = import_course(course_dir)
    authored = courses.authored_blocks(course_dir)
    assert course.errors == []
    assert {(key.block_type, key.block_id) for key in course.ours()} == set(authored)
    assert {key.block_type for key in course.ours()} == set(OUR_BLOCKS)
    for block in course.ours().values():
        assert not block.invalid_olx, block.olx_problem()


def test_pointer_definitions_are_loaded_not_left_blank(course_dir):
    """Every attribute the author wrote (inline or in the pointer file) is set on the block."""
    course = import_course(course_dir)
    authored = courses.authored_blocks(course_dir)
    for key, block in course.ours().items():
        definition = authored[(key.block_type, key.block_id)]
        set_fields = settings_of(block)
        for name in set(definition.attrib) - RUNTIME:
            assert name in set_fields, f"{key}: {name} was dropped on import"
        assert not block.unowned_attributes, f"{key}: attributes no field took: {block.unowned_attributes}"


def test_platform_settings_reach_the_platforms_fields(course_dir):
    course = import_course(course_dir)
    authored = courses.authored_blocks(course_dir)
    checked = 0
    for key, block in course.ours().items():
        definition = authored[(key.block_type, key.block_id)]
        if definition.get("group_access"):
            expected = {int(k): v for k, v in json.loads(definition.get("group_access")).items()}
            assert block.group_access == expected
            checked += 1
        if definition.get("visible_to_staff_only"):
            assert block.visible_to_staff_only is (definition.get("visible_to_staff_only") == "true")
            checked += 1
    if course_dir != courses.OUR_COURSE:
        assert checked >= 3, "the course carries no platform setting on our blocks"


def test_import_export_import_keeps_every_field(course_dir, tmp_path):
    first = import_course(course_dir)
    again = import_course(export_course(first, tmp_path / "export"))
    assert again.errors == []
    assert set(again.ours()) == set(first.ours())
    for key, block in first.ours().items():
        before, after = settings_of(block), settings_of(again.blocks[key])
        for name in sorted(set(before) | set(after)):
            assert after.get(name) == before.get(name), f"{key}.{name} changed in the round trip"
    containers = {k: b.attributes for k, b in first.blocks.items() if k.block_type in ("course", "chapter")}
    assert containers == {k: again.blocks[k].attributes for k in containers}


def test_export_writes_every_authored_attribute_and_element_back(course_dir, tmp_path):
    course = import_course(course_dir)
    exported = exported_blocks(export_course(course, tmp_path / "export"))
    for key, definition in courses.authored_blocks(course_dir).items():
        written = exported[key]
        assert written.tag == definition.tag and written.get("url_name") == key[1]
        for name in set(definition.attrib) - RUNTIME:
            assert normalise(name, written.get(name)) == normalise(name, definition.get(name)), f"{key} {name}"
        assert set(written.attrib) - RUNTIME <= set(definition.attrib) - RUNTIME | PLATFORM_FIELDS, key
        assert elements(written) == elements(definition), key
        if key[0] == "kemenag_moderation_quiz":
            assert canonical(written) == canonical(definition), f"{key}: the quiz OLX changed"


def test_a_second_export_is_byte_for_byte_the_first(course_dir, tmp_path):
    first = export_course(import_course(course_dir), tmp_path / "one")
    second = export_course(import_course(first), tmp_path / "two")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


@pytest.mark.parametrize("variant", ["source", "export"])
def test_olxcleaner_finds_no_errors(course_dir, tmp_path, variant):
    """No error at all in our courses; in the official demo course (whose own blocks olxcleaner
    does not all know) none about ours."""
    directory = course_dir if variant == "source" else export_course(import_course(course_dir), tmp_path / "e")
    allowed = [*OUR_BLOCKS, "poll", "survey", "edx_sga", "openassessment", "lti", "scorm", "library_content"]
    course, errors, _names = olxcleaner.validate(str(directory), steps=8, allowed_xblocks=allowed)
    assert course is not None
    problems = [f"{type(e).__name__}: {e.description}" for e in errors.errors if e.level == "ERROR"]
    about_ours = [p for p in problems if any(tag in p for tag in OUR_BLOCKS)]
    assert about_ours == []
    if "openedx-demo-course" not in str(course_dir) and "demo-course/course" not in str(course_dir):
        assert problems == []
