"""The JP ledger at scale: the national roll-up, a province's drill-down, the export's memory, one summary.

Targets (issue 18.4), at 1.8 million learners and 5.4 million entries on MariaDB:
* the national compliance roll-up (``api.compliance_by_work_unit`` for today, which reads the
  per-learner yearly totals): at most 2x one scan of the ledger's covering index, and at most
  1.5x a hand-written SQL of the same report over the ledger, both measured in the same run;
  the ratio to one scan of the totals table is printed beside them;
* a province's drill-down on the officers' page (a Kanwil holding 1/18 of the learners, about
  100,000 at full size): the unit page's figures (``api.unit_compliance(province)``) and the
  people page's list (``api.people_in(province)[:2000]``), each at most 300 ms;
* one learner's summary: p99 at most 2 ms, through an index (the query plan is printed);
* streaming CSV export of every learner: peak memory at most 100 MB (the real command, in a
  child process, measured by its maximum resident set size).

Size: ``KEMENAG_BENCH_LEARNERS`` (default 50,000 learners, 3 entries each). Full size:
``KEMENAG_BENCH_LEARNERS=1800000 KEMENAG_BENCH_DB=mariadb .venv/bin/python -m benchmarks bench_competency``.
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
    return _timed(sql)


def _timed(sql):
    """Seconds to run ``sql`` and fetch every row."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.fetchall()
    return time.perf_counter() - start


def totals_scan_seconds():
    """One scan of the yearly totals' covering index (``kemenag_jp_year_cover``), every row."""
    from django.db import connection

    hint = " FORCE INDEX (PRIMARY)" if connection.vendor == "mysql" else " INDEXED BY kemenag_jp_year_cover"
    sql = (
        "SELECT COUNT(*), SUM(jp), MAX(last_on), MAX(prev_last_on), MAX(prev2_last_on)"
        f" FROM kemenag_xblocks_jpyeartotal{hint} WHERE user_id > 0"
    )
    return _timed(sql)


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

    from demo.management.commands.kemenag_generate_ledger import generate
    from kemenag_xblocks.competency import api
    from kemenag_xblocks.competency.models import WorkUnit

    print(f"competency: generating {LEARNERS:,} learners x {ENTRIES} entries on {connection.vendor} ...", flush=True)
    start = time.perf_counter()
    if WorkUnit.objects.filter(code="BENCH-PUSAT").exists():
        # WORKBENCH_DATABASES names a database the generator already filled (kept between runs).
        print("  reusing the generated data already in the database", flush=True)
    else:
        generate(LEARNERS, ENTRIES, batch=10000)
        print(f"  generated in {time.perf_counter() - start:.1f} s (with the yearly totals)", flush=True)
    tables = "kemenag_xblocks_ledgerentry, kemenag_xblocks_workunitmembership, kemenag_xblocks_jpyeartotal"
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE TABLE {tables}" if connection.vendor == "mysql" else "ANALYZE")
        cursor.execute("SELECT COUNT(*) FROM kemenag_xblocks_jpyeartotal")
        print(f"  {cursor.fetchone()[0]:,} (learner, year) totals rows", flush=True)

    from kemenag_xblocks.competency import dates

    as_of, jp_target = dates.today(), api.yearly_target()
    rows = sorted((u.code, u.name, u.meets, u.below, u.none) for u in api.compliance_by_work_unit(as_of))
    assert rows == hand_written_report(as_of, jp_target)  # in code order; the api's is tree order
    assert rows == sorted(
        (u.code, u.name, u.meets, u.below, u.none) for u in api.compliance_by_work_unit(as_of, source="ledger")
    )
    repeat = int(os.environ.get("KEMENAG_BENCH_LEDGER_ROUNDS", "5"))
    hands, ourses, scans, totals_scans = [], [], [], []
    for _ in range(repeat):  # interleaved: the bounds and the report see the same machine state
        scans.append(index_scan_seconds())
        totals_scans.append(totals_scan_seconds())
        hands.append(_time(lambda: hand_written_report(as_of, jp_target)))
        ourses.append(_time(lambda: api.compliance_by_work_unit(as_of)))
    scan, hand, ours = statistics.median(scans), statistics.median(hands), statistics.median(ourses)
    totals_scan = statistics.median(totals_scans)
    report(f"one scan of the ledger's covering index, {LEARNERS * ENTRIES:,} rows", scan)
    report("one scan of the yearly totals", totals_scan, scan, baseline="index scan")
    report(f"hand-written SQL over the ledger, {LEARNERS:,} learners", hand, scan, baseline="index scan")
    report("compliance report by work unit (api, from the totals)", ours, scan, baseline="index scan")
    print(f"  roll-up / one scan of the yearly totals: {ours / totals_scan:.2f}x", flush=True)
    vendor = connection.vendor
    target(f"JP roll-up ({vendor}, {LEARNERS:,} learners) / one index scan", ours / scan, 2, bound=f"of {scan:.2f} s")
    target(f"JP roll-up ({vendor}) / the hand-written query", ours / hand, 1.5, bound=f"of {hand:.2f} s")

    province = WorkUnit.objects.filter(level=WorkUnit.Level.KANWIL, code__startswith="BENCH-").order_by("code")[0]
    unit_pages, people_pages = [], []
    for _ in range(repeat):
        unit_pages.append(_time(lambda: api.unit_compliance(province, as_of)))
        people_pages.append(_time(lambda: api.first_people(province, 2000, as_of)))
    members = api.people_in(province, as_of).count()
    everyone = _time(lambda: sum(1 for _ in api.people_in(province, as_of)))
    unit_page, people_page = statistics.median(unit_pages), statistics.median(people_pages)
    report(f"a province's figures (unit_compliance), {members:,} people", unit_page)
    report("a province's people page (first_people: people_in, first 2,000)", people_page)
    report(f"a province's whole list (people_in, all {members:,})", everyone)
    target(f"JP province drill-down ({vendor}, {members:,} people): unit page", unit_page * 1000, 300, unit=" ms")
    target(f"JP province drill-down ({vendor}, {members:,} people): people page", people_page * 1000, 300, unit=" ms")

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
    plan = api.summary_query(users[0], as_of).explain()
    print("  query plan:", " | ".join(line.strip() for line in plan.splitlines()), flush=True)
    assert "kemenag_ledger_user_date" in plan, plan
    return None


def _time(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
