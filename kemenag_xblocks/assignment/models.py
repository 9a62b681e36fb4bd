"""Per-learner hand-ins of the assignment block: one submission row per (block, learner), its files.

Kept in the plugin app rather than in XBlock user state so that staff can list, filter and
export tens of thousands of submissions with one query each.
"""

from django.db import models


class AssignmentSubmission(models.Model):
    DRAFT, SUBMITTED, GRADED, RETURNED = "draft", "submitted", "graded", "returned"
    STATUSES = [(s, s) for s in (DRAFT, SUBMITTED, GRADED, RETURNED)]

    course_key = models.CharField(max_length=255, db_index=True)
    usage_key = models.CharField(max_length=255)
    anonymous_id = models.CharField(max_length=64)
    user_id = models.BigIntegerField(null=True, help_text="auth user id, to publish grades for this learner")
    username = models.CharField(max_length=150, blank=True, default="")
    full_name = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=16, choices=STATUSES, default=DRAFT)
    is_late = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    attempt = models.PositiveIntegerField(default=0, help_text="how many times the work was handed in")
    score = models.FloatField(null=True, blank=True, help_text="points out of the block's weight")
    rubric_levels = models.JSONField(default=dict, blank=True, help_text="criterion index -> level index")
    feedback = models.TextField(blank=True, default="")
    graded_by = models.BigIntegerField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    annotated_path = models.CharField(max_length=512, blank=True, default="")
    annotated_name = models.CharField(max_length=255, blank=True, default="")
    annotated_mime = models.CharField(max_length=128, blank=True, default="")
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "kemenag_xblocks"
        constraints = [
            models.UniqueConstraint(fields=("usage_key", "anonymous_id"), name="kemenag_assignment_one_per_learner")
        ]
        indexes = [models.Index(fields=("usage_key", "status"), name="kemenag_assignment_status")]

    def __str__(self):
        return f"{self.usage_key} {self.anonymous_id} {self.status}"


class AssignmentFile(models.Model):
    submission = models.ForeignKey(AssignmentSubmission, related_name="files", on_delete=models.CASCADE)
    path = models.CharField(max_length=512)
    display_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    mime = models.CharField(max_length=128)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("uploaded_at", "id")

    def __str__(self):
        return self.display_name
