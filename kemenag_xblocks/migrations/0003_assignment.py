"""Tables of the assignment (issue 4)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("kemenag_xblocks", "0002_quiz")]

    operations = [
        migrations.CreateModel(
            name="AssignmentSubmission",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("course_key", models.CharField(db_index=True, max_length=255)),
                ("usage_key", models.CharField(max_length=255)),
                ("anonymous_id", models.CharField(max_length=64)),
                (
                    "user_id",
                    models.BigIntegerField(help_text="auth user id, to publish grades for this learner", null=True),
                ),
                ("username", models.CharField(blank=True, default="", max_length=150)),
                ("full_name", models.CharField(blank=True, default="", max_length=255)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("submitted", "submitted"),
                            ("graded", "graded"),
                            ("returned", "returned"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
                ("is_late", models.BooleanField(default=False)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                (
                    "attempt",
                    models.PositiveIntegerField(default=0, help_text="how many times the work was handed in"),
                ),
                (
                    "score",
                    models.FloatField(blank=True, help_text="points out of the block's weight", null=True),
                ),
                (
                    "rubric_levels",
                    models.JSONField(blank=True, default=dict, help_text="criterion index -> level index"),
                ),
                ("feedback", models.TextField(blank=True, default="")),
                ("graded_by", models.BigIntegerField(blank=True, null=True)),
                ("graded_at", models.DateTimeField(blank=True, null=True)),
                ("annotated_path", models.CharField(blank=True, default="", max_length=512)),
                ("annotated_name", models.CharField(blank=True, default="", max_length=255)),
                ("annotated_mime", models.CharField(blank=True, default="", max_length=128)),
                ("modified", models.DateTimeField(auto_now=True)),
            ],
            options={
                "indexes": [models.Index(fields=["usage_key", "status"], name="kemenag_assignment_status")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("usage_key", "anonymous_id"), name="kemenag_assignment_one_per_learner"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="AssignmentFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("path", models.CharField(max_length=512)),
                ("display_name", models.CharField(max_length=255)),
                ("size", models.BigIntegerField()),
                ("sha256", models.CharField(max_length=64)),
                ("mime", models.CharField(max_length=128)),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="kemenag_xblocks.assignmentsubmission",
                    ),
                ),
            ],
            options={"ordering": ("uploaded_at", "id")},
        ),
    ]
