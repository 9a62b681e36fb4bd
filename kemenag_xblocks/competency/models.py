"""The JP ledger: one row per learning achievement of one learner, across every course.

A row is either a course (recorded by the platform's events, keyed by the course key) or an
external training the learner reported (keyed by a generated id, waiting for staff to verify
it). Only ``recorded`` and ``verified`` rows count towards a learner's JP.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop as _


class CompetencyType(models.TextChoices):
    TEKNIS = "teknis", _("Technical")
    MANAJERIAL = "manajerial", _("Managerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Socio-cultural")


class LedgerEntry(models.Model):
    class Source(models.TextChoices):
        COURSE = "course", _("Course on this platform")
        EXTERNAL = "external", _("External training")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    COUNTED = (Status.RECORDED, Status.VERIFIED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kemenag_ledger")
    source = models.CharField(max_length=16, choices=Source.choices)
    source_key = models.CharField(max_length=255, help_text="course key, or a generated id for external training")
    title = models.CharField(max_length=255)
    organizer = models.CharField(max_length=255, blank=True, default="")
    jp = models.DecimalField(max_digits=6, decimal_places=2)
    competency_type = models.CharField(max_length=16, choices=CompetencyType.choices)
    completed_on = models.DateField()
    evidence_path = models.CharField(max_length=500, blank=True, default="")
    evidence_sha256 = models.CharField(max_length=64, blank=True, default="")
    evidence_name = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECORDED)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(blank=True, default="")
    reported_in = models.CharField(max_length=255, blank=True, default="", help_text="course key of the tracker used")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("-completed_on", "-id")
        constraints = [
            # A course counts once per learner, however many events announce it.
            models.UniqueConstraint(fields=("user", "source", "source_key"), name="kemenag_ledger_once_per_source"),
        ]
        indexes = [
            # One learner's summary: an index range, never a scan. Covers the summary's columns.
            models.Index(
                fields=("user", "completed_on", "status", "jp", "competency_type"), name="kemenag_ledger_user_date"
            ),
            # Staff queue of external trainings to verify.
            models.Index(fields=("status", "reported_in", "created"), name="kemenag_ledger_status_queue"),
            # Everyone credited for one course (cohort reports).
            models.Index(fields=("source_key", "status"), name="kemenag_ledger_source"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.title} {self.jp} JP {self.status}"

    @staticmethod
    def new_external_key():
        return f"ext-{uuid.uuid4().hex}"


class CourseCompetency(models.Model):
    """A course's JP value and competency type, as its author set them on the tracker block."""

    course_key = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=255, blank=True, default="")
    jp = models.DecimalField(max_digits=6, decimal_places=2)
    competency_type = models.CharField(max_length=16, choices=CompetencyType.choices)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "kemenag_xblocks"

    def __str__(self):
        return f"{self.course_key}: {self.jp} JP {self.competency_type}"


class CohortMember(models.Model):
    """A learner who opened the tracker in a course: the cohort staff see in that course."""

    course_key = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [models.UniqueConstraint(fields=("course_key", "user"), name="kemenag_cohort_once")]

    def __str__(self):
        return f"{self.course_key}: {self.user_id}"


class WorkUnit(models.Model):
    """A ministry work unit (satuan kerja), for the platform-wide compliance report."""

    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("code",)

    def __str__(self):
        return f"{self.code} {self.name}"


class WorkUnitMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="kemenag_work_unit"
    )
    work_unit = models.ForeignKey(WorkUnit, on_delete=models.CASCADE, related_name="members")

    class Meta:
        app_label = "kemenag_xblocks"

    def __str__(self):
        return f"{self.user_id} in {self.work_unit_id}"


def new_verification_code():
    # 10 characters from an alphabet without look-alikes (0/O, 1/I), easy to read out or type.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Transcript(models.Model):
    """One issued JP transcript: what it said, so staff can check a printed copy by its code."""

    code = models.CharField(max_length=16, unique=True, default=new_verification_code)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(help_text="the figures and trainings printed on the transcript")

    class Meta:
        app_label = "kemenag_xblocks"

    def __str__(self):
        return f"{self.code} for {self.user_id}"
