"""The learner's flow through the JSON handlers, as the LMS's JavaScript (or a phone) calls them."""

import re

import pytest
from django.utils import timezone
from lxml import etree

from kemenag_xblocks.quiz.models import QuizAttempt
from tests.support.olx import small_quiz
from tests.support.quiz_tokens import authored, authored_items

ALL_HIGH = {"kk1": 5, "kk2": 1, "t1": "b"}


def test_start_gives_items_without_scores_or_keys_and_the_page_holds_none(quiz_caller):
    quiz = quiz_caller(small_quiz())
    html = quiz.block.render("student_view").body_html()
    body = quiz.ok("start_attempt")
    assert sorted(authored_items(body["items"])) == ["kk1", "kk2", "t1"]
    choice = next(item for item in body["items"] if item["type"] == "choice")
    assert sorted(option["text"] for option in choice["options"]) == ["Diam", "Menghormati", "Menolak"]
    # The browser sees opaque per-attempt tokens, never an authored id (decision 0005).
    shown_ids = [item["id"] for item in body["items"]] + [option["id"] for option in choice["options"]]
    assert not {"kk1", "kk2", "t1", "a", "b", "c"} & set(shown_ids)
    assert all(re.fullmatch(r"[qo][0-9a-f]{20}", token) for token in shown_ids)
    for payload in (repr(body), html):
        assert "score" not in payload.lower() and "reverse" not in payload.lower()
        assert "Perkuat" not in payload, "feedback appears only after submission"


def test_answers_are_saved_and_come_back_in_the_same_paper_after_a_reload(quiz_caller):
    quiz = quiz_caller(small_quiz())
    first = quiz.ok("start_attempt")
    assert quiz.ok("save_answers", {"answers": {"kk1": 4}}) == {"saved": 1, "seconds_left": None}
    quiz.ok("save_answers", {"answers": {"t1": "c"}})
    again = quiz_caller(small_quiz()).ok("start_attempt")
    assert authored(again["answers"]) == {"kk1": 4, "t1": "c"}
    assert not {"kk1", "t1", "c"} & (set(again["answers"]) | set(map(str, again["answers"].values())))
    assert again["items"] == first["items"], "a reload shows the same draw and order"
    assert again["attempt"] == first["attempt"] == 1


def test_submit_scores_by_the_contract_and_publishes_the_index_as_grade(quiz_caller, published):
    quiz = quiz_caller(small_quiz(kk_weight=3))
    quiz.ok("start_attempt")
    result = quiz.ok("submit", {"answers": {"kk1": 4, "kk2": 2, "t1": "c"}})
    # kk: (75 + 75) / 2 = 75; tol: 1/4 = 25; overall (3·75 + 25) / 4 = 62.5
    assert result["overall"] == 62.5 and result["category"] == "Rendah"
    assert result["dimensions"] == {
        "kk": {"index": 75.0, "category": "Sedang"},
        "tol": {"index": 25.0, "category": "Sangat Rendah"},
    }
    assert result["attempts_used"] == 1
    assert published == [("grade", {"value": 0.625, "max_value": 1.0, "only_if_higher": None})]
    tol = next(d for d in result["details"] if d["id"] == "tol")
    assert tol["feedback"] == ["Perkuat <strong>toleransi</strong>."], "author HTML is sanitised"
    url = "/courses/course-v1:Kemenag+MB101+2026/jump_to_id/unit_toleransi"
    assert tol["recommended"] == [{"title": "Unit Toleransi", "url": url}]
    assert next(d for d in result["details"] if d["id"] == "kk")["recommended"] == []


def test_completion_mode_gives_full_credit_whatever_the_index(quiz_caller, published):
    quiz = quiz_caller(small_quiz('grade_mode="completion"'))
    quiz.ok("start_attempt")
    result = quiz.ok("submit", {"answers": {"kk1": 1}})
    assert result["overall"] == 0
    assert published[-1][1]["value"] == 1.0


def test_unanswered_items_score_zero_even_when_reverse_keyed(quiz_caller):
    quiz = quiz_caller(small_quiz())
    quiz.ok("start_attempt")
    assert quiz.ok("submit", {"answers": {}})["overall"] == 0


