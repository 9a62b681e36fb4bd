"""Our blocks on the platform's path (replay.py), case by case: invalid OLX, HTML Studio accepts,
whitespace and namespaces, copy and paste, references, omitted defaults and mistyped attributes."""

import shutil

from lxml import etree
from opaque_keys.edx.locator import CourseLocator
from xblock.validation import ValidationMessage

from kemenag_xblocks.common.olx import KEY_ATTRIBUTE
from kemenag_xblocks.quiz import itembank
from tests.platform_olx import courses
from tests.platform_olx.replay import clipboard_olx, export_course, import_course, paste, settings_of

QUIZ = "kemenag_moderation_quiz"


def course_with(tmp_path, name, unit_xml, files=None):
    """The demo-shaped course with one more unit (and files), as an author would hand it in."""
    target = tmp_path / name
    shutil.copytree(courses.DEMO_SHAPED, target)
    (target / "vertical" / "extra.xml").write_text(unit_xml, encoding="utf-8")
    sequential = target / "sequential" / "assessments.xml"
    sequential.write_text(
        sequential.read_text().replace("</sequential>", '  <vertical url_name="extra"/>\n</sequential>')
    )
    for relative, text in (files or {}).items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(text, encoding="utf-8")
    return target


def block(course, block_type, url_name):
    return course.blocks[course.runtime.course_key.make_usage_key(block_type, url_name)]


def messages(block, kind):
    return [m.text for m in block.validate().messages if m.type == kind]


def canonical(text):
    """OLX text in C14N form, formatting whitespace and the runtime's url_name aside."""
    node = etree.fromstring(text.encode(), etree.XMLParser(remove_blank_text=True))
    node.attrib.pop("url_name", None)
    return etree.tostring(node, method="c14n")


def round_trip(course, tmp_path, name="export"):
    return import_course(export_course(course, tmp_path / name))


# ---- invalid OLX --------------------------------------------------------------------------------

BROKEN_POINTER = """<kemenag_assignment display_name="Laporan rusak" max_files="banyak">
  <instructions><p>Unggah laporan.</p></instructions>
</kemenag_assignment>
"""


def test_invalid_olx_imports_kept_as_written_and_explained_in_studio(tmp_path):
    unit = (
        '<vertical display_name="Broken">\n'
        '  <kemenag_moderation_quiz url_name="broken_quiz" group_access="{&quot;50&quot;: [2]}">'
        '<item id="x" dimension="nope"><prompt>p</prompt></item></kemenag_moderation_quiz>\n'
        '  <kemenag_assignment url_name="broken_file"/>\n'
        "</vertical>\n"
    )
    course = import_course(
        course_with(tmp_path, "broken", unit, {"kemenag_assignment/broken_file.xml": BROKEN_POINTER})
    )
    assert course.errors == [], "the import logged and dropped a block"
    quiz, assignment = block(course, QUIZ, "broken_quiz"), block(course, "kemenag_assignment", "broken_file")
    assert assignment.invalid_olx == BROKEN_POINTER, "the pointer file was not kept as written"
    assert quiz.group_access == {50: [2]}, "the platform setting of an invalid block was lost"
    [quiz_error] = messages(quiz, ValidationMessage.ERROR)
    assert '<item id="x">' in quiz_error and 'unknown dimension "nope"' in quiz_error
    [assignment_error] = messages(assignment, ValidationMessage.ERROR)
    assert 'max_files="banyak"' in assignment_error and "(line 1)" in assignment_error
    assert "not available yet" in assignment.unavailable_fragment().content

    again = round_trip(course, tmp_path)
    assert again.errors == []
    kept = block(again, "kemenag_assignment", "broken_file")
    assert canonical(kept.invalid_olx) == canonical(BROKEN_POINTER), "the export did not give the author's OLX back"
    assert block(again, QUIZ, "broken_quiz").group_access == {50: [2]}


# ---- HTML Studio accepts ----------------------------------------------------------------------


