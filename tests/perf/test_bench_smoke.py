"""`make bench` in miniature: every benchmark module runs end to end on tiny sizes, so the
benchmarks cannot rot between full runs (a quiz submit with stale option tokens and a report
spec without questions once broke `make bench` while every test passed). The figures of a run this
small mean nothing; only that each target is still measured and printed is checked."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TINY = {
    "KEMENAG_BENCH_UPLOAD_MB": "4",
    "KEMENAG_BENCH_DOWNLOAD_MB": "4",
    "KEMENAG_BENCH_ZIP_FILES": "3",
    "KEMENAG_BENCH_ZIP_FILE_MB": "0.1",
    "KEMENAG_BENCH_UPLOAD_ROUNDS": "1",
    "KEMENAG_BENCH_RESUMABLE_MB": "2",
    "KEMENAG_BENCH_LINK_MB": "1",
    "KEMENAG_BENCH_LINK_MBIT": "50",
    "KEMENAG_BENCH_LINK_RTT_MS": "10",
    "KEMENAG_BENCH_LINK_CC": "cubic",
    "KEMENAG_BENCH_QUIZ_ATTEMPTS": "40",
    "KEMENAG_BENCH_QUIZ_SAMPLES": "5",
    "KEMENAG_BENCH_REPORT_ROUNDS": "1",
    "KEMENAG_BENCH_LEARNERS": "300",
    "KEMENAG_BENCH_LEDGER_ROUNDS": "1",
    "KEMENAG_BENCH_RECORDS": "400",
}
# One line per target family each module must still print.
EXPECTED = (
    "TARGET upload 4 MB raw body / SHA-256 rate",
    "TARGET upload 4 MB multipart / raw body",
    "TARGET quiz submit",
    "TARGET quiz staff report",
    "TARGET JP roll-up",
    "TARGET JP one learner's summary",
    "TARGET JP per-learner export",
    "TARGET resumable: per-chunk overhead",
    "page weight per block",
    "| target | measured (bound measured in the same run) | target | |",
)


def test_every_benchmark_runs_on_tiny_sizes():
    env = {**os.environ, **TINY, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the benchmarks choose their own settings
    if os.environ.get("KEMENAG_TEST_DB") == "mariadb":
        env["KEMENAG_BENCH_DB"] = "mariadb"  # a throwaway database of the run's own
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    missing = [line for line in EXPECTED if line not in output]
    assert not missing, f"not printed: {missing}\n{output[-3000:]}"
