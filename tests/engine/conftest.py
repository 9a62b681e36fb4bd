"""One engine stack per session: gunicorn (2 processes), a Celery worker process over Redis,
moto's S3 server behind django-storages, and the demo's data in a MariaDB database of its own
(reached through a proxy the tests can make refuse connections)."""

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


def pytest_collection_modifyitems(items):
    """The engine stack runs in the MariaDB layer (as the platform runs on MySQL), the demo's own
    tests in the SQLite layer (as ``make demo`` runs): each once per ``make test``."""
    mariadb = os.environ.get("KEMENAG_TEST_DB") == "mariadb"
    for item in items:
        path = str(item.fspath)
        if "tests/engine/" not in path:
            continue
        if path.endswith("test_demo.py"):
            if mariadb:
                item.add_marker(pytest.mark.skip(reason="the demo runs on SQLite: tested in the SQLite layer"))
        elif not mariadb:
            item.add_marker(
                pytest.mark.skip(reason="the engine stack runs in the MariaDB layer (KEMENAG_TEST_DB=mariadb)")
            )
