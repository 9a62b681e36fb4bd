"""Catalogue search on MariaDB/MySQL (issue 20): the token table's word index ordered by field then
record, and the term table (each word with its record counts), filled from the token rows."""

from django.db import migrations, models

from kemenag_xblocks.resources import search


class Migration(migrations.Migration):

    dependencies = [
        ('kemenag_xblocks', '0010_engine_report_run'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='resourcetoken',
            name='kemenag_token_word',
        ),
        migrations.AddIndex(
            model_name='resourcetoken',
            index=models.Index(fields=['token', 'in_title', 'record'], name='kemenag_token_walk'),
        ),
        migrations.CreateModel(
            name='ResourceTerm',
            fields=[
                ('token', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('records', models.IntegerField(default=0)),
                ('titles', models.IntegerField(default=0)),
            ],
        ),
        migrations.RunPython(
            lambda apps, schema_editor: search.count_terms(schema_editor.connection),
            migrations.RunPython.noop,
        ),
    ]
