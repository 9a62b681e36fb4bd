"""Benchmark data: N learners in work units, with M ledger entries each, inserted in batches.

Not for production databases: it creates users named ``<prefix>0000001``… with unusable
passwords. Rows go in through ``executemany`` in batches (values adapted by the database
backend), because building millions of model instances would take longer than the benchmark.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from kemenag_xblocks.common.sql import insert_rows as _insert
from kemenag_xblocks.competency.models import CompetencyType, LedgerEntry, WorkUnit, WorkUnitMembership

JP_VALUES = [Decimal(v) for v in ("2", "4", "8", "12", "16", "20", "24", "32")]
COURSES = 200


def generate(learners, entries_per_learner, *, units=500, batch=10000, prefix="bench", seed=1, today=None, log=None):
    rng = random.Random(seed)  # noqa: S311 (reproducible benchmark data, not secrets)
    today = today or date.today()
    ops = connection.ops
    User = get_user_model()
    unit_ids = [
        u.pk
        for u in WorkUnit.objects.bulk_create(
            [WorkUnit(code=f"{prefix.upper()}-{i:04d}", name=f"Satuan Kerja {i:04d}") for i in range(units)]
        )
    ]
    if unit_ids[0] is None:  # databases that do not return ids from bulk inserts
        unit_ids = list(WorkUnit.objects.filter(code__startswith=f"{prefix.upper()}-").values_list("pk", flat=True))
    now = ops.adapt_datetimefield_value(timezone.now())
    days = [ops.adapt_datefield_value(today - timedelta(days=d)) for d in range(3 * 365)]
    jp_values = [ops.adapt_decimalfield_value(v, 6, 2) for v in JP_VALUES]
    courses = [(f"course-v1:Kemenag+B{k:03d}+2026", f"Pelatihan {k:03d}") for k in range(COURSES)]
    types = CompetencyType.values
    user_columns = (
        "username",
        "password",
        "is_superuser",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
    )
    entry_columns = (
        "user",
        "source",
        "source_key",
        "title",
        "organizer",
        "jp",
        "competency_type",
        "completed_on",
        "evidence_path",
        "evidence_sha256",
        "evidence_name",
        "status",
        "reject_reason",
        "reported_in",
        "created",
        "modified",
    )
    done = 0
    while done < learners:
        size = min(batch, learners - done)
        names = [f"{prefix}{done + i:07d}" for i in range(size)]
        with transaction.atomic():
            _insert(User, user_columns, [(n, "!", False, "", "", "", False, True, now) for n in names])
            ids = list(
                User.objects.filter(username__gte=names[0], username__lte=names[-1])
                .order_by("username")
                .values_list("pk", flat=True)
            )
            start = ops.adapt_datefield_value(date(2000, 1, 1))
            _insert(
                WorkUnitMembership,
                ("user", "work_unit", "start"),
                [(pk, unit_ids[(done + i) % units], start) for i, pk in enumerate(ids)],
            )
            _insert(
                LedgerEntry,
                entry_columns,
                [
                    (
                        pk,
                        "course",
                        key,
                        title,
                        "",
                        rng.choice(jp_values),
                        rng.choice(types),
                        rng.choice(days),
                        "",
                        "",
                        "",
                        "recorded",
                        "",
                        "",
                        now,
                        now,
                    )
                    for pk in ids
                    for key, title in rng.sample(courses, entries_per_learner)
                ],
            )
        done += size
        if log:
            log(f"{done}/{learners} learners")
    return done, done * entries_per_learner


class Command(BaseCommand):
    help = "Generate a benchmark JP ledger: --learners N with --entries M each (batched inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=10000)
        parser.add_argument("--entries", type=int, default=3, help="ledger entries per learner")
        parser.add_argument("--units", type=int, default=500, help="work units")
        parser.add_argument("--batch", type=int, default=10000)
        parser.add_argument("--prefix", default="bench")

    def handle(self, learners, entries, units, batch, prefix, **options):
        users, rows = generate(
            learners, entries, units=units, batch=batch, prefix=prefix, log=lambda m: self.stdout.write(m)
        )
        self.stdout.write(f"generated {users} learners and {rows} ledger entries")
