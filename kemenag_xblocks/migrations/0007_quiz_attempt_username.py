"""The quiz attempt names its learner's username, so course staff's CSV has the same identity
columns as the assignment's (``username``, ``anonymous_id``), as the platform's own reports do."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("kemenag_xblocks", "0006_upload_session")]

    operations = [
        migrations.AddField(
            model_name="quizattempt",
            name="username",
            field=models.CharField(blank=True, default="", max_length=150),
        ),
    ]
