"""Submission rows on SQLite and MariaDB: one per learner and block, transitions under a lock."""

import pytest
from django.db import IntegrityError, transaction

from kemenag_xblocks.assignment import submission_store
from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
from kemenag_xblocks.common.uploads import StoredFile, UploadPolicy, UploadRefused
from kemenag_xblocks.common.user import CurrentUser

pytestmark = pytest.mark.django_db

LEARNER = CurrentUser(user_id=7, username="ani", anonymous_id="a" * 32, full_name="Ani", is_staff=False, role="student")
POLICY = UploadPolicy(extensions=frozenset({"pdf"}), max_bytes=1024, max_files=2)


def stored(n):
    return StoredFile(path=f"p/{n}.pdf", display_name=f"{n}.pdf", size=10, sha256=str(n) * 64, mime="application/pdf")


def test_one_submission_per_learner_and_block():
    first = submission_store.get_or_create("course", "block-1", LEARNER)
    assert submission_store.get_or_create("course", "block-1", LEARNER).pk == first.pk
    assert submission_store.get_or_create("course", "block-2", LEARNER).pk != first.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentSubmission.objects.create(course_key="course", usage_key="block-1", anonymous_id=LEARNER.anonymous_id)


def test_file_count_is_enforced_under_the_lock():
    submission = submission_store.get_or_create("course", "block", LEARNER)
    submission_store.add_file(submission, stored(1), POLICY)
    submission_store.add_file(submission, stored(2), POLICY)
    with pytest.raises(UploadRefused):
        submission_store.add_file(submission, stored(3), POLICY)
    assert AssignmentFile.objects.count() == 2


def test_transitions_check_where_they_start_from():
    submission = submission_store.get_or_create("course", "block", LEARNER)
    with pytest.raises(submission_store.TransitionError):
        submission_store.grade(submission, score=1, rubric_levels={}, feedback="", actor_id=1)
    submission_store.add_file(submission, stored(1), POLICY)
    import django.utils.timezone as tz

    submitted = submission_store.submit(submission, now=tz.now(), is_late=False)
    with pytest.raises(submission_store.TransitionError) as caught:
        submission_store.submit(submitted, now=tz.now(), is_late=False)
    assert caught.value.code == "already_submitted"
    with pytest.raises(submission_store.TransitionError):
        submission_store.add_file(submitted, stored(2), POLICY)
    graded = submission_store.grade(submitted, score=5, rubric_levels={"0": 1}, feedback="ok", actor_id=1)
    assert graded.status == "graded" and graded.rubric_levels == {"0": 1}
    returned = submission_store.return_for_revision(graded, feedback="", actor_id=1)
    assert returned.status == "returned" and returned.feedback == "ok" and returned.score == 5
