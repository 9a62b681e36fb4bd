"""One engine stack per session: gunicorn (2 processes), a Celery worker process over Redis,
moto's S3 server behind django-storages, and the demo's data (MariaDB with KEMENAG_TEST_DB=mariadb,
else a SQLite file every process shares)."""

import os

import pytest

from tests.engine.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    engine = Stack(tmp_path_factory.mktemp("engine"), mariadb=os.environ.get("KEMENAG_TEST_DB") == "mariadb", s3=True)
    try:
        engine.start()
        yield engine
    finally:
        engine.stop()


@pytest.fixture(scope="session")
def blocks(stack):
    """Usage ids of the blocks the tests drive, read from the scenario pages."""
    return {
        "quiz": stack.usage_ids("kemenag_moderation_quiz.0")["kemenag_moderation_quiz"],
        "assignment": stack.usage_ids("kemenag_assignment.0")["kemenag_assignment"],
    }
