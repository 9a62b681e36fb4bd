"""``make demo`` for a newcomer: a quiet server, Studio's editor for staff in the Studio scenario,
recommended-unit links that open something, the theme's favicon, and the README saying how to
serve it elsewhere. The server is started as ``make demo`` starts it (runserver, autoreloader on)."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kemenag_theme import THEME_DIR
from tests.engine.stack import ROOT, free_port, wait_for_port

COURSE = ROOT / "course_content" / "moderasi-beragama-asn"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    var = tmp_path_factory.mktemp("demo")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "KEMENAG_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "demo.settings",
    }
    for name in ("WORKBENCH_DATABASES", "KEMENAG_CELERY_BROKER_URL", "KEMENAG_S3_ENDPOINT_URL"):
        env.pop(name, None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "load_demo_data"], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    log = var / "terminal.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}"],  # as `make demo`: with the autoreloader
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, server, seconds=60, what="runserver")
        yield f"http://127.0.0.1:{port}", log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers, refused.read()


def test_the_server_terminal_stays_quiet(demo):
    base, log = demo
    index = get(base + "/")[2].decode()
    assert "demo-scenarios" in index
    every = re.findall(r'href="(/scenario/[^"]+)"', index)
    assert len(every) >= 20
    # A scenario of each block, and the course unit whose competency block has a url_name.
    scenarios = [s for s in every if s.endswith(".0/?student=staff") or "kursus_penutup_capaian" in s]
    for scenario in scenarios:
        assert get(base + scenario.replace("&amp;", "&"))[0] == 200, scenario
    time.sleep(0.5)
    text = log.read_text(errors="replace")
    request_lines = [line for line in text.splitlines() if '"GET ' in line]
    other = [line for line in text.splitlines() if '"GET ' not in line]
    assert len(request_lines) >= len(scenarios) + 1  # one access line per request, as runserver prints
    assert "SELECT" not in text and "Traceback" not in text and "VariableDoesNotExist" not in text
    assert "does not contain field url_name" not in text
    assert len("\n".join(other)) < 2000, other  # the start-up banner, nothing more


# Each block's Studio scenario and what only its Studio editor shows (not the learner view).
STUDIO_EDITORS = {
    "kemenag_moderation_quiz": b"kemenag-itembank-",  # the item bank
    "kemenag_assignment": b"kemenag-assignment-studio",  # the settings and rubric form
}


def test_staff_open_the_studio_scenarios_in_studio(demo):
    base, _log = demo
    index = get(base + "/")[2].decode()
    studios = re.findall(r'href="(/scenario/([^"/.]+)\.[^"/]+/studio_view/\?student=staff)"', index)
    assert sorted(tag for _link, tag in studios) == sorted(STUDIO_EDITORS)
    for studio, tag in studios:
        status, _headers, page = get(base + studio)
        assert status == 200, studio
        assert STUDIO_EDITORS[tag] in page, studio
        learner = re.sub(r"studio_view/\?student=staff", "?student=student_1", studio)
        assert STUDIO_EDITORS[tag] not in get(base + learner)[2], learner


def recommended_units():
    units = set()
    for path in [*COURSE.rglob("*.xml"), *(ROOT / "kemenag_xblocks" / "scenarios").rglob("*.xml")]:
        units.update(re.findall(r'<recommend [^>]*unit="([^"]+)"', path.read_text(encoding="utf-8")))
    return sorted(units)


def test_recommended_unit_links_open_a_page(demo):
    base, _log = demo
    units = recommended_units()
    assert len(units) >= 4
    for unit in units:
        status, _headers, page = get(f"{base}/courses/course-v1:Kemenag+MB101+2026/jump_to_id/{unit}?student=student_1")
        assert status == 200, unit
        if (COURSE / "vertical" / f"{unit}.xml").is_file():
            title = re.search(r'display_name="([^"]+)"', (COURSE / "vertical" / f"{unit}.xml").read_text()).group(1)
            assert title.encode() in page  # the course unit itself
        else:
            assert unit.encode() in page  # says which unit the LMS would open


def test_a_course_unit_with_our_blocks_opens_its_scenario(demo):
    base, _log = demo
    status, _headers, page = get(f"{base}/courses/course-v1:Kemenag+MB101+2026/jump_to_id/penutup_capaian_unit")
    assert status == 200 and b"Capaian JP" in page


def test_favicon_is_the_themes(demo):
    base, _log = demo
    status, headers, body = get(base + "/favicon.ico")
    assert status == 200 and headers["Content-Type"] == "image/x-icon"
    assert body == (THEME_DIR / "lms" / "static" / "images" / "favicon.ico").read_bytes()


def test_readme_says_how_to_serve_the_demo_elsewhere():
    readme = Path(ROOT / "README.md").read_text(encoding="utf-8")
    makefile = Path(ROOT / "Makefile").read_text(encoding="utf-8")
    assert "DEMO_ADDR" in readme and "DEMO_ADDR" in makefile
