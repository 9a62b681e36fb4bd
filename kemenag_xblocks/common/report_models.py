"""One row per long-running report (an export, an archive): the truth about where it stands.

The row is written before the task is queued, so a report the broker lost, a worker that died
or a task that failed for good is still visible to the user who asked (no silent loss).
"""

from django.db import models


class ReportRun(models.Model):
    PENDING, RUNNING, RETRYING, READY, FAILED = "pending", "running", "retrying", "ready", "failed"
    STATES = [(s, s) for s in (PENDING, RUNNING, RETRYING, READY, FAILED)]

    id = models.CharField(max_length=32, primary_key=True, help_text="unguessable token (hex); also the task id")
    kind = models.CharField(max_length=32)
    scope = models.CharField(max_length=255, help_text="usage key, course key or 'platform'")
    requested_by = models.BigIntegerField(null=True, help_text="auth user id of whoever asked")
    arguments = models.JSONField(default=dict, help_text="ids and plain values only, never model instances")
    path = models.CharField(
        max_length=512, db_index=True, help_text="storage path the file is written to (fixed up front)"
    )
    state = models.CharField(max_length=16, choices=STATES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    size = models.BigIntegerField(null=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True)

    class Meta:
        app_label = "kemenag_xblocks"
        indexes = [models.Index(fields=("scope", "kind", "created"), name="kemenag_report_scope_kind")]

    def __str__(self):
        return f"{self.kind} {self.id} {self.state}"
