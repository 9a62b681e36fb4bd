"""Benchmark data: N learners in a tree of work units, with M ledger entries each, inserted in batches.

Not for production databases: it creates users named ``<prefix>0000001``… with unusable
passwords. Rows go in through ``executemany`` in batches (values adapted by the database
backend; one multi-row INSERT on MariaDB), because building millions of model instances would
take longer than the benchmark. Each batch's yearly JP totals are recounted from its ledger rows
in the same transaction (``totals.rebuild``), as the ledger's own writes keep them.

The tree: one central unit, ``provinces`` provincial offices (Kanwil), five district offices
(Kankemenag) under each, and the remaining units as sub-units spread over the districts. Learners
are members of the sub-units, round robin, so each province holds about 1/``provinces`` of them
(18 provinces: 5.6 %, the share of a 100,000-person province among 1.8 million learners).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from kemenag_xblocks.common.sql import insert_rows as _insert
from kemenag_xblocks.competency import people, totals
from kemenag_xblocks.competency.models import CompetencyType, LedgerEntry, WorkUnit, WorkUnitMembership

JP_VALUES = [Decimal(v) for v in ("2", "4", "8", "12", "16", "20", "24", "32")]
COURSES = 200


def make_tree(units, provinces, prefix):
    """The benchmark's tree of ``units`` units (at least 4); returns the ids of the leaves, which
    learners are members of."""
    Level = WorkUnit.Level
    code = prefix.upper()
    provinces = min(provinces, max(1, (units - 1) // 20))
    district_count = min(5 * provinces, max(provinces, (units - 1 - provinces) // 5))
    root = WorkUnit.objects.create(code=f"{code}-PUSAT", name="Kementerian Agama RI", level=Level.CENTRAL)
    kanwil = [
        WorkUnit.objects.create(code=f"{code}-KW{p:02d}", name=f"Kanwil {p:02d}", level=Level.KANWIL, parent=root)
        for p in range(provinces)
    ]
    districts = [
        WorkUnit.objects.create(
            code=f"{code}-KK{d:03d}",
            name=f"Kankemenag {d:03d}",
            level=Level.KANKEMENAG,
            parent=kanwil[d % provinces],
        )
        for d in range(district_count)
    ]
    leaves = [
        WorkUnit(code=f"{code}-{i:04d}", name=f"Satuan Kerja {i:04d}", parent=districts[i % len(districts)])
        for i in range(max(units - 1 - provinces - district_count, 1))
    ]
    WorkUnit.objects.bulk_create(leaves)
    people.rebuild_paths()
    leaf_units = WorkUnit.objects.filter(code__in=[u.code for u in leaves]).order_by("code")
    return list(leaf_units.values_list("pk", flat=True))


def generate(
    learners,
    entries_per_learner,
    *,
    units=500,
    provinces=18,
    batch=10000,
    prefix="bench",
    seed=1,
    today=None,
    log=None,
):
    rng = random.Random(seed)  # noqa: S311 (reproducible benchmark data, not secrets)
    today = today or date.today()
    ops = connection.ops
    User = get_user_model()
    unit_ids = make_tree(units, provinces, prefix)
    units = len(unit_ids)
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
            totals.rebuild(ids[0], ids[-1], batch=batch)
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
        parser.add_argument("--provinces", type=int, default=18, help="provincial offices (Kanwil)")
        parser.add_argument("--batch", type=int, default=10000)
        parser.add_argument("--prefix", default="bench")

    def handle(self, learners, entries, units, provinces, batch, prefix, **options):
        users, rows = generate(
            learners,
            entries,
            units=units,
            provinces=provinces,
            batch=batch,
            prefix=prefix,
            log=lambda m: self.stdout.write(m),
        )
        self.stdout.write(f"generated {users} learners and {rows} ledger entries")
