"""Tables of the quiz (issue 3): attempts with their dimension and item scores, band counts, counters."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("kemenag_xblocks", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="QuizCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("usage_key", models.CharField(max_length=255, unique=True)),
                ("started", models.IntegerField(default=0)),
                ("submitted", models.IntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="QuizAttempt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("course_key", models.CharField(max_length=255)),
                ("usage_key", models.CharField(max_length=255)),
                ("url_name", models.CharField(max_length=255)),
                ("anonymous_id", models.CharField(max_length=64)),
                ("number", models.PositiveIntegerField(help_text="1 for the first attempt")),
                ("started", models.DateTimeField()),
                ("deadline", models.DateTimeField(blank=True, null=True)),
                ("submitted", models.DateTimeField(blank=True, null=True)),
                ("answers", models.JSONField(default=dict)),
                ("overall", models.FloatField(blank=True, null=True)),
                ("category", models.CharField(blank=True, default="", max_length=100)),
                ("is_latest", models.BooleanField(default=False)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["course_key", "url_name", "is_latest"], name="kemenag_quiz_by_url_name"),
                    models.Index(fields=["usage_key", "is_latest"], name="kemenag_quiz_latest"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("usage_key", "anonymous_id", "number"), name="kemenag_quiz_attempt_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="QuizBandCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("usage_key", models.CharField(max_length=255)),
                ("dimension", models.CharField(blank=True, default="", max_length=100)),
                ("band_min", models.FloatField()),
                ("count", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("usage_key", "dimension", "band_min"), name="kemenag_quiz_band_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="QuizDimensionScore",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("dimension", models.CharField(max_length=100)),
                ("index", models.FloatField()),
                ("band_min", models.FloatField()),
                ("item_sum", models.FloatField(help_text="sum of the item scores: the total Cronbach's alpha needs")),
                ("item_count", models.PositiveIntegerField()),
                (
                    "attempt",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dimension_scores",
                        to="kemenag_xblocks.quizattempt",
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("attempt", "dimension"), name="kemenag_quiz_dim_once")],
            },
        ),
        migrations.CreateModel(
            name="QuizItemScore",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("item_id", models.CharField(max_length=100)),
                ("dimension", models.CharField(max_length=100)),
                ("score", models.FloatField()),
                (
                    "rest",
                    models.FloatField(
                        help_text="sum of the other items of the dimension, for the item-rest correlation"
                    ),
                ),
                (
                    "attempt",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="item_scores",
                        to="kemenag_xblocks.quizattempt",
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("attempt", "item_id"), name="kemenag_quiz_item_once")],
            },
        ),
    ]
