"""Parallel requests for the same learner and block keep exactly one consistent record (MariaDB).

Each thread is a browser tab or a retrying phone: its own test client, its own database
connection, all released at once by a barrier. SQLite serialises writers, so it would prove
nothing: these run with ``KEMENAG_TEST_DB=mariadb`` (``make test-mariadb``).
"""

import os
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client

from demo.settings import DEMO_COURSE_KEY
from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
from kemenag_xblocks.competency.models import LedgerEntry
from kemenag_xblocks.quiz.models import QuizAttempt
from tests.assignment import samples
from tests.competency.conftest import send_certificate
from tests.security.support import ASSIGNMENT_XML, COMPETENCY_XML, LEARNER, QUIZ_XML, ReplyCaller, upload_file
from tests.support.quiz_tokens import tokenized

THREADS = 8
ROUNDS = int(os.environ.get("KEMENAG_CONCURRENCY_ROUNDS", "2"))

pytestmark = [
    pytest.mark.skipif(os.environ.get("KEMENAG_TEST_DB") != "mariadb", reason="concurrency is proven on MariaDB"),
    pytest.mark.django_db(transaction=True),
]


def in_parallel(action):
    """Run ``action(n)`` in THREADS threads released together; their results, in order."""
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def run(n):
        try:
            barrier.wait()
            results[n] = action(n)
        except Exception as error:
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    return results


def caller(unit):
    return ReplyCaller(Client(), unit)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_parallel_quiz_submits_score_one_attempt_once(scenario, round_):
    unit = scenario(QUIZ_XML)
    assert caller(unit).call(LEARNER, "start_attempt", json_body={}).status == 200
    answers = {"answers": tokenized({"kk1": 4, "kk2": 2, "t1": "b"}, LEARNER)}
    statuses = in_parallel(lambda n: caller(unit).call(LEARNER, "submit", json_body=answers).status)
    assert sorted(statuses) == [200] + [409] * (THREADS - 1), statuses
    attempt = QuizAttempt.objects.get()
    assert attempt.submitted is not None and attempt.overall is not None


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_parallel_saves_of_different_answers_lose_none(scenario, round_):
    """Tabs saving different questions at once: every save that was accepted is kept (no lost
    update); one that lost the race too often is refused with "try again", never dropped silently."""
    unit = scenario(QUIZ_XML)
    assert caller(unit).call(LEARNER, "start_attempt", json_body={}).status == 200
    answers = [{"kk1": 4}, {"kk2": 2}, {"t1": "b"}]
    shown = [tokenized(answer, LEARNER) for answer in answers]
    replies = in_parallel(lambda n: caller(unit).call(LEARNER, "save_answers", json_body={"answers": shown[n % 3]}))
    assert all(r.status == 200 or (r.status == 409 and r.message()) for r in replies), [r.status for r in replies]
    accepted = {k: v for n, r in enumerate(replies) if r.status == 200 for k, v in answers[n % 3].items()}
    assert accepted, "no save went through"
    assert QuizAttempt.objects.get().answers.items() >= accepted.items()


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_parallel_uploads_and_hand_ins_keep_one_submission_within_the_limit(scenario, round_):
    unit = scenario(ASSIGNMENT_XML)  # at most two files
    statuses = in_parallel(
        lambda n: (
            caller(unit)
            .call(LEARNER, "upload", form={"file": upload_file(f"bab{n}.pdf", samples.pdf(f"bab {n}"))})
            .status
        )
    )
    assert statuses.count(200) == 2 and all(s in (200, 409, 413) for s in statuses), statuses
    assert AssignmentSubmission.objects.count() == 1 and AssignmentFile.objects.count() == 2
    statuses = in_parallel(lambda n: caller(unit).call(LEARNER, "submit", json_body={"confirm": True}).status)
    assert sorted(statuses) == [200] + [409] * (THREADS - 1), statuses
    submission = AssignmentSubmission.objects.get()
    assert submission.attempt == 1 and submission.status == "submitted"


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_parallel_certificate_events_record_the_course_once(scenario, round_):
    unit = scenario(COMPETENCY_XML)
    user = get_user_model().objects.create(username=f"siti{round_}")
    unit.block(LEARNER).render("student_view")
    # The course's JP value, as staff's Studio save stores it (a view never writes: issue 14.11).
    from kemenag_xblocks.competency import ledger

    ledger.set_course_competency(DEMO_COURSE_KEY, jp="12", competency_type="sosial_kultural", title="MB")
    in_parallel(lambda n: send_certificate(user, DEMO_COURSE_KEY))
    assert LedgerEntry.objects.filter(user=user, source="course").count() == 1
