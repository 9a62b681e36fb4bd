"""What the Open edX mobile apps read (docs/native-api.md): each block's student_view supports
``multi_device``, ``student_view_data`` holds no scores, keys or staff data, and the
``student_view_user_state`` handler answers a GET with the learner's own state only."""

import json

import pytest

from tests.support.handlers import Caller
from tests.support.olx import small_quiz

TAGS = ("kemenag_moderation_quiz", "kemenag_assignment", "kemenag_competency")


def get_state(client, block, student):
    response = Caller(client, block).get(student, "student_view_user_state")
    return response.status_code, json.loads(response.content), response


@pytest.mark.parametrize("tag", TAGS)
def test_every_learner_view_is_served_to_the_mobile_apps(scenario, tag):
    block = scenario(f"<{tag}/>").block()
    # What the LMS's course blocks API asks before offering a block to the apps.
    assert block.has_support(block.student_view, "multi_device")
    assert json.dumps(block.student_view_data()), "student_view_data is JSON"


def test_quiz_data_has_no_scores_or_keys_and_its_state_answers_a_get(client, scenario):
    unit = scenario(small_quiz())
    block = unit.block("student_1")
    text = json.dumps(block.student_view_data())
    for secret in ("score", "reverse", "Menghormati", "Pancasila"):
        assert secret not in text, secret
    status, state, response = get_state(client, block, "student_1")
    assert status == 200 and state["open"] is False and state["result"] is None
    assert response["Cache-Control"] == "private, no-store"
    Caller(client, block).json("student_1", "start_attempt", {})
    status, state, _ = get_state(client, block, "student_1")
    assert state["open"] is True and "answers" not in state and "items" not in state, "no paper, no keys"


def test_assignment_data_and_state_are_the_learners_own(client, scenario):
    unit = scenario(
        '<kemenag_assignment display_name="Tugas" max_files="2" allowed_types="pdf" late_policy="refuse">'
        "<instructions><p>Tulis <script>x()</script>rencana.</p></instructions>"
        '<rubric><criterion name="Isi"><level points="2">Cukup</level><level points="4">Baik</level></criterion>'
        "</rubric>"
        "</kemenag_assignment>"
    )
    data = unit.block("student_1").student_view_data()
    assert data["allowed_types"] == ["pdf"] and data["max_files"] == 2 and data["accepts_late"] is False
    assert "<script" not in data["instructions"] and "rencana" in data["instructions"]
    assert "rubric" not in data, "the rubric is the graders' tool in this block"
    status, state, _ = get_state(client, unit.block("student_1"), "student_1")
    assert status == 200 and state["status"] == "draft" and state["files"] == []
    assert "username" not in json.dumps(state) and "anonymous_id" not in json.dumps(state)


def test_competency_state_is_the_learners_own_ledger(client, scenario):
    from django.contrib.auth import get_user_model

    unit = scenario('<kemenag_competency display_name="JP" jp="12"/>')
    block = unit.block("student_1")
    data = block.student_view_data()
    assert data["jp"] == 12 and data["yearly_target_jp"] > 0 and data["competency_types"]
    status, state, _ = get_state(client, block, "student_1")
    assert status == 200, state
    assert set(state) >= {"status", "jp_this_year", "target_jp", "entries", "by_type"}
    assert all(isinstance(value, float) for value in state["by_type"].values())
    assert "cohort" not in json.dumps(state) and get_user_model().objects.count() >= 1


def test_user_state_refuses_other_methods_with_a_message(client, scenario):
    block = scenario("<kemenag_assignment/>").block("student_1")
    response = Caller(client, block).request("student_1", "student_view_user_state", method="PUT")
    assert response.status_code == 405 and "GET" in json.loads(response.content)["error"]


@pytest.mark.parametrize("tag", TAGS)
def test_a_default_name_reaches_the_app_in_the_learners_language(scenario, tag):
    from django.utils import translation

    block = scenario(f"<{tag}/>").block()
    with translation.override("en"):
        english = block.student_view_data()["display_name"]
    with translation.override("id"):
        assert block.student_view_data()["display_name"] != english