@pytest.mark.parametrize(
    "answers",
    [{"nope": 3}, {"kk1": 6}, {"kk1": 0}, {"kk1": "banyak"}, {"t1": "z"}, {"t1": 2}, ["kk1"], "kk1=3"],
)
def test_bad_answers_are_refused_with_a_clear_message_and_change_nothing(quiz_caller, answers):
    quiz = quiz_caller(small_quiz())
    quiz.ok("start_attempt")
    quiz.ok("save_answers", {"answers": {"kk1": 2}})
    for handler in ("save_answers", "submit"):
        status, body = quiz.call(handler, {"answers": answers})
        assert status == 400 and body["error"]
    attempt = QuizAttempt.objects.get()
    assert attempt.answers == {"kk1": 2} and attempt.submitted is None


def test_attempts_limit_is_enforced_on_the_server(quiz_caller):
    quiz = quiz_caller(small_quiz('max_attempts="1"'))
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": ALL_HIGH})
    for handler, payload in (("start_attempt", {}), ("submit", {"answers": ALL_HIGH})):
        status, body = quiz.call(handler, payload)
        assert status == 403 and body["error"]
    assert QuizAttempt.objects.count() == 1


def test_a_second_attempt_draws_again_and_replaces_the_result(quiz_caller, published):
    quiz = quiz_caller(small_quiz('max_attempts="0"'))
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": {}})
    assert quiz.ok("start_attempt")["attempt"] == 2
    result = quiz.ok("submit", {"answers": ALL_HIGH})
    assert result["overall"] == 100 and result["attempts_used"] == 2 and result["attempts_left"] is None
    assert list(QuizAttempt.objects.filter(is_latest=True).values_list("number", flat=True)) == [2]
    assert published[-1][1]["value"] == 1.0


def test_submitting_twice_scores_once(quiz_caller):
    quiz = quiz_caller(small_quiz('max_attempts="0"'))
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": ALL_HIGH})
    status, _body = quiz.call("submit", {"answers": {}})
    assert status == 409
    assert QuizAttempt.objects.get().overall == 100


def test_after_the_deadline_answers_are_refused_and_what_was_saved_is_scored(quiz_caller, published):
    quiz = quiz_caller(small_quiz('time_limit_minutes="30"'))
    started = quiz.ok("start_attempt")
    assert 1790 <= started["seconds_left"] <= 1800
    quiz.ok("save_answers", {"answers": {"kk1": 5, "kk2": 1}})
    QuizAttempt.objects.update(deadline=timezone.now() - timezone.timedelta(seconds=1))
    status, body = quiz.call("save_answers", {"answers": {"t1": "b"}})
    assert status == 409 and body["error"]
    status, body = quiz.call("submit", {"answers": {"t1": "b", "kk1": 1}})
    assert status == 409 and "tersimpan sebelum batas waktu" in body["error"]
    # The late answers changed nothing; the saved ones were scored and the grade published.
    attempt = QuizAttempt.objects.get()
    assert attempt.submitted is not None and attempt.answers == {"kk1": 5, "kk2": 1}
    assert published[-1][0] == "grade"
    result = quiz.ok("student_view_user_state")["result"]
    assert result["dimensions"] == {
        "kk": {"index": 100.0, "category": "Sangat Tinggi"},
        "tol": {"index": 0.0, "category": "Sangat Rendah"},
    }


def test_coming_back_after_the_deadline_closes_the_attempt_with_saved_answers(quiz_caller):
    quiz = quiz_caller(small_quiz('time_limit_minutes="5"'))
    quiz.ok("start_attempt")
    quiz.ok("save_answers", {"answers": {"t1": "b"}})
    QuizAttempt.objects.update(deadline=timezone.now() - timezone.timedelta(minutes=1))
    body = quiz.ok("start_attempt")
    assert body["submitted"]["dimensions"]["tol"]["index"] == 100
    assert QuizAttempt.objects.get().submitted is not None


def test_post_test_shows_the_gain_over_the_pre_test_named_by_url_name(quiz_caller):
    pre = quiz_caller(small_quiz('grade_mode="completion"', url_name="pre"))
    pre.ok("start_attempt")
    pre.ok("submit", {"answers": {"kk1": 3, "kk2": 3, "t1": "c"}})  # kk 50, tol 25
    post = quiz_caller(small_quiz('pretest="pre"', url_name="post"))
    post.ok("start_attempt")
    result = post.ok("submit", {"answers": ALL_HIGH})
    assert result["has_pretest"] is True
    assert {d["id"]: (d["pre"], d["gain"]) for d in result["details"]} == {"kk": (50.0, 50.0), "tol": (25.0, 75.0)}
    other = quiz_caller(small_quiz('pretest="pre"', url_name="post"), "student_2")
    other.ok("start_attempt")
    assert other.ok("submit", {"answers": ALL_HIGH})["has_pretest"] is False, "only the learner's own pre-test"


