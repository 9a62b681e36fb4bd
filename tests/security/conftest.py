"""Fixtures of the security tests: an LMS-like anonymous visitor, and a course where a learner has
already used every block (so there is something of theirs for others to try to reach)."""

import os
from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.assignment import samples
from tests.security.support import (
    ANONYMOUS,
    BLOCK_TAGS,
    LEARNER,
    STAFF,
    ReplyCaller,
    block_xml,
    ensure_users,
    upload_file,
)
from tests.support.quiz_tokens import tokenized

# Examples per fuzzed handler. Moderate by default so the folder runs in well under a minute on two
# cores; ``KEMENAG_FUZZ_EXAMPLES=500`` explores further. Derandomised and without an example
# database: every run (and CI) tries the same payloads, and nothing is written to the tree.
FUZZ_EXAMPLES = int(os.environ.get("KEMENAG_FUZZ_EXAMPLES", "12"))
hypothesis_settings.register_profile(
    "kemenag-security",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


@pytest.fixture(autouse=True)
def lms_anonymous(monkeypatch):
    """The student id ``anonymous`` gets what the LMS gives a visitor who is not signed in: a user
    service user without attributes and no anonymous student id (the workbench would invent both)."""
    from workbench.runtime import WorkbenchRuntime
    from xblock.reference.user_service import XBlockUser

    from demo.services import DemoUserService

    real = DemoUserService.get_current_user

    def get_current_user(service):
        if str(getattr(service.runtime, "user_id", "")) == ANONYMOUS:
            return XBlockUser(is_current_user=False)
        return real(service)

    monkeypatch.setattr(DemoUserService, "get_current_user", get_current_user)
    dummy = WorkbenchRuntime.anonymous_student_id
    monkeypatch.setattr(
        WorkbenchRuntime,
        "anonymous_student_id",
        property(lambda runtime: None if str(runtime.user_id) == ANONYMOUS else dummy),
        raising=False,
    )


@dataclass
class World:
    """The three blocks after the learner used them; ids of what is theirs."""

    quiz: ReplyCaller
    assignment: ReplyCaller
    competency: ReplyCaller
    resources: ReplyCaller = None
    file_id: int = 0
    submission_id: int = 0
    entry_id: int = 0
    transcript_code: str = ""
    upload_id: str = ""
    callers: dict = None  # every block of the package (its xblock.v1 entry points), by tag

    def caller(self, tag):
        return self.callers[tag]


def ok(reply):
    assert 200 <= reply.status < 300, (reply.status, reply.content[:300])
    return reply.json


@pytest.fixture
def world(client, scenario, settings, tmp_path):
    """Quiz: one submitted attempt and an open one. Assignment: work handed in, graded with an
    annotated file. Competency: an external training reported with its certificate, a transcript.

    Storage is a fresh folder per test, so a before/after walk sees this test's files only."""
    settings.LANGUAGE_CODE = "en"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    ensure_users()
    units = {tag: ReplyCaller(client, scenario(block_xml(tag))) for tag in BLOCK_TAGS}
    built = World(
        quiz=units["kemenag_moderation_quiz"],
        assignment=units["kemenag_assignment"],
        competency=units["kemenag_competency"],
        resources=units["kemenag_resources"],
        callers=units,
    )
    # Sumber Belajar: the learner read the book and kept the article on their own list.
    ok(built.resources.call(LEARNER, "mark_read", json_body={"item": "buku"}))
    ok(built.resources.call(LEARNER, "bookmark", json_body={"item": "jurnal"}))

    quiz = built.quiz
    ok(quiz.call(LEARNER, "start_attempt", json_body={}))
    ok(quiz.call(LEARNER, "submit", json_body={"answers": tokenized({"kk1": 4, "t1": "b"}, LEARNER)}))
    ok(quiz.call(LEARNER, "start_attempt", json_body={}))
    ok(quiz.call(LEARNER, "save_answers", json_body={"answers": tokenized({"kk1": 2}, LEARNER)}))

    assignment = built.assignment
    state = ok(assignment.call(LEARNER, "upload", form={"file": upload_file("rencana.pdf", samples.pdf())}))
    built.file_id = state["files"][0]["id"]
    ok(assignment.call(LEARNER, "submit", json_body={"confirm": True}))
    from kemenag_xblocks.assignment.models import AssignmentSubmission

    built.submission_id = AssignmentSubmission.objects.get().pk
    ok(
        assignment.call(
            STAFF,
            "grade",
            form={
                "submission_id": built.submission_id,
                "score": "30",
                "feedback": "Baik",
                "annotated": upload_file("catatan.pdf", samples.pdf("catatan")),
            },
        )
    )

    competency = built.competency
    ok(
        competency.call(
            LEARNER,
            "report_training",
            form={
                "title": "Bimtek Arsip Rahasia Peserta A",
                "organizer": "BDK Jakarta",
                "jp": "8",
                "competency_type": "teknis",
                "completed_on": timezone.localdate().isoformat(),
                "certificate_number": "BDK-JKT/2026/0042",
                "evidence": upload_file("sertifikat.pdf", samples.pdf("sertifikat")),
            },
        )
    )
    from kemenag_xblocks.competency.models import LedgerEntry, Transcript

    built.entry_id = LedgerEntry.objects.get().pk
    # The learner's unit, whose HR officer is the staff user: who verifies external trainings (0004).
    from tests.competency.officers import make_officer

    make_officer(STAFF, LEARNER)
    assert competency.call(LEARNER, "transcript", method="GET").status == 200
    built.transcript_code = Transcript.objects.get().code
    return built
