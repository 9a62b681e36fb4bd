"""Blocks rendered and handlers called in the workbench runtime, through the demo's Django stack."""

import json

import pytest
from django.utils import translation

from tests.support.handlers import Caller

TAGS = ("kemenag_moderation_quiz", "kemenag_assignment", "kemenag_competency")


@pytest.mark.parametrize("tag", TAGS)
def test_student_view_renders_with_its_stylesheet_and_a_unique_heading_id(scenario, tag):
    unit = scenario(f'<vertical_demo><{tag} display_name="A"/><{tag} display_name="B"/></vertical_demo>')
    first, second = (unit.block("student_1", child=i).render("student_view") for i in (0, 1))
    assert "A" in first.body_html() and "B" in second.body_html()
    assert any(f"public/{r.data.split('/')[-1]}" in r.data for r in first.resources if r.kind == "url")
    first_id = first.body_html().split('id="')[1].split('"')[0]
    assert first_id not in second.body_html(), "two blocks in one unit must not share element ids"


def test_views_are_indonesian_first_and_english_on_request(scenario):
    block = scenario('<kemenag_assignment display_name="Tugas"/>').block()
    with translation.override("id"):
        indonesian = block.render("student_view").body_html()
    with translation.override("en"):
        english = block.render("student_view").body_html()
    assert "Unggah" in indonesian
    assert "Upload your work" in english


def test_index_lists_a_scenario_for_each_block_with_learner_and_staff_links(client, db):
    page = client.get("/").content.decode()
    for tag in TAGS:
        assert f"/scenario/{tag}.0/?student=student_1" in page
        assert f"/scenario/{tag}.0/?student=staff" in page


def test_demo_page_declares_language_and_switches_to_english(client, db):
    assert '<html lang="id">' in client.get("/scenario/kemenag_assignment.0/").content.decode()
    english = client.get("/scenario/kemenag_assignment.0/?lang=en").content.decode()
    assert '<html lang="en">' in english
    assert "Upload your work" in english, english[english.find("<main") :][:1500]


def test_json_handler_round_trip_through_the_workbench_url(client, scenario, probe_block_type):
    block = scenario(f"<{probe_block_type}/>").block("student_1")
    response = Caller(client, block).json("student_1", "noop", {})
    assert response.status_code == 200
    assert json.loads(response.content) == {"ok": True}


def test_staff_handler_refuses_a_learner_and_serves_configured_staff(client, scenario, probe_block_type):
    unit = scenario(f"<{probe_block_type}/>")
    probe = Caller(client, unit)
    refused = probe.json("student_1", "staff_only", {})
    assert refused.status_code == 403
    assert "staf" in json.loads(refused.content)["error"].lower()
    allowed = probe.json("staff", "staff_only", {})
    assert allowed.status_code == 200 and json.loads(allowed.content) == {"user": "staff"}


def test_demo_user_service_gives_each_student_a_stable_user_and_anonymous_id(scenario, probe_block_type):
    unit = scenario(f"<{probe_block_type}/>")
    learner, again, other = (unit.block(s).user for s in ("student_1", "student_1", "student_2"))
    assert learner.user_id == again.user_id != other.user_id
    assert learner.anonymous_id == again.anonymous_id != other.anonymous_id
    assert len(learner.anonymous_id) == 32 and not learner.is_staff
