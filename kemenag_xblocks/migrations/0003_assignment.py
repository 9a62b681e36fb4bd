"""Tables of the assignment (issue 4)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("kemenag_xblocks", "0002_quiz")]

    operations = []
