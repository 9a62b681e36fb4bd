"""HR/JP: learner profiles, the unit hierarchy, dated memberships, HR officers, training kinds.

Existing one-unit assignments become open memberships from 1900-01-01 (they were undated: every
JP so far stays with the unit the learner was in).
"""

import datetime
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def memberships_from_members(apps, schema_editor):
    Member = apps.get_model("kemenag_xblocks", "WorkUnitMember")
    Membership = apps.get_model("kemenag_xblocks", "WorkUnitMembership")
    WorkUnit = apps.get_model("kemenag_xblocks", "WorkUnit")
    start = datetime.date(1900, 1, 1)
    Membership.objects.bulk_create(
        [Membership(user_id=m.user_id, work_unit_id=m.work_unit_id, start=start) for m in Member.objects.all()],
        batch_size=1000,
    )
    for unit in WorkUnit.objects.filter(path=""):
        unit.path = f"/{unit.pk}/"
        unit.save(update_fields=["path"])


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("kemenag_xblocks", "0007_quiz_attempt_username"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LearnerProfile",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="kemenag_profile",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "employee_type",
                    models.CharField(
                        choices=[
                            ("pns", "Civil servant (PNS)"),
                            ("pppk", "Contract employee (PPPK)"),
                            ("non_asn", "Non-ASN staff"),
                            ("public", "Public"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "nip",
                    models.CharField(
                        blank=True, help_text="PNS NIP or PPPK number", max_length=18, null=True, unique=True
                    ),
                ),
                (
                    "pns_orang_id",
                    models.CharField(blank=True, default="", help_text="BKN's id of the person (SIASN)", max_length=64),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("csv", "Operator CSV import"),
                            ("sso", "Sign-in claims"),
                            ("admin", "Edited by an operator"),
                        ],
                        default="admin",
                        max_length=16,
                    ),
                ),
                ("modified", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name="TrainingKind",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=64, unique=True)),
                ("name", models.CharField(max_length=255)),
                ("siasn_jenis_diklat_id", models.CharField(max_length=64)),
                ("siasn_jenis_kursus", models.CharField(blank=True, default="", max_length=255)),
            ],
            options={
                "ordering": ("name",),
            },
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="certificate_number",
            field=models.CharField(blank=True, db_default="", default="", max_length=100),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="started_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="workunit",
            name="level",
            field=models.CharField(
                choices=[
                    ("central", "Central unit"),
                    ("kanwil", "Provincial office (Kanwil)"),
                    ("kankemenag", "District or city office (Kankemenag)"),
                    ("sub_unit", "Unit (madrasah, KUA, ...)"),
                ],
                db_default="sub_unit",
                default="sub_unit",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="workunit",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="kemenag_xblocks.workunit",
            ),
        ),
        migrations.AddField(
            model_name="workunit",
            name="path",
            field=models.CharField(blank=True, db_default="", db_index=True, default="", max_length=255),
        ),
        migrations.CreateModel(
            name="HrOfficer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("assigned", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="kemenag_officer_of",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "work_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="officers",
                        to="kemenag_xblocks.workunit",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="coursecompetency",
            name="training_kind",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="kemenag_xblocks.trainingkind",
            ),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="training_kind",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="kemenag_xblocks.trainingkind",
            ),
        ),
        migrations.CreateModel(
            name="WorkUnitMembership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("start", models.DateField()),
                ("end", models.DateField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="kemenag_memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "work_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="kemenag_xblocks.workunit",
                    ),
                ),
            ],
        ),
        migrations.RunPython(memberships_from_members, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="WorkUnitMember",
        ),
        migrations.AddConstraint(
            model_name="hrofficer",
            constraint=models.UniqueConstraint(fields=("user", "work_unit"), name="kemenag_officer_once"),
        ),
        migrations.AddIndex(
            model_name="workunitmembership",
            index=models.Index(fields=["work_unit", "start", "end"], name="kemenag_membership_unit"),
        ),
        migrations.AddConstraint(
            model_name="workunitmembership",
            constraint=models.UniqueConstraint(fields=("user", "start"), name="kemenag_membership_start_once"),
        ),
        migrations.CreateModel(
            name="OfficerExport",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                (
                    "kind",
                    models.CharField(
                        choices=[("siasn", "SIASN course records"), ("compliance", "Compliance per learner")],
                        max_length=16,
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting"),
                            ("running", "Running"),
                            ("done", "Ready"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=16,
                    ),
                ),
                ("done_rows", models.PositiveIntegerField(default=0)),
                ("total_rows", models.PositiveIntegerField(default=0)),
                ("path", models.CharField(blank=True, default="", max_length=500)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("modified", models.DateTimeField(auto_now=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "work_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="kemenag_xblocks.workunit"
                    ),
                ),
            ],
            options={
                "ordering": ("-created",),
            },
        ),
    ]
