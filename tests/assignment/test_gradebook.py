"""Grades reach the *learner's* gradebook entry in the LMS, through the grades app's signal.

The LMS is not installed here: a stand-in ``lms.djangoapps.grades.api.signals`` module with a real
Django ``Signal`` is put in ``sys.modules``, as ``gradebook._lms_signal`` would find the real one.
"""

import sys
import types

import pytest
from django.contrib.auth import get_user_model
from django.dispatch import Signal

from kemenag_xblocks.assignment.models import AssignmentSubmission
from kemenag_xblocks.common.models import AuditEntry
from tests.assignment import samples


@pytest.fixture
def lms_score_published(monkeypatch):
    """Install a fake grades API; returns the keyword arguments of every ``SCORE_PUBLISHED`` sent."""
    signal = Signal()
    sent = []
    signal.connect(lambda sender, **kwargs: sent.append(kwargs), weak=False)
    signals = types.ModuleType("lms.djangoapps.grades.api.signals")
    signals.SCORE_PUBLISHED = signal
    api = types.ModuleType("lms.djangoapps.grades.api")
    api.signals = signals
    for name in ("lms", "lms.djangoapps", "lms.djangoapps.grades"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "lms.djangoapps.grades.api", api)
    monkeypatch.setitem(sys.modules, "lms.djangoapps.grades.api.signals", signals)
    return sent


def grade(calls, submission, score, feedback=""):
    response = calls.form("staff", "grade", {"submission_id": submission.pk, "score": score, "feedback": feedback})
    assert response.status_code == 200, response.content
    return response


def test_a_grade_is_sent_for_the_learner_not_the_grader(calls, lms_score_published, published):
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    grade(calls, submission, "32,5")
    [sent] = lms_score_published
    learner = get_user_model().objects.get(username="student_1")
    assert sent["user"] == learner and sent["user"].pk != calls.block("staff").user.user_id
    assert (sent["raw_earned"], sent["raw_possible"]) == (32.5, 40.0)
    assert sent["only_if_higher"] is False and sent["score_deleted"] is False
    assert str(sent["block"].scope_ids.usage_id) == submission.usage_key
    assert not published, "inside the LMS the runtime's publish (which credits the grader) is not used"


def test_a_lower_grade_later_is_sent_again_and_audited(calls, lms_score_published):
    calls.hand_in("student_1")
    submission = AssignmentSubmission.objects.get()
    grade(calls, submission, "32,5")
    grade(calls, submission, "20", feedback="Setelah ditinjau ulang.")
    assert [s["raw_earned"] for s in lms_score_published] == [32.5, 20.0]
    # Without only_if_higher=False the LMS would keep 32.5: a regrade must be able to lower a score.
    assert all(s["only_if_higher"] is False for s in lms_score_published)
    first, second = AuditEntry.objects.filter(subject=submission.anonymous_id).order_by("id")
    assert (first.action, second.action) == ("assignment.grade", "assignment.regrade")
    assert second.old_value["score"] == 32.5 and second.new_value["score"] == 20
    assert second.new_value["feedback"] == "Setelah ditinjau ulang."
    assert second.actor_id == calls.block("staff").user.user_id and second.created >= first.created


def test_imported_grades_are_sent_for_each_learner(calls, lms_score_published):
    calls.hand_in("student_1")
    calls.hand_in("student_2")
    sheet = b"username,score\nstudent_1,10\nstudent_2,\n"
    response = calls.form("staff", "import_grades", {"file": samples.upload("nilai.csv", sheet)})
    assert response.status_code == 200
    [sent] = lms_score_published
    assert sent["user"].username == "student_1" and sent["raw_earned"] == 10.0


def test_a_refused_grade_sends_nothing(calls, lms_score_published):
    calls.hand_in("student_1")
    response = calls.form("staff", "grade", {"submission_id": AssignmentSubmission.objects.get().pk, "score": "99"})
    assert response.status_code == 400 and not lms_score_published
    assert not AuditEntry.objects.filter(action__startswith="assignment.").exists()
