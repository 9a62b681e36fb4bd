"""Tables of the quiz (issue 3)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("kemenag_xblocks", "0001_initial")]

    operations = []
