"""Report runs (kemenag_xblocks.common.reports): one row per long task, written before it is queued."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('kemenag_xblocks', '0009_resources'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportRun',
            fields=[
                ('id', models.CharField(help_text='unguessable token (hex); also the task id', max_length=32, primary_key=True, serialize=False)),
                ('kind', models.CharField(max_length=32)),
                ('scope', models.CharField(help_text="usage key, course key or 'platform'", max_length=255)),
                ('requested_by', models.BigIntegerField(help_text='auth user id of whoever asked', null=True)),
                ('arguments', models.JSONField(default=dict, help_text='ids and plain values only, never model instances')),
                ('path', models.CharField(db_index=True, help_text='storage path the file is written to (fixed up front)', max_length=512)),
                ('state', models.CharField(choices=[('pending', 'pending'), ('running', 'running'), ('retrying', 'retrying'), ('ready', 'ready'), ('failed', 'failed')], default='pending', max_length=16)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('error', models.TextField(blank=True, default='')),
                ('size', models.BigIntegerField(null=True)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('finished', models.DateTimeField(null=True)),
            ],
            options={
                'indexes': [models.Index(fields=['scope', 'kind', 'created'], name='kemenag_report_scope_kind')],
            },
        ),
    ]
