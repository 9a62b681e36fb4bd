"""Authoring: OLX round trip, sanitised instructions, Studio validation, learner view contents."""

from lxml import etree
from xblock.validation import Validation

from kemenag_xblocks.common.rendering import init_args_of
from tests.support.olx import olx


def export(block):
    node = etree.Element("x")
    block.add_xml_to_node(node)
    return node


def test_olx_round_trips_attributes_instructions_and_rubric(scenario):
    block = scenario(olx("kemenag_assignment/rubric")).block()
    node = export(block)
    assert node.tag == "kemenag_assignment"
    assert (
        node.get("max_files") == "2" and node.get("allowed_types") == "pdf,docx" and node.get("weight") == "100"
    )  # as authored
    again = scenario(etree.tostring(node, encoding="unicode")).block()
    for name in ("display_name", "weight", "max_files", "max_file_mb", "allowed_types", "rubric", "late_policy"):
        assert getattr(again, name) == getattr(block, name), name
    assert "<strong>rencana aksi</strong>" in again.instructions


def test_due_date_round_trips(scenario):
    block = scenario('<kemenag_assignment due_date="2026-12-31T17:00:00+00:00" grace_hours="6"/>').block()
    again = scenario(etree.tostring(export(block), encoding="unicode")).block()
    assert again.due_date == block.due_date and again.due_date.year == 2026 and again.grace_hours == 6


def test_instructions_are_sanitised_where_shown_and_exported(scenario):
    block = scenario(olx("kemenag_assignment/rubric")).block()
    html = block.render("student_view").body_html()
    assert "<strong>rencana aksi</strong>" in html and "alert(1)" not in html
    assert b"script" not in etree.tostring(export(block))


def test_studio_validation_refuses_a_bad_rubric_and_no_types(scenario):
    block = scenario("<kemenag_assignment/>").block()

    class Data:
        rubric = [{"name": "A", "levels": [{"label": "x", "points": 1}]}]
        allowed_types = "exe, svg"
        weight, max_files, max_file_mb, grace_hours = 100.0, 5, 10, 0

    validation = Validation(block.scope_ids.usage_id)
    block.validate_field_data(validation, Data)
    messages = " ".join(str(m.text) for m in validation.messages)
    assert "Rubric" in messages or "Rubrik" in messages
    assert len(validation.messages) == 2


def test_studio_editor_lists_the_authoring_fields(scenario):
    block = scenario("<kemenag_assignment/>").block()
    assert set(block.editable_fields) >= {
        "instructions",
        "weight",
        "max_files",
        "max_file_mb",
        "allowed_types",
        "due_date",
        "grace_hours",
        "late_policy",
        "rubric",
    }


def test_learner_view_carries_no_other_learners_data_and_staff_view_has_the_grading_panel(scenario):
    unit = scenario(olx("kemenag_assignment/rubric"))
    learner = unit.block("student_1").student_view()
    staff = unit.block("staff").student_view()
    assert 'data-role="staff"' not in learner.body_html() and 'data-role="staff"' in staff.body_html()
    assert "Analisis" in staff.body_html()
    learner_args, staff_args = init_args_of(learner), init_args_of(staff)
    assert "submissions" not in learner_args["handlers"] and "grade" not in learner_args["handlers"]
    assert "submissions" in staff_args["handlers"]
