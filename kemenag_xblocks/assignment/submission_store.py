"""Reading and changing hand-ins: every state change in one transaction, on a locked row.

Learners upload and hand in concurrently with staff grading; each transition locks the learner's
row (``select_for_update``) and checks the status it starts from, so a double click or a grade
racing a withdrawal cannot leave a half-changed submission.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from kemenag_xblocks.assignment import rules
from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
from kemenag_xblocks.common.models import AuditEntry, record
from kemenag_xblocks.common.uploads import open_storage


class TransitionError(Exception):
    """The submission is not in a state that allows this; ``code`` says which rule refused."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def find(usage_key, anonymous_id):
    return AssignmentSubmission.objects.filter(usage_key=str(usage_key), anonymous_id=anonymous_id).first()


def get_or_create(course_key, usage_key, user):
    """The learner's row, created on first use (two concurrent first uploads share one row)."""
    defaults = {
        "course_key": str(course_key),
        "user_id": user.user_id,
        "username": user.username,
        "full_name": user.full_name,
    }
    try:
        submission, _created = AssignmentSubmission.objects.get_or_create(
            usage_key=str(usage_key), anonymous_id=user.anonymous_id, defaults=defaults
        )
    except IntegrityError:
        submission = AssignmentSubmission.objects.get(usage_key=str(usage_key), anonymous_id=user.anonymous_id)
    return submission


def _locked(submission_id):
    return AssignmentSubmission.objects.select_for_update().get(pk=submission_id)


def add_file(submission, stored, policy):
    """Attach a stored file to an editable submission, enforcing the file count under the lock."""
    with transaction.atomic():
        locked = _locked(submission.pk)
        if not rules.can_edit_files(locked.status):
            raise TransitionError("read_only")
        policy.check_count(locked.files.count())
        return AssignmentFile.objects.create(
            submission=locked,
            path=stored.path,
            display_name=stored.display_name,
            size=stored.size,
            sha256=stored.sha256,
            mime=stored.mime,
        )


def discard_if_unused(path, storage_alias=None):
    """Delete a stored object no row refers to any more (content-addressed files can be shared)."""
    if path and not AssignmentFile.objects.filter(path=path).exists():
        storage = open_storage(storage_alias)
        if storage.exists(path):
            storage.delete(path)


def remove_file(submission, file_id):
    with transaction.atomic():
        locked = _locked(submission.pk)
        if not rules.can_edit_files(locked.status):
            raise TransitionError("read_only")
        row = locked.files.filter(pk=file_id).first()
        if row is None:
            raise TransitionError("no_such_file")
        path = row.path
        row.delete()
    discard_if_unused(path)
    return path


def submit(submission, *, now, is_late):
    with transaction.atomic():
        locked = _locked(submission.pk)
        if not rules.can_edit_files(locked.status):
            raise TransitionError("already_submitted")
        if not locked.files.exists():
            raise TransitionError("no_files")
        locked.status = rules.SUBMITTED
        locked.is_late = is_late
        locked.submitted_at = now
        locked.attempt += 1
        locked.save()
    return locked


def grade_snapshot(submission):
    return {
        "status": submission.status,
        "score": submission.score,
        "rubric_levels": submission.rubric_levels,
        "feedback": submission.feedback,
        "annotated": submission.annotated_name,
    }


def grade(submission, *, score, rubric_levels, feedback, actor_id, annotated=None):
    """Record a grade (first or changed) with an audit entry holding the old and new values."""
    with transaction.atomic():
        locked = _locked(submission.pk)
        if locked.status not in (rules.SUBMITTED, rules.GRADED):
            raise TransitionError("not_submitted")
        old = grade_snapshot(locked)
        previous_annotated = locked.annotated_path
        locked.status = rules.GRADED
        locked.score = score
        locked.rubric_levels = rubric_levels or {}
        locked.feedback = feedback
        locked.graded_by = actor_id
        locked.graded_at = timezone.now()
        if annotated is not None:
            locked.annotated_path, locked.annotated_name, locked.annotated_mime = (
                annotated.path,
                annotated.display_name,
                annotated.mime,
            )
        locked.save()
        record(
            course_key=locked.course_key,
            usage_key=locked.usage_key,
            actor_id=actor_id,
            action="assignment.grade" if old["score"] is None else "assignment.regrade",
            subject=locked.anonymous_id,
            old=old,
            new=grade_snapshot(locked),
        )
    if annotated is not None and previous_annotated and previous_annotated != annotated.path:
        _discard_annotation(previous_annotated)
    return locked


def _discard_annotation(path):
    if not AssignmentSubmission.objects.filter(annotated_path=path).exists():
        discard_if_unused(path)


def return_for_revision(submission, *, feedback, actor_id):
    """Give the work back: files become editable again; the previous grade stays recorded."""
    with transaction.atomic():
        locked = _locked(submission.pk)
        if locked.status not in (rules.SUBMITTED, rules.GRADED):
            raise TransitionError("not_submitted")
        old = grade_snapshot(locked)
        locked.status = rules.RETURNED
        if feedback:
            locked.feedback = feedback
        locked.save()
        record(
            course_key=locked.course_key,
            usage_key=locked.usage_key,
            actor_id=actor_id,
            action="assignment.return",
            subject=locked.anonymous_id,
            old=old,
            new=grade_snapshot(locked),
        )
    return locked


def history(submission):
    """The audit entries of one learner's hand-in (grades, regrades, returns), oldest first."""
    return AuditEntry.objects.filter(
        usage_key=submission.usage_key, subject=submission.anonymous_id, action__startswith="assignment."
    ).order_by("created", "id")


def for_block(usage_key, status=None):
    """Every hand-in of one block (optionally one display status), files prefetched, for staff."""
    rows = AssignmentSubmission.objects.filter(usage_key=str(usage_key)).prefetch_related("files")
    if status == rules.LATE:
        rows = rows.filter(status=rules.SUBMITTED, is_late=True)
    elif status == rules.SUBMITTED:
        rows = rows.filter(status=rules.SUBMITTED, is_late=False)
    elif status:
        rows = rows.filter(status=status)
    return rows.order_by("username", "id")
