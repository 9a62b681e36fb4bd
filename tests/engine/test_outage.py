"""A database outage on the real engine (gunicorn over MariaDB, reached through a proxy that
refuses connections): the learner's page and its handlers say "try again" (503, Retry-After, in
the learner's language), never the 500 page, and the same request works once the database is back."""

import time

import pytest

pytestmark = pytest.mark.engine

PAGE = "/scenario/kemenag_moderation_quiz.0/?student=engine_outage&lang=id"


def retried(call, seconds=30):
    """The first answer that is not 503 (gunicorn's workers reconnect on their next request)."""
    deadline = time.monotonic() + seconds
    while True:
        answer = call()
        if answer[0] != 503 or time.monotonic() > deadline:
            return answer
        time.sleep(0.5)


def test_a_database_outage_is_told_as_try_again_and_the_retry_works(stack, blocks):
    assert stack.get(PAGE)[0] == 200
    stack.outage("db-proxy")
    try:
        for _ in range(3):  # every worker process, whichever answers
            status, body = stack.handler(blocks["quiz"], "start_attempt", "engine_outage", {})
            assert status == 503, body
            assert body["code"] == "unavailable" and "coba lagi" in body["error"]
            status, headers, page = stack.get(PAGE)
            assert status == 503, page[:300]
            assert headers["Retry-After"] == "5" and headers["Content-Type"].startswith("text/html")
            assert "Tidak ada kiriman Anda yang tersimpan setengah" in page.decode()
            assert b"Traceback" not in page
    finally:
        stack.recover("db-proxy", stack.db_port)
    status, body = retried(lambda: stack.handler(blocks["quiz"], "start_attempt", "engine_outage", {}))
    assert status == 200 and body["items"], body
    assert retried(lambda: stack.get(PAGE))[0] == 200
