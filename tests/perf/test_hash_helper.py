"""When an upload hashes in a helper thread (issue 18): only while a core is free for it.

``uploads.helper_core_free`` decides from the load at the start of a pass, ``helper_kept_its_core``
from the overlap the two threads actually got over the helper's first chunks. The benchmark
(``benchmarks/bench_assignment.py``) shows both on an idle and on a loaded machine; here the
decisions themselves, and a real pass on one CPU, where no overlap is possible.
"""

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from kemenag_xblocks.common import uploads

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


@pytest.mark.parametrize(
    ("cpus", "loadavg", "free"),
    [
        (1, (0.0, 1), False),  # one CPU: nothing to overlap with
        (2, (0.9, 1), True),  # only this thread runs: the second core is idle
        (2, (1.9, 1), True),  # this upload's own two threads made the last minute's load
        (2, (1.2, 2), False),  # another task is running right now
        (2, (0.5, 3), False),  # two others: both cores taken
        (2, (3.2, 1), False),  # saturated for the last minute, a lull right now
        (4, (2.5, 3), True),  # two others on four CPUs leave one idle
        (4, (3.0, 4), False),  # three others on four: none idle beside this thread
        (2, None, False),  # load unknown: two CPUs are assumed shared
        (4, None, True),  # load unknown, more than two CPUs (the old rule)
    ],
)
def test_a_helper_is_tried_only_while_a_core_is_idle(cpus, loadavg, free, monkeypatch):
    monkeypatch.setattr(uploads, "_read_loadavg", lambda: None)  # ``None`` means unknown, not "read it"
    assert uploads.helper_core_free(cpus=cpus, loadavg=loadavg) is free


def test_the_load_is_read_from_proc_loadavg(tmp_path):
    sample = tmp_path / "loadavg"
    sample.write_text("1.52 0.98 0.61 3/412 12345\n")
    assert uploads._read_loadavg(sample) == (1.52, 3)
    assert uploads._read_loadavg(tmp_path / "missing") is None
    sample.write_text("garbage\n")
    assert uploads._read_loadavg(sample) is None
    if Path("/proc/loadavg").exists():
        load1, runnable = uploads._read_loadavg()
        assert load1 >= 0 and runnable >= 1  # the reader itself is running


@pytest.mark.parametrize(
    ("main_cpu", "helper_cpu", "wall", "overlap", "kept"),
    [
        (0.35, 0.80, 0.80, 1.0, True),  # a core each: the main thread's work hid behind the hash
        (0.35, 0.80, 0.90, 0.71, True),  # most of it overlapped (handoffs, a late chunk)
        (0.35, 0.80, 1.15, 0.0, False),  # one after the other: one core for both
        (0.20, 0.50, 1.40, -3.5, False),  # a saturated machine: less than a core for both
        (0.0, 0.80, 0.80, 0.0, False),  # nothing measured yet
    ],
)
def test_a_helper_is_kept_only_if_the_threads_overlapped(main_cpu, helper_cpu, wall, overlap, kept):
    assert uploads.helper_overlap(main_cpu, helper_cpu, wall) == pytest.approx(overlap, abs=0.01)
    assert uploads.helper_kept_its_core(main_cpu, helper_cpu, wall) is kept


def test_on_one_cpu_the_helper_falls_back_and_the_hash_is_unchanged(tmp_path):
    """A real pass, pinned to one CPU: the two threads cannot overlap, so after its first chunks
    the helper is given up and the rest is hashed inline; the digest and the file are the same."""
    script = textwrap.dedent(
        f"""
        import hashlib, json, os
        os.sched_setaffinity(0, {{sorted(os.sched_getaffinity(0))[0]}})
        from kemenag_xblocks.common import uploads
        chunks = [os.urandom({MB}) for _ in range(24)]
        with open({str(tmp_path / "spool")!r}, "wb") as out:
            sha256, size, head = uploads.copy_hashing(iter(chunks), out.write, 10**9, threaded=True)
        print(json.dumps({{
            "passes": uploads.HASH_PASSES,
            "free": uploads.helper_core_free(),
            "right": sha256 == hashlib.sha256(b"".join(chunks)).hexdigest() and size == 24 * {MB},
            "sha256": sha256,
        }}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["passes"] == {"inline": 0, "helper": 0, "fell_back": 1}
    assert result["free"] is False  # and on one CPU a pass would not even try
    assert result["right"]
    assert hashlib.sha256((tmp_path / "spool").read_bytes()).hexdigest() == result["sha256"]


@pytest.mark.parametrize("threaded", [True, False])
def test_the_helper_and_inline_give_the_same_digest_and_head(threaded):
    data = b"%PDF-1.4\n" + os.urandom(5 * MB + 12345)
    chunks = [data[start : start + MB] for start in range(0, len(data), MB)]
    written = []
    sha256, size, head = uploads.copy_hashing(iter(chunks), written.append, 10**9, threaded=threaded)
    assert sha256 == hashlib.sha256(data).hexdigest() and size == len(data)
    assert head == data[: uploads.SNIFF_BYTES] and b"".join(written) == data


def test_a_pass_that_fails_midway_leaves_no_helper_running():
    def chunks():
        for _ in range(6):
            yield os.urandom(MB)

    def write(chunk, calls=[]):  # noqa: B006 - counts the calls of this one test
        calls.append(1)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        uploads.copy_hashing(chunks(), write, 10**9, threaded=True)
    assert not [thread for thread in threading.enumerate() if thread.name == "kemenag-sha256"]
    # Over the limit midway: refused (None), the helper stopped too.
    assert uploads.copy_hashing(chunks(), None, 3 * MB, threaded=True) is None
    assert not [thread for thread in threading.enumerate() if thread.name == "kemenag-sha256"]
