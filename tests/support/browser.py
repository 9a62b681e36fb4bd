"""Browser-test helpers: the live demo server, and the axe-core accessibility check."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium off the network it cannot reach here (see the README).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoServer:
    """``manage.py runserver`` on a free port, with its own SQLite database and media folder."""

    def __init__(self, var_dir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "demo.settings",
            "KEMENAG_VAR_DIR": str(var_dir),
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("WORKBENCH_DATABASES", None)
        self.database = Path(var_dir) / "workbench.db"  # the demo's SQLite file (demo/settings.py)
        self.process = None

    def manage(self, *args):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=self.env, check=True, cwd=ROOT)

    def start(self):
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo_data")
        self.log = open(Path(self.env["KEMENAG_VAR_DIR"]) / "server.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                # The first request loads every scenario; wait for it rather than racing a second load.
                urllib.request.urlopen(self.url + "/", timeout=60)
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        raise RuntimeError(f"demo server did not start; see {self.log.name}")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.log.close()


def check_accessibility(page, name, context="body"):
    """Run axe-core on the page (or a part of it), keep a screenshot, fail on serious issues."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (context) => await axe.run(document.querySelector(context), "
        "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})",
        context,
    )
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not blocking, f"accessibility violations on {name}:\n" + "\n".join(blocking)
    return result
