"""Fixtures shared by every layer of the suite."""

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
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(root)],
        check=True,
        capture_output=True,
    )
    return zipfile.ZipFile(next(out.glob("*.whl")))
