"""Tables of the competency tracker and JP ledger (issue 5)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from kemenag_xblocks.competency.models import new_verification_code


class Migration(migrations.Migration):
    dependencies = [
        ("kemenag_xblocks", "0003_assignment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CourseCompetency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255, unique=True)),
                ('title', models.CharField(blank=True, default='', max_length=255)),
                ('jp', models.DecimalField(decimal_places=2, max_digits=6)),
                ('competency_type', models.CharField(choices=[('teknis', 'Technical'), ('manajerial', 'Managerial'), ('sosial_kultural', 'Socio-cultural')], max_length=16)),
                ('modified', models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name='WorkUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=64, unique=True)),
                ('name', models.CharField(max_length=255)),
            ],
            options={
                'ordering': ('code',),
            },
        ),
        migrations.CreateModel(
            name='Transcript',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(default=new_verification_code, max_length=16, unique=True)),
                ('issued_at', models.DateTimeField(auto_now_add=True)),
                ('snapshot', models.JSONField(help_text='the figures and trainings printed on the transcript')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='WorkUnitMember',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='kemenag_work_unit', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('work_unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='kemenag_xblocks.workunit')),
            ],
        ),
        migrations.CreateModel(
            name='CohortMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('joined', models.DateTimeField(auto_now_add=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('course_key', 'user'), name='kemenag_cohort_once')],
            },
        ),
        migrations.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('course', 'Course on this platform'), ('external', 'External training')], max_length=16)),
                ('source_key', models.CharField(help_text='course key, or a generated id for external training', max_length=255)),
                ('title', models.CharField(max_length=255)),
                ('organizer', models.CharField(blank=True, default='', max_length=255)),
                ('jp', models.DecimalField(decimal_places=2, max_digits=6)),
                ('competency_type', models.CharField(choices=[('teknis', 'Technical'), ('manajerial', 'Managerial'), ('sosial_kultural', 'Socio-cultural')], max_length=16)),
                ('completed_on', models.DateField()),
                ('evidence_path', models.CharField(blank=True, default='', max_length=500)),
                ('evidence_sha256', models.CharField(blank=True, default='', max_length=64)),
                ('evidence_name', models.CharField(blank=True, default='', max_length=255)),
                ('status', models.CharField(choices=[('recorded', 'Recorded'), ('pending', 'Waiting for verification'), ('verified', 'Verified'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], default='recorded', max_length=16)),
                ('verified_at', models.DateTimeField(blank=True, null=True)),
                ('reject_reason', models.TextField(blank=True, default='')),
                ('reported_in', models.CharField(blank=True, default='', help_text='course key of the tracker used', max_length=255)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('modified', models.DateTimeField(auto_now=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='kemenag_ledger', to=settings.AUTH_USER_MODEL)),
                ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ('-completed_on', '-id'),
                'indexes': [models.Index(fields=['user', 'completed_on', 'status', 'jp', 'competency_type'], name='kemenag_ledger_user_date'), models.Index(fields=['status', 'reported_in', 'created'], name='kemenag_ledger_status_queue'), models.Index(fields=['source_key', 'status'], name='kemenag_ledger_source')],
                'constraints': [models.UniqueConstraint(fields=('user', 'source', 'source_key'), name='kemenag_ledger_once_per_source')],
            },
        ),
    ]
