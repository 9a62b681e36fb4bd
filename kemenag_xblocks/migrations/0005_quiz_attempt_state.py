"""The quiz keeps each attempt's whole state on its row and scores it against a stored version."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("kemenag_xblocks", "0004_competency"),
    ]

    operations = [
        migrations.CreateModel(
            name="QuizDefinition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("definition", models.JSONField()),
                ("created", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.AddField(
            model_name="quizattempt",
            name="definition",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="quizattempt",
            name="paper",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="quizattempt",
            name="result",
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name="quizattempt",
            name="revision",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="quizdimensionscore",
            name="attempt",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="dimension_scores",
                to="kemenag_xblocks.quizattempt",
            ),
        ),
        migrations.AlterField(
            model_name="quizitemscore",
            name="attempt",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="item_scores",
                to="kemenag_xblocks.quizattempt",
            ),
        ),
    ]
