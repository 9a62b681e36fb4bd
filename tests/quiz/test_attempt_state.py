"""One row per attempt: the paper and version it started on, saves that never lose each other,
and a submit that reads no block field (so the whole request is two reads and one transaction)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kemenag_xblocks.quiz import attempts
from kemenag_xblocks.quiz.models import QuizAttempt, QuizBandCount, QuizDefinition
from tests.support.olx import small_quiz
from tests.support.quiz_tokens import authored_items, tokenized

ALL_HIGH = {"kk1": 5, "kk2": 1, "t1": "b"}


def test_the_attempt_row_holds_the_paper_shown_and_names_its_stored_version(quiz_caller):
    quiz = quiz_caller(small_quiz())
    shown = quiz.ok("start_attempt")
    attempt = QuizAttempt.objects.get()
    assert [item_id for item_id, _options in attempt.paper] == authored_items(shown["items"], attempt=attempt)
    choice = next(options for item_id, options in attempt.paper if item_id == "t1")
    shown_choice = next(i for i in shown["items"] if i["type"] == "choice")["options"]
    texts = {"a": "Menolak", "b": "Menghormati", "c": "Diam"}
    assert [texts[option_id] for option_id in choice] == [o["text"] for o in shown_choice], "same order as stored"
    stored = QuizDefinition.objects.get(digest=attempt.definition).definition
    assert {item["id"] for item in stored["items"]} == {"kk1", "kk2", "t1"}


def test_an_edit_during_an_attempt_does_not_change_the_paper_under_the_learner(quiz_caller):
    quiz = quiz_caller(small_quiz())
    before = quiz.ok("start_attempt")["items"]
    # The author drops the choice item and makes the scale 7 points while the learner answers.
    quiz.block.spec = {**quiz.block.spec, "items": [i for i in quiz.block.spec["items"] if i["id"] != "t1"]}
    quiz.block.likert_scale = 7
    quiz.block.save()
    again = quiz_caller(small_quiz()).ok("start_attempt")
    assert again["items"] == before, "a reload shows the paper the attempt started with"
    status, _body = quiz.call("save_answers", {"answers": {"kk1": 7}})
    assert status == 400, "the attempt's own 5-point scale still applies"
    result = quiz.ok("submit", {"answers": ALL_HIGH})
    assert result["overall"] == 100 and set(result["dimensions"]) == {"kk", "tol"}
    # The next attempt is on the edited quiz.
    fresh = quiz_caller(small_quiz(), "student_2").ok("start_attempt")
    assert set(authored_items(fresh["items"], "student_2")) == {"kk1", "kk2"}


def test_submit_reads_no_block_field_and_writes_in_one_transaction(quiz_caller):
    quiz = quiz_caller(small_quiz('max_attempts="0"'))
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": ALL_HIGH})
    quiz.ok("start_attempt")
    quiz = quiz_caller(small_quiz('max_attempts="0"'))  # a fresh block instance, as each request has
    shown = {"answers": tokenized(ALL_HIGH)}  # named as the browser names them, before counting queries
    with CaptureQueriesContext(connection) as queries:
        quiz.ok("submit", shown, raw=True)
    sql = [query["sql"] for query in queries.captured_queries]
    assert not [s for s in sql if "workbench_xblockstate" in s], "no field read goes to the key-value store"
    quiz_reads = [s for s in sql if s.startswith("SELECT") and "quiz" in s]
    assert len(quiz_reads) == 1, quiz_reads
    assert len(sql) <= 10, sql


def test_two_tabs_saving_different_questions_at_once_both_count(quiz_caller):
    quiz = quiz_caller(small_quiz())
    quiz.ok("start_attempt")
    where = quiz.block.where()
    first_tab = attempts.current(where)[0]
    second_tab = attempts.current(where)[0]
    attempts.save(first_tab, {"kk1": 4}, timezone.now())
    attempts.save(second_tab, {"t1": "c"}, timezone.now())  # read before the first tab wrote
    assert QuizAttempt.objects.get().answers == {"kk1": 4, "t1": "c"}


def test_a_submit_that_read_before_a_save_scores_the_saved_answer_too(quiz_caller):
    quiz = quiz_caller(small_quiz())
    quiz.ok("start_attempt")
    where = quiz.block.where()
    stale = attempts.current(where)[0]
    quiz.ok("save_answers", {"answers": {"t1": "b"}})
    version = quiz.block.attempt_version(stale)
    attempt, result = attempts.submit(
        stale, None, version, version.paper_items(stale.paper), {"kk1": 5, "kk2": 1}, timezone.now()
    )
    assert result["overall"] == 100 and attempt.answers == ALL_HIGH
    with pytest.raises(attempts.AttemptError) as error:
        attempts.submit(stale, None, version, version.paper_items(stale.paper), {}, timezone.now())
    assert error.value.code == "already_submitted"


def test_a_new_attempt_moves_the_learner_between_bands_exactly(quiz_caller):
    quiz = quiz_caller(small_quiz('max_attempts="0"'))
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": {}})
    quiz.ok("start_attempt")
    quiz.ok("submit", {"answers": ALL_HIGH})
    counts = {(r.dimension, r.band_min): r.count for r in QuizBandCount.objects.filter(count__gt=0)}
    assert counts == {("", 91.0): 1, ("kk", 91.0): 1, ("tol", 91.0): 1}
    assert QuizBandCount.objects.filter(count__lt=0).count() == 0