def test_html_that_is_not_xml_exports_and_reimports_as_the_same_html(tmp_path):
    course = import_course(courses.DEMO_SHAPED)
    assignment = block(course, "kemenag_assignment", "laporan")
    assignment.instructions = "<p>Baris satu<br>baris dua&nbsp;&amp; tiga, A & B</p>"
    quiz = block(course, QUIZ, "cohort_quiz")
    items, errors = itembank.from_csv(
        "id,dimension,type,reverse,prompt\nk1,toleransi,likert,,Saya & keluarga\n", {"toleransi"}
    )
    assert errors == []
    quiz.spec = {**quiz.spec, "items": items}

    again = round_trip(course, tmp_path)  # XMLSyntaxError here was the whole course export failing
    instructions = block(again, "kemenag_assignment", "laporan").instructions
    assert instructions == "<p>Baris satu<br/>baris dua\xa0&amp; tiga, A &amp; B</p>"
    assert block(again, QUIZ, "cohort_quiz").spec["items"][0]["prompt"] == "Saya &amp; keluarga"
    third = round_trip(again, tmp_path, "second")
    assert block(third, "kemenag_assignment", "laporan").instructions == instructions


def test_whitespace_between_inline_tags_survives_the_platforms_parser(tmp_path):
    course = import_course(courses.DEMO_SHAPED)
    quiz = block(course, QUIZ, "cohort_quiz")
    spec = quiz.spec
    spec["items"][0]["prompt"] = "<strong>Tetangga</strong> <em>beda</em> agama"
    spec["feedback"][0]["html"] = "<p><strong>a</strong> <em>b</em></p>\n<p>c</p>"
    quiz.spec = spec
    again = block(round_trip(course, tmp_path), QUIZ, "cohort_quiz")
    assert again.spec["items"][0]["prompt"] == "<strong>Tetangga</strong> <em>beda</em> agama"
    assert again.spec["feedback"][0]["html"] == "<p><strong>a</strong> <em>b</em></p>\n<p>c</p>"


def test_stored_html_picks_up_no_namespace_declaration(tmp_path):
    unit = (
        '<vertical xmlns:x="urn:example" display_name="Namespaced">\n'
        '  <kemenag_moderation_quiz url_name="ns_quiz"><dimension id="d">D</dimension>'
        '<item id="i" dimension="d" type="likert"><prompt>Ya <em>tidak</em></prompt></item>'
        "</kemenag_moderation_quiz>\n"
        '  <kemenag_assignment url_name="ns_assignment"><instructions><p>Unggah</p></instructions>'
        "</kemenag_assignment>\n"
        "</vertical>\n"
    )
    course = import_course(course_with(tmp_path, "ns", unit))
    assert block(course, QUIZ, "ns_quiz").spec["items"][0]["prompt"] == "Ya <em>tidak</em>"
    assert block(course, "kemenag_assignment", "ns_assignment").instructions == "<p>Unggah</p>"


# ---- copy and paste, references ------------------------------------------------------------------


def test_a_copy_keeps_settings_platform_settings_and_the_authored_key():
    course = import_course(courses.OUR_COURSE)
    pretest = block(course, QUIZ, "pretest_moderasi")
    pretest.group_access = {50: [1]}
    olx = clipboard_olx(pretest)
    assert f'{KEY_ATTRIBUTE}="pretest_moderasi"' in olx
    other_course = CourseLocator("Kemenag", "MB102", "2028")
    copy = paste(olx, other_course, "a1b2c3d4e5f6")
    assert copy.scope_ids.usage_id.block_id == "a1b2c3d4e5f6"
    assert copy.quiz_url_name == "pretest_moderasi", "a post-test's pretest= would point nowhere"
    assert copy.group_access == {50: [1]}
    expected = {k: v for k, v in settings_of(pretest).items()}
    assert settings_of(copy) == expected

    # The library serialiser drops url_name; the key travels on its own attribute.
    node = etree.fromstring(olx)
    node.attrib.pop("url_name")
    again = paste(etree.tostring(node, encoding="unicode"), other_course, "ffff00001111")
    assert again.quiz_url_name == "pretest_moderasi"