def test_items_per_dimension_limits_the_paper(quiz_caller):
    quiz = quiz_caller(small_quiz('items_per_dimension="1"'))
    items = quiz.ok("start_attempt")["items"]
    assert len(items) == 2 and {"t1"} <= set(authored_items(items))


def test_student_view_data_and_user_state_for_mobile_carry_no_scores(quiz_caller):
    quiz = quiz_caller(small_quiz())
    data = quiz.block.student_view_data()
    assert data["dimensions"] == [{"id": "kk", "name": "Komitmen Kebangsaan"}, {"id": "tol", "name": "Toleransi"}]
    assert "items" not in data and "score" not in repr(data)
    assert quiz.ok("student_view_user_state") == {
        "attempts_used": 0,
        "attempts_left": 1,
        "open": False,
        "seconds_left": None,
        "result": None,
    }


def test_results_render_for_a_returning_learner(quiz_caller):
    quiz = quiz_caller(small_quiz())
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": ALL_HIGH})
    html = quiz_caller(small_quiz()).block.render("student_view").body_html()
    assert '"overall": 100.0' in html


def test_errors_are_in_the_learners_language(quiz_caller, client):
    quiz = quiz_caller(small_quiz('max_attempts="1"'))
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": {}})
    client.cookies["django_language"] = "id"
    status, body = quiz.call("start_attempt")
    assert status == 403 and "percobaan" in body["error"].lower()


def test_block_export_reproduces_its_olx(scenario):
    xml = small_quiz('pretest="pre" weight="10" time_limit_minutes="30"')
    block = scenario(xml).block()
    node = etree.Element("x")
    block.add_xml_to_node(node)
    exported = etree.tostring(node, encoding="unicode")
    for attribute in ('weight="10"', 'time_limit_minutes="30"', 'pretest="pre"', 'url_name="quiz"'):
        assert attribute in exported
    assert "likert_scale" not in exported, "defaults stay implicit"
    assert re.sub(r"\s+", "", exported).count("<item") == 3


def scenario_xml(name):
    from kemenag_xblocks.common.scenarios import scenarios_for

    return next(xml for title, xml in scenarios_for("kemenag_moderation_quiz") if name in title)


def test_demo_pre_and_post_test_work_together(quiz_caller, published):
    pre = quiz_caller(scenario_xml("pre-test (nilai"))
    assert len(pre.ok("start_attempt")["items"]) == 16
    pre.ok("submit", {"answers": {}})
    assert published[-1][1]["value"] == 1.0, "the pre-test grades completion"
    post = quiz_caller(scenario_xml("post-test"))
    post.ok("start_attempt")
    result = post.ok("submit", {"answers": {"kk1": 5, "kk2": 1}})
    assert result["has_pretest"] and {d["id"]: d["gain"] for d in result["details"]}["komitmen_kebangsaan"] == 50.0
    tol = next(d for d in result["details"] if d["id"] == "toleransi")
    assert tol["category"] == "Sangat Rendah" and tol["feedback"] and tol["recommended"]


def test_studio_view_offers_settings_and_the_item_bank(scenario):
    block = scenario(small_quiz()).block("staff")
    html = block.render("studio_view").body_html()
    assert "items_per_dimension" in html and "kemenag-itembank" in html


def test_the_block_leaves_the_platforms_url_name_alone_and_keeps_the_authored_key(scenario):
    from kemenag_xblocks.quiz.block import ModerationQuizBlock

    assert "url_name" not in ModerationQuizBlock.fields, "the platform's url_name property must not be shadowed"
    block = scenario(small_quiz(url_name="pre")).block()
    assert block.quiz_url_name == "pre", "the workbench has no block id: the OLX attribute stands in"

    class LmsUsageKey(str):  # what the LMS's usage keys offer: the url_name as block_id
        block_id = "pretest_unit_3"
        context_key = "course-v1:Kemenag+MB+2026"

    block.scope_ids = block.scope_ids._replace(usage_id=LmsUsageKey(block.scope_ids.usage_id))
    # A copy gets a new block id; post-tests still name the quiz by the url_name its author gave it.
    assert block.quiz_url_name == "pre"
    node = etree.Element("x")
    block.add_xml_to_node(node)
    assert node.get("url_name") == "pretest_unit_3" and node.get("kemenag_key") == "pre"
