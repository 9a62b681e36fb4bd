"""Resumable uploads in progress (kemenag_xblocks.common.chunked)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("kemenag_xblocks", "0005_quiz_attempt_state")]

    operations = [
        migrations.CreateModel(
            name="UploadSession",
            fields=[
                (
                    "id",
                    models.CharField(
                        help_text="unguessable token (hex)", max_length=32, primary_key=True, serialize=False
                    ),
                ),
                ("course_key", models.CharField(max_length=255)),
                ("usage_key", models.CharField(max_length=255)),
                ("owner", models.CharField(help_text="anonymous id of the learner uploading", max_length=255)),
                ("display_name", models.CharField(max_length=255)),
                ("size", models.BigIntegerField(help_text="declared size in bytes")),
                ("sha256", models.CharField(help_text="declared SHA-256 of the whole file", max_length=64)),
                ("chunk_size", models.PositiveIntegerField()),
                (
                    "received",
                    models.BigIntegerField(default=0, help_text="bytes confirmed, in order from the start"),
                ),
                ("folder", models.CharField(help_text="storage folder holding the chunks", max_length=255)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("updated", models.DateTimeField(auto_now=True, db_index=True)),
            ],
            options={
                "indexes": [models.Index(fields=["usage_key", "owner"], name="kemenag_upload_usage_owner")],
            },
        ),
    ]
