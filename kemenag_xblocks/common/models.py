"""An audit trail that every block writes to: who changed what, when, from which value to which.

Grades changed after publication, returned work and verified trainings are all
accountable acts in a ministry's records; one table keeps them queryable together.
"""

from django.db import models


class AuditEntry(models.Model):
    course_key = models.CharField(max_length=255, db_index=True)
    usage_key = models.CharField(max_length=255, blank=True, default="")
    actor_id = models.BigIntegerField(null=True, help_text="auth user id of whoever acted")
    action = models.CharField(max_length=64)
    subject = models.CharField(max_length=255, blank=True, default="", help_text="whom it concerns (anonymous id)")
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        app_label = "kemenag_xblocks"
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=("usage_key", "subject"), name="kemenag_audit_usage_subject")]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.subject} by {self.actor_id}"


def record(*, course_key, usage_key="", actor_id=None, action, subject="", old=None, new=None):
    """Append one entry; entries are never updated or deleted by the application."""
    return AuditEntry.objects.create(
        course_key=str(course_key),
        usage_key=str(usage_key),
        actor_id=actor_id,
        action=action,
        subject=subject,
        old_value=old,
        new_value=new,
    )


class UploadSession(models.Model):
    """A resumable upload in progress (``kemenag_xblocks.common.chunked``): what was declared, what arrived.

    The chunks themselves live in storage under ``folder``; the row is deleted (with them) when the
    file is finished, cancelled, refused or abandoned.
    """

    id = models.CharField(primary_key=True, max_length=32, help_text="unguessable token (hex)")
    course_key = models.CharField(max_length=255)
    usage_key = models.CharField(max_length=255)
    owner = models.CharField(max_length=255, help_text="anonymous id of the learner uploading")
    display_name = models.CharField(max_length=255)
    size = models.BigIntegerField(help_text="declared size in bytes")
    sha256 = models.CharField(max_length=64, help_text="declared SHA-256 of the whole file")
    chunk_size = models.PositiveIntegerField()
    received = models.BigIntegerField(default=0, help_text="bytes confirmed, in order from the start")
    folder = models.CharField(max_length=255, help_text="storage folder holding the chunks")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        app_label = "kemenag_xblocks"
        indexes = [models.Index(fields=("usage_key", "owner"), name="kemenag_upload_usage_owner")]

    def __str__(self):
        return f"{self.display_name} {self.received}/{self.size} ({self.owner})"