def test_studio_warns_when_a_reference_points_nowhere(tmp_path):
    course = import_course(courses.DEMO_SHAPED)
    assert messages(block(course, QUIZ, "posttest"), ValidationMessage.WARNING) == []
    target = tmp_path / "without_pretest"
    shutil.copytree(courses.DEMO_SHAPED, target)
    unit = target / "vertical" / "inline_blocks.xml"
    text = unit.read_text()
    start, end = text.index("  <kemenag_moderation_quiz"), text.index("</kemenag_moderation_quiz>") + 26
    unit.write_text(text[:start] + text[end:])
    pointers = target / "vertical" / "pointer_blocks.xml"
    pointers.write_text(pointers.read_text().replace('<vertical display_name="Our blocks as pointers">', "<vertical>"))
    (target / "kemenag_moderation_quiz" / "posttest.xml").write_text(
        (target / "kemenag_moderation_quiz" / "posttest.xml").read_text().replace('unit="inline_blocks"', 'unit="gone"')
    )
    warnings = messages(block(import_course(target), QUIZ, "posttest"), ValidationMessage.WARNING)
    assert warnings == [
        'The pre-test "cohort_quiz" is not a test in this course: no gain will be shown.',
        'The recommended unit "gone" is not a unit in this course: its link leads nowhere.',
    ]


def test_a_pretest_copied_within_the_course_still_answers_to_its_name():
    course = import_course(courses.DEMO_SHAPED)
    original = block(course, QUIZ, "cohort_quiz")
    copy = paste(clipboard_olx(original), course.runtime.course_key, "cohort_quiz_copy_9f3a")
    assert copy.quiz_url_name == original.quiz_url_name == "cohort_quiz"


# ---- omitted defaults, mistyped attributes ---------------------------------------------------------


def test_an_omitted_below_stays_omitted_and_a_typo_is_named_in_studio(tmp_path):
    unit = (
        '<vertical display_name="Typo">\n'
        '  <kemenag_moderation_quiz url_name="typo_quiz" time_limit="30" visible_to_staff_only="true">'
        '<dimension id="d">D</dimension><item id="i" dimension="d" type="likert"><prompt>p</prompt></item>'
        '<recommend dimension="d" unit="inline_blocks">Unit</recommend></kemenag_moderation_quiz>\n'
        "</vertical>\n"
    )
    course = import_course(course_with(tmp_path, "typo", unit))
    quiz = block(course, QUIZ, "typo_quiz")
    assert quiz.spec["recommendations"][0]["below"] == 71
    assert messages(quiz, ValidationMessage.WARNING) == [
        'The OLX attribute time_limit="…" is not a setting of this block and has no effect.'
    ]
    exported = export_course(course, tmp_path / "export")
    node = etree.parse(str(exported / "vertical" / "extra.xml")).getroot()[0]
    assert node.find("recommend").get("below") is None
    assert node.get("time_limit") == "30", "the unknown attribute was not kept"
    assert quiz.visible_to_staff_only is True


def test_every_block_of_ours_survives_copy_and_paste_into_another_course():
    course = import_course(courses.DEMO_SHAPED)
    other_course = CourseLocator("Kemenag", "Other", "2028")
    for key, original in course.ours().items():
        copy = paste(clipboard_olx(original), other_course, f"copy_{key.block_id}")
        assert settings_of(copy) == settings_of(original), key


def test_a_pointer_never_reads_outside_its_folder(tmp_path):
    """``:`` in a url_name is a folder separator in pointer paths; ``..`` must not climb out."""
    (tmp_path / "secret.xml").write_text('<kemenag_assignment display_name="stolen"/>')
    unit = '<vertical display_name="Hostile">\n  <kemenag_assignment url_name="..:..:secret"/>\n</vertical>\n'
    course = import_course(course_with(tmp_path, "hostile", unit))
    assert course.errors == []
    hostile = next(b for k, b in course.ours().items() if "secret" in k.block_id)
    assert hostile.display_name != "stolen"
    [problem] = messages(hostile, ValidationMessage.ERROR)
    assert 'url_name="..:..:secret" is not valid' in problem
