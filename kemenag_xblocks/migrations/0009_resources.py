"""Sumber Belajar (kemenag_resources): OAI-PMH sources, harvest runs, records with a full-text index,
reading activity and bookmarks."""

import django.db.models.deletion
from django.db import migrations, models

from kemenag_xblocks.resources import search


class Migration(migrations.Migration):

    dependencies = [
        ('kemenag_xblocks', '0008_hr_people'),
    ]

    operations = [
        migrations.CreateModel(
            name='ResourceSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('base_url', models.URLField(max_length=500, verbose_name='OAI-PMH base URL')),
                ('set_spec', models.CharField(blank=True, default='', max_length=200, verbose_name='set')),
                ('metadata_prefix', models.CharField(default='oai_dc', max_length=50, verbose_name='metadata prefix')),
                ('enabled', models.BooleanField(default=True, verbose_name='harvest automatically')),
                ('timeout_seconds', models.FloatField(default=30, verbose_name='timeout per request (seconds)')),
                ('max_retries', models.PositiveSmallIntegerField(default=2, verbose_name='retries per request')),
                ('harvested_until', models.CharField(blank=True, default='', max_length=32)),
                ('created', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'learning resource source (OAI-PMH)',
                'verbose_name_plural': 'learning resource sources (OAI-PMH)',
            },
        ),
        migrations.CreateModel(
            name='Bookmark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('owner', models.CharField(help_text='u:<user id>, else a:<anonymous id>', max_length=80)),
                ('item_key', models.CharField(help_text="SHA-256 of the item's identifier or URL", max_length=64)),
                ('title', models.TextField()),
                ('creators', models.TextField(blank=True, default='')),
                ('year', models.CharField(blank=True, default='', max_length=8)),
                ('url', models.CharField(blank=True, default='', max_length=1000)),
                ('course_key', models.CharField(blank=True, default='', max_length=255)),
                ('usage_key', models.CharField(blank=True, default='', max_length=255)),
                ('created', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ('-created', '-id'),
                'constraints': [models.UniqueConstraint(fields=('owner', 'item_key'), name='kemenag_bookmark_once')],
            },
        ),
        migrations.CreateModel(
            name='ReadingActivity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(db_index=True, max_length=255)),
                ('usage_key', models.CharField(max_length=255)),
                ('item_id', models.CharField(max_length=32)),
                ('anonymous_id', models.CharField(max_length=64)),
                ('user_id', models.BigIntegerField(blank=True, null=True)),
                ('username', models.CharField(blank=True, default='', max_length=150)),
                ('opened', models.PositiveIntegerField(default=0)),
                ('first_opened', models.DateTimeField(blank=True, null=True)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'indexes': [models.Index(fields=['usage_key', 'item_id'], name='kemenag_reading_item')],
                'constraints': [models.UniqueConstraint(fields=('usage_key', 'anonymous_id', 'item_id'), name='kemenag_reading_once_per_item')],
            },
        ),
        migrations.CreateModel(
            name='HarvestRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started', models.DateTimeField(auto_now_add=True)),
                ('finished', models.DateTimeField(blank=True, null=True)),
                ('status', models.CharField(choices=[('running', 'running'), ('succeeded', 'succeeded'), ('failed', 'failed')], default='running', max_length=16)),
                ('harvest_from', models.CharField(blank=True, default='', max_length=32)),
                ('pages', models.PositiveIntegerField(default=0)),
                ('added', models.PositiveIntegerField(default=0)),
                ('updated', models.PositiveIntegerField(default=0)),
                ('deleted', models.PositiveIntegerField(default=0)),
                ('skipped', models.PositiveIntegerField(default=0, help_text='records without a title or identifier')),
                ('error', models.TextField(blank=True, default='')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='runs', to='kemenag_xblocks.resourcesource')),
            ],
            options={
                'verbose_name': 'harvest run',
                'verbose_name_plural': 'harvest runs',
                'ordering': ('-started', '-id'),
            },
        ),
        migrations.CreateModel(
            name='ResourceRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('identifier', models.CharField(help_text='the OAI identifier', max_length=255)),
                ('datestamp', models.CharField(blank=True, default='', max_length=32)),
                ('deleted', models.BooleanField(default=False, help_text='withdrawn by the repository: never offered again')),
                ('title', models.TextField(default='')),
                ('creators', models.TextField(blank=True, default='', help_text='one per line')),
                ('date', models.CharField(blank=True, default='', max_length=64)),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('description', models.TextField(blank=True, default='')),
                ('subjects', models.TextField(blank=True, default='', help_text='one per line')),
                ('language', models.CharField(blank=True, default='', max_length=32)),
                ('url', models.CharField(blank=True, default='', help_text='http(s) only', max_length=1000)),
                ('pdf_url', models.CharField(blank=True, default='', help_text='open-access PDF, http(s) only', max_length=1000)),
                ('rights', models.TextField(blank=True, default='')),
                ('type', models.CharField(blank=True, default='', max_length=255)),
                ('modified', models.DateTimeField(auto_now=True)),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='records', to='kemenag_xblocks.resourcesource')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('source', 'identifier'), name='kemenag_resource_once_per_source')],
            },
        ),
        migrations.CreateModel(
            name='ResourceToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=40)),
                ('in_title', models.BooleanField(default=False)),
                ('record', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='kemenag_xblocks.resourcerecord')),
            ],
            options={
                'indexes': [models.Index(fields=['token', 'record', 'in_title'], name='kemenag_token_word'), models.Index(fields=['record', 'token', 'in_title'], name='kemenag_token_record')],
            },
        ),
        migrations.RunPython(
            lambda apps, schema_editor: search.install(schema_editor),
            lambda apps, schema_editor: search.install(schema_editor, reverse=True),
            atomic=False,  # DDL: MariaDB cannot run it inside a transaction
        ),
    ]
