"""Many learners submitting at once (MariaDB): the aggregate rows count every attempt, exactly.

Runs with ``KEMENAG_TEST_DB=mariadb`` (SQLite serialises writers, so it would prove nothing).
``KEMENAG_QUIZ_CONCURRENT_ATTEMPTS=2000`` runs the issue's full figure.
"""

import functools
import os
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from kemenag_xblocks.quiz import attempts, versions
from kemenag_xblocks.quiz.defaults import default_dimensions
from kemenag_xblocks.quiz.draw import draw, seed_for
from kemenag_xblocks.quiz.models import QuizAttempt, QuizBandCount, QuizCounter

THREADS = 8
TOTAL = int(os.environ.get("KEMENAG_QUIZ_CONCURRENT_ATTEMPTS", "160"))
SPEC = {
    "dimensions": [],
    "bands": [],
    "feedback": [],
    "recommendations": [],
    "items": [
        {"id": f"{d['id']}{n}", "dimension": d["id"], "type": "likert", "reverse": n == 2, "options": [], "prompt": "p"}
        for d in default_dimensions()
        for n in range(3)
    ],
}
VERSION = versions.from_fields(SPEC, {"likert_scale": 5, "grade_mode": "index", "pretest": "", "max_attempts": 0})

pytestmark = pytest.mark.skipif(
    os.environ.get("KEMENAG_TEST_DB") != "mariadb", reason="concurrency is proven on MariaDB"
)


def paper_for(anonymous_id, number):
    drawn = draw(VERSION["items"], VERSION["dimensions"], 0, seed_for(anonymous_id, number, "q"))
    return [[item["id"], order] for item, order in drawn]


def submitter(thread, count, errors):
    try:
        for n in range(count):
            where = attempts.Where("course-v1:Kemenag+MB+2026", "block-v1:quiz", f"t{thread}-{n}")
            attempt = attempts.start(
                where,
                url_name="posttest",
                version=VERSION,
                paper_for=functools.partial(paper_for, where.anonymous_id),
                max_attempts=0,
                time_limit_minutes=0,
                now=timezone.now(),
            )
            items = VERSION.paper_items(attempt.paper)
            answers = {item["id"]: 1 + (thread + n + i) % 5 for i, item in enumerate(items)}
            attempts.submit(attempt, None, VERSION, items, answers, timezone.now())
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_parallel_submitters_are_all_counted():
    assert connection.vendor == "mysql"
    errors = []
    threads = [threading.Thread(target=submitter, args=(t, TOTAL // THREADS, errors)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    made = THREADS * (TOTAL // THREADS)
    assert QuizAttempt.objects.filter(submitted__isnull=False).count() == made
    counter = QuizCounter.objects.get(usage_key="block-v1:quiz")
    assert counter.started == counter.submitted == made
    overall = sum(QuizBandCount.objects.filter(dimension="").values_list("count", flat=True))
    assert overall == made
    for dimension in default_dimensions():
        assert sum(QuizBandCount.objects.filter(dimension=dimension["id"]).values_list("count", flat=True)) == made
