"""The plugin app's tables, on SQLite and (KEMENAG_TEST_DB=mariadb) on MariaDB."""

import os

import pytest
from django.db import connection

from kemenag_xblocks.common.models import AuditEntry, record

pytestmark = pytest.mark.django_db


def test_migrations_created_the_plugin_tables():
    assert "kemenag_xblocks_auditentry" in connection.introspection.table_names()


def test_record_keeps_who_what_and_the_old_and_new_values_with_unicode():
    entry = record(
        course_key="course-v1:Kemenag+MB101+2026",
        usage_key="block-v1:Kemenag+MB101+2026+type@kemenag_assignment+block@tugas",
        actor_id=7,
        action="grade_changed",
        subject="a" * 32,
        old={"score": 70, "feedback": "Cukup 👍"},
        new={"score": 85, "feedback": "Rencana aksi sudah konkret — bagus"},
    )
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.old_value["feedback"] == "Cukup 👍"
    assert stored.new_value["score"] == 85
    assert stored.created is not None


def test_entries_of_one_learner_in_one_block_come_newest_first():
    for score in (60, 75, 90):
        record(course_key="c", usage_key="u", action="grade_changed", subject="learner", new={"score": score})
    record(course_key="c", usage_key="u", action="grade_changed", subject="someone-else", new={"score": 1})
    scores = [e.new_value["score"] for e in AuditEntry.objects.filter(usage_key="u", subject="learner")]
    assert scores == [90, 75, 60]


def test_the_database_is_the_one_asked_for():
    """Guards the MariaDB layer against silently running on SQLite."""
    expected = "mysql" if os.environ.get("KEMENAG_TEST_DB") == "mariadb" else "sqlite"
    assert connection.vendor == expected
