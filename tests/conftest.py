"""Fixtures shared by every layer of the suite."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.blocks import ProbeBlock, temporary_block_type
from tests.support.workbench import Scenario


@pytest.fixture
def scenario(db):
    """Load OLX into the workbench: ``scenario(xml).block(student_id)``."""
    loaded = []

    def load(xml):
        loaded.append(Scenario(xml))
        return loaded[-1]

    yield load
    for item in loaded:
        item.close()


@pytest.fixture
def probe_block_type():
    """The probe block under a temporary OLX tag, for one test."""
    with temporary_block_type(ProbeBlock, "kemenag_probe") as tag:
        yield tag


@pytest.fixture
def published(monkeypatch):
    """Events the blocks publish (grades, completion), captured from the workbench runtime."""
    from workbench.runtime import WorkbenchRuntime

    events = []
    monkeypatch.setattr(
        WorkbenchRuntime, "publish", lambda self, block, event_type, data: events.append((event_type, data))
    )
    return events


@pytest.fixture(autouse=True)
def fresh_workbench_scenarios():
    """The workbench caches scenarios in memory but keeps their fields in the database, which
    each test rolls back: reload them for every test so no test sees another's leftovers."""
    from workbench import scenarios
    from workbench.runtime import ID_MANAGER

    yield
    scenarios.SCENARIOS.clear()
    scenarios.get_scenarios.initialized = False
    ID_MANAGER.clear()


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The wheel `pip install` would build from this checkout (built once per session)."""
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy of the tracked files: an in-tree build writes build/ and *.egg-info into the
    # checkout, which the SQLite and MariaDB layers would share when they run at once.
    root = Path(__file__).resolve().parents[1]
    source = tmp_path_factory.mktemp("source") / "kemenag"
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (root / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return zipfile.ZipFile(next(out.glob("*.whl")))
