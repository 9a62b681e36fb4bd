"""The benchmark harness: handler round trips through the demo's Django stack, in one process.

Every figure is printed as a median and as a ratio against a floor measured in the same
run (a no-op JSON handler), so results compare across machines. Targets belong here,
never in timed unit tests.
"""

import json
import os
import statistics
import sys
import tempfile
import time

import django

ROWS = []


def setup_django():
    """The demo's settings (``benchmarks.settings``) on a throwaway SQLite database (or
    WORKBENCH_DATABASES), migrated."""
    var_dir = tempfile.mkdtemp(prefix="kemenag-bench-")
    os.environ.setdefault("KEMENAG_VAR_DIR", var_dir)
    if os.environ.get("KEMENAG_BENCH_DB") == "mariadb" and "WORKBENCH_DATABASES" not in os.environ:
        os.environ["WORKBENCH_DATABASES"] = json.dumps({"default": mariadb_database()})
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    peers = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", "bench-peers")
    if os.path.isdir(peers) and peers not in sys.path:
        sys.path.append(peers)  # edx-sga and edx-submissions (``make bench`` installs them there)
    django.setup()
    from benchmarks import peer_sga

    peer_sga.install_stand_ins_if_present()
    import logging

    from django.conf import settings
    from django.core.management import call_command

    # Measured as a platform runs: the workbench's settings have DEBUG on and log every SQL
    # statement to a rotating file, which would weigh on each query and on no-op handlers not at all.
    settings.DEBUG = False
    logging.getLogger("django.db.backends").setLevel(logging.INFO)

    call_command("migrate", verbosity=0, interactive=False)
    return var_dir


def mariadb_database():
    """``KEMENAG_BENCH_DB=mariadb``: a throwaway database on the local MariaDB (127.0.0.1:3306, root),
    created now and dropped when the run ends."""
    import atexit

    import MySQLdb

    name = f"kemenag_bench_{os.getpid()}"
    options = {"host": "127.0.0.1", "port": 3306, "user": os.environ.get("KEMENAG_MARIADB_USER", "root")}
    options["passwd"] = os.environ.get("KEMENAG_MARIADB_PASSWORD", "")
    server = MySQLdb.connect(**options)
    server.cursor().execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")

    def drop():
        from django.db import connections

        connections.close_all()
        done = MySQLdb.connect(**options)
        done.cursor().execute(f"DROP DATABASE IF EXISTS {name}")
        done.close()

    atexit.register(drop)
    server.close()
    return {
        "ENGINE": "django.db.backends.mysql",
        "NAME": name,
        "USER": options["user"],
        "PASSWORD": options["passwd"],
        "HOST": "127.0.0.1",
        "PORT": "3306",
        "OPTIONS": {"charset": "utf8mb4", "isolation_level": "read committed"},
    }


def timed(fn, *, repeat=200, warmup=20):
    """Median seconds of ``fn()`` over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


class Stack:
    """A Django test client and workbench scenarios: what the LMS's JavaScript would call."""

    def __init__(self):
        from django.test import Client

        self.client = Client()

    def block(self, xml, student_id="bench_learner"):
        from tests.support.workbench import Scenario

        return Scenario(xml).block(student_id)

    def post_json(self, block, handler, payload):
        from tests.support.handlers import Caller

        response = Caller(self.client, block).json(None, handler, payload)
        assert response.status_code == 200, (handler, response.status_code, response.content[:200])
        return json.loads(response.content)


def report(name, seconds, floor=None, target=None, baseline="floor"):
    """Record and print one figure against ``floor`` (or another ``baseline`` measured in the same
    run); ``target`` is a human-readable bound checked by the reader."""
    ratio = f"{seconds / floor:6.2f}x {baseline}" if floor else ""
    line = f"{name:<58} median {seconds * 1000:9.3f} ms  {ratio}"
    if target:
        line += f"  (target: {target})"
    ROWS.append((name, seconds, floor))
    print(line, flush=True)


TARGETS = []


def target(name, value, limit, *, at_most=True, bound="", unit="x"):
    """One target of issue 18: ``value`` (a ratio to ``bound``, measured in the same run, or an
    absolute figure in ``unit``) against ``limit``; printed at once with met/missed, and again in
    the table at the end of the run."""
    met = value <= limit if at_most else value >= limit
    word = "met" if met else "MISSED"
    sign = "<=" if at_most else ">="
    shown = f"{value:.2f}{unit}" + (f" {bound}" if bound else "")
    TARGETS.append((name, shown, f"{sign} {limit:g}{unit}", word))
    print(f"  TARGET {name}: {shown} (target {sign} {limit:g}{unit}) {word}", flush=True)
    return met


def machine():
    """What the figures were measured on."""
    import platform
    import subprocess

    with open("/proc/cpuinfo") as info:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), platform.processor()
        )
    try:
        disk = subprocess.run(
            ["df", "-hT", tempfile.gettempdir()], capture_output=True, text=True, check=False
        ).stdout.splitlines()[-1]
        disk = " ".join(disk.split()[:3])
    except (OSError, IndexError):
        disk = "unknown"
    with open("/proc/loadavg") as loadavg:
        load = " ".join(loadavg.read().split()[:3])
    return (
        f"nproc {os.cpu_count()}, CPU {cpu}, disk {disk}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"load average {load}"
    )


def print_targets():
    """The whole table of targets of the run, as Markdown (copied into docs/performance.md)."""
    from django.db import connection

    lines = [
        "",
        f"Targets (issue 18), this run: {machine()}; database {connection.vendor}",
        "",
        "| target | measured (bound measured in the same run) | target | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {name} | {shown} | {limit} | {word} |" for name, shown, limit, word in TARGETS]
    text = "\n".join(lines)
    print(text, flush=True)
    path = os.environ.get("KEMENAG_BENCH_TABLE")
    if path:
        with open(path, "a") as handle:
            handle.write(text + "\n")
    return text


def committed_write_seconds(repeat=200):
    """The bound of a durable handler: one single-row UPDATE committed, outside any handler (median)."""
    from django.db import transaction
    from django.db.models import F

    from kemenag_xblocks.quiz.models import QuizCounter

    QuizCounter.objects.get_or_create(usage_key="bench-durable-write")

    def write():
        with transaction.atomic():
            QuizCounter.objects.filter(usage_key="bench-durable-write").update(started=F("started") + 1)

    return timed(write, repeat=repeat)
