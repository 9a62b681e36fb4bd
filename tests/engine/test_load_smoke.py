"""The load scenario in small, in every ``make test``: the same locust learners and staff
(``benchmarks/load/learners.py``) for a few seconds against the engine stack (gunicorn, the Celery
worker, S3), then the same row-by-row check of the database and the bucket."""

import json
import os
import subprocess
import sys

import pytest

from benchmarks.load.verify import verify
from tests.engine.stack import ROOT

pytestmark = pytest.mark.engine


def test_a_short_load_loses_nothing(stack, tmp_path):
    blocks = {
        "quiz": stack.usage_ids("kemenag_moderation_quiz.1")["kemenag_moderation_quiz"],
        "assignment": stack.usage_ids("kemenag_assignment.0")["kemenag_assignment"],
        "competency": stack.usage_ids("kemenag_competency.0")["kemenag_competency"],
    }
    config = {
        "host": stack.url,
        "users": 6,
        "seconds": 12,
        "drain_seconds": 10,
        "spawn_rate": 6,
        "blocks": blocks,
        "jp_scenario": "kemenag_competency.0",
        "csrf": stack.csrf_headers(),
        "out": str(tmp_path),
    }
    (tmp_path / "config.json").write_text(json.dumps(config))
    subprocess.run(
        [sys.executable, "-m", "benchmarks.load.learners", str(tmp_path / "config.json")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        timeout=120,
    )
    stats = json.loads((tmp_path / "stats.json").read_text())
    acks = [json.loads(line) for line in (tmp_path / "acks.jsonl").read_text().splitlines()]
    assert stats["_total"]["requests"] >= 30, stats  # "a few dozen requests"
    assert stats["_total"]["failures"] == 0, (tmp_path / "failures.jsonl").read_text()[:2000]
    kinds = {ack["kind"] for ack in acks}
    assert {"save", "submit", "upload", "handin", "ledger"} <= kinds, kinds
    checks = verify(stack, blocks, acks, only_these_learners=True)
    failed = {name: detail for name, (ok, detail) in checks.items() if not ok}
    assert not failed, failed
