"""The JP ledger at scale: compliance by work unit, streaming export memory, one learner's summary.

Targets (issue 5), at 1.8 million learners and 5.4 million entries:
* compliance report by work unit: at most 1.5x a hand-written SQL GROUP BY, same run, same data;
* streaming CSV export of every learner: peak memory at most 150 MB (the real command, in a
  child process, measured by its maximum resident set size);
* one learner's summary: median at most 5 ms, through an index (the query plan is printed).

Size: ``KEMENAG_BENCH_LEARNERS`` (default 50,000 learners, 3 entries each: about a minute on
SQLite). Full size: ``KEMENAG_BENCH_LEARNERS=1800000 .venv/bin/python -m benchmarks bench_competency``;
on MariaDB add ``WORKBENCH_DATABASES='{"default": {"ENGINE": "django.db.backends.mysql", ...}}'``.
"""

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks.harness import report, target

LEARNERS = int(os.environ.get("KEMENAG_BENCH_LEARNERS", "50000"))
ENTRIES = 3
ROOT = Path(__file__).resolve().parents[1]


def index_scan_seconds():
    """The bound of issue 18.4: one scan of the ledger's covering index (``kemenag_ledger_user_date``),
    reading every column the report needs, measured in the same run."""
    from django.db import connection

    hint = (
        " FORCE INDEX (kemenag_ledger_user_date)"
        if connection.vendor == "mysql"
        else " INDEXED BY kemenag_ledger_user_date"
    )
    sql = (
        "SELECT COUNT(*), SUM(jp), MAX(completed_on),"
        " SUM(CASE WHEN status IN ('recorded', 'verified') THEN 1 ELSE 0 END)"
        f" FROM kemenag_xblocks_ledgerentry{hint} WHERE user_id > 0"
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.fetchall()
    return time.perf_counter() - start


def hand_written_report(as_of, jp_target):
    """The same report as ``api.compliance_by_work_unit``, written by hand in SQL: grouped by the
    member's key (``user_id``, the member table's primary key, so ``work_unit_id`` follows from it),
    which lets MariaDB walk the primary key in order instead of sorting into a temporary table."""
    from django.db import connection

    from kemenag_xblocks.competency import rules

    window, year_start = rules.two_years_before(as_of), date(as_of.year, 1, 1)
    counted = "l.status IN ('recorded', 'verified') AND l.completed_on <= %s"
    sql = f"""
        SELECT u.code, u.name,
               SUM(CASE WHEN t.state = 'meets' THEN 1 ELSE 0 END),
               SUM(CASE WHEN t.state = 'below' THEN 1 ELSE 0 END),
               SUM(CASE WHEN t.state = 'none' THEN 1 ELSE 0 END)
        FROM (
            SELECT m.work_unit_id,
                   CASE WHEN MAX(CASE WHEN {counted} AND l.completed_on > %s THEN l.completed_on END) IS NULL
                        THEN 'none'
                        WHEN COALESCE(SUM(CASE WHEN {counted} AND l.completed_on >= %s THEN l.jp END), 0) >= %s
                        THEN 'meets' ELSE 'below' END AS state
            FROM kemenag_xblocks_workunitmembership m
            LEFT JOIN kemenag_xblocks_ledgerentry l ON l.user_id = m.user_id
            GROUP BY m.user_id
        ) t JOIN kemenag_xblocks_workunit u ON u.id = t.work_unit_id
        GROUP BY u.code, u.name ORDER BY u.code
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [as_of, window, as_of, year_start, float(jp_target)])
        return [(c, n, int(a), int(b), int(d)) for c, n, a, b, d in cursor.fetchall()]


# Runs in a child process; VmHWM is the child's own peak (a forked parent's pages do not count).
EXPORT_CHILD = """
import os, django
django.setup()
from django.core.management import call_command
call_command("kemenag_compliance_report", "--learners", "-o", os.devnull)
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""


def export_peak_rss_mb():
    """Run the real export command in a child process (same database) and return its peak RSS."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", EXPORT_CHILD],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "demo.settings"},
    )
    return int(done.stdout.split()[-1]) / 1024, time.perf_counter() - start


def run(stack, floor=None):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from demo.management.commands.kemenag_generate_ledger import generate
    from kemenag_xblocks.competency import api

    print(f"competency: generating {LEARNERS:,} learners x {ENTRIES} entries on {connection.vendor} ...", flush=True)
    start = time.perf_counter()
    generate(LEARNERS, ENTRIES, batch=10000)
    print(f"  generated in {time.perf_counter() - start:.1f} s", flush=True)
    if connection.vendor == "mysql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE TABLE kemenag_xblocks_ledgerentry, kemenag_xblocks_workunitmembership")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    as_of, jp_target = timezone.localdate(), api.yearly_target()
    rows = [(u.code, u.name, u.meets, u.below, u.none) for u in api.compliance_by_work_unit(as_of)]
    assert rows == hand_written_report(as_of, jp_target)
    repeat = int(os.environ.get("KEMENAG_BENCH_LEDGER_ROUNDS", "5"))
    hands, ourses, scans = [], [], []
    for _ in range(repeat):  # interleaved: the bounds and the report see the same machine state
        scans.append(index_scan_seconds())
        hands.append(_time(lambda: hand_written_report(as_of, jp_target)))
        ourses.append(_time(lambda: api.compliance_by_work_unit(as_of)))
    scan, hand, ours = statistics.median(scans), statistics.median(hands), statistics.median(ourses)
    report(f"one scan of the ledger's covering index, {LEARNERS * ENTRIES:,} rows", scan)
    report(f"hand-written SQL, grouped by the member, {LEARNERS:,} learners", hand, scan, baseline="index scan")
    report("compliance report by work unit (api)", ours, scan, baseline="index scan")
    vendor = connection.vendor
    target(f"JP roll-up ({vendor}, {LEARNERS:,} learners) / one index scan", ours / scan, 2, bound=f"of {scan:.2f} s")
    target(f"JP roll-up ({vendor}) / the hand-written query", ours / hand, 1.5, bound=f"of {hand:.2f} s")

    peak_mb, seconds = export_peak_rss_mb()
    print(f"{'streaming CSV export of every learner (command)':<58} peak RSS {peak_mb:7.1f} MB in {seconds:.1f} s")
    target(f"JP per-learner export ({LEARNERS:,} learners): peak RSS", peak_mb, 100, unit=" MB")

    users = list(get_user_model().objects.filter(username__startswith="bench").values_list("pk", flat=True)[:2000])
    rng = random.Random(5)
    samples = []
    for _ in range(30):
        api.learner_summary(rng.choice(users), as_of)
    for _ in range(1000):
        samples.append(_time(lambda: api.learner_summary(rng.choice(users), as_of)))
    samples.sort()
    summary, p99 = statistics.median(samples), samples[int(len(samples) * 0.99)]
    report("one learner's summary (api.learner_summary), median", summary)
    target(f"JP one learner's summary ({vendor}), p99", p99 * 1000, 2, unit=" ms")
    drill = getattr(api, "compliance_for_province", None) or getattr(api, "province_drilldown", None)
    if drill is None:
        print("  (a province's drill-down, target <= 300 ms: no such api on this branch, not measured)")
    plan = api.summary_query(users[0], as_of).explain()
    print("  query plan:", " | ".join(line.strip() for line in plan.splitlines()), flush=True)
    assert "kemenag_ledger_user_date" in plan, plan
    return None


def _time(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
