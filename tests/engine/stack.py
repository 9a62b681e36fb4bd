"""The platform's engine on this machine, for real: gunicorn serving the demo in several processes,
a Celery worker process over Redis, S3 from moto's server, MariaDB or a SQLite file.

Each ``Stack`` gets its own var folder, its own Redis database number and queue name, its own
MariaDB database and its own S3 bucket, so parallel runs never meet. Used by ``tests/engine`` and
by ``benchmarks/load`` (``make load``).
"""

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS = ("127.0.0.1", 6379)
MARIADB = {"HOST": "127.0.0.1", "PORT": 3306, "USER": "root", "PASSWORD": ""}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process=None, seconds=30, what="server"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port}")


def redis_command(*args, db=0):
    """One Redis command (the broker's own client library, redis-py)."""
    import redis

    client = redis.Redis(host=REDIS[0], port=REDIS[1], db=db)
    try:
        return client.execute_command(*args)
    finally:
        client.close()


class Stack:
    def __init__(self, var_dir, *, mariadb=False, s3=False, web_workers=2, db_port=None):
        self.var = Path(var_dir)
        self.var.mkdir(parents=True, exist_ok=True)
        self.run_id = uuid.uuid4().hex[:10]
        self.redis_db = 1 + (os.getpid() + int(self.run_id, 16)) % 15  # 0 is left to others
        self.queue = f"kemenag-test-{self.run_id}"
        self.web_workers = web_workers
        self.processes = {}
        self.logs = {}
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "demo.settings",
            "KEMENAG_VAR_DIR": str(self.var),
            "KEMENAG_CELERY_BROKER_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{self.redis_db}",
            "KEMENAG_CELERY_QUEUE": self.queue,
            # A killed worker's unacknowledged task comes back after this long (default: an hour).
            "KEMENAG_CELERY_VISIBILITY": "15",
            "KEMENAG_REPORT_RETRY_SECONDS": "1",
        }
        self.env.pop("WORKBENCH_DATABASES", None)
        self.mariadb = mariadb
        if mariadb:
            self.db_name = f"kemenag_engine_{self.run_id}"
            # The platform reaches MariaDB through a proxy the fault scenario can make refuse.
            self.db_port = db_port or free_port()
            self.env["WORKBENCH_DATABASES"] = json.dumps({"default": self.database_settings()})
        self.s3 = s3
        if s3:
            self.s3_port = free_port()  # the proxy the platform talks to; moto listens behind it
            self.s3_server_port = free_port()
            self.bucket = f"kemenag-{self.run_id}"
            self.env.update(
                {
                    "KEMENAG_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
                    "KEMENAG_S3_BUCKET": self.bucket,
                    "KEMENAG_S3_ACCESS_KEY": "testing",
                    "KEMENAG_S3_SECRET_KEY": "testing",
                    "AWS_ACCESS_KEY_ID": "testing",
                    "AWS_SECRET_ACCESS_KEY": "testing",
                }
            )
        self.web_port = free_port()
        self.url = f"http://127.0.0.1:{self.web_port}"

    # ---- pieces -------------------------------------------------------------------------------

    def database_settings(self, port=None):
        return {
            "ENGINE": "django.db.backends.mysql",
            "NAME": self.db_name,
            "USER": MARIADB["USER"],
            "PASSWORD": MARIADB["PASSWORD"],
            "HOST": MARIADB["HOST"],
            "PORT": str(port or self.db_port),
            "OPTIONS": {"charset": "utf8mb4", "isolation_level": "read committed", "connect_timeout": 5},
            "CONN_MAX_AGE": 0,
        }

    def _spawn(self, name, args, **kwargs):
        log = open(self.var / f"{name}.log", "ab")  # noqa: SIM115 (closed in stop)
        self.logs[name] = log
        process = subprocess.Popen(
            args, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )
        self.processes[name] = process
        return process

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def create_database(self):
        import MySQLdb

        connection = MySQLdb.connect(
            host=MARIADB["HOST"], port=MARIADB["PORT"], user=MARIADB["USER"], passwd=MARIADB["PASSWORD"]
        )
        connection.cursor().execute(
            f"CREATE DATABASE `{self.db_name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
        connection.close()

    def drop_database(self):
        import MySQLdb

        connection = MySQLdb.connect(
            host=MARIADB["HOST"], port=MARIADB["PORT"], user=MARIADB["USER"], passwd=MARIADB["PASSWORD"]
        )
        connection.cursor().execute(f"DROP DATABASE IF EXISTS `{self.db_name}`")
        connection.close()

    def start_s3(self):
        process = self._spawn("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_server_port)])
        wait_for_port(self.s3_server_port, process, what="moto_server")
        self.start_proxy("s3-proxy", self.s3_port, self.s3_server_port)
        client = self.s3_client()
        client.create_bucket(Bucket=self.bucket)
        # The bucket refuses public ACLs and policies outright: nothing we write can be made public.
        client.put_public_access_block(
            Bucket=self.bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.s3_server_port}",  # behind the proxy: works in outages
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )

    def start_proxy(self, name, port, target):
        process = self._spawn(name, [sys.executable, "-m", "tests.engine.proxy", str(port), str(target)])
        wait_for_port(port, process, what=name)
        return process

    def outage(self, name):
        """Make the proxied service ``name`` ("s3-proxy", "db-proxy") refuse connections."""
        self.processes[name].send_signal(signal.SIGUSR1)
        time.sleep(0.2)

    def recover(self, name, port):
        self.processes[name].send_signal(signal.SIGUSR2)
        wait_for_port(port, what=name)

    def start_web(self):
        args = [
            str(BIN / "gunicorn"),
            "demo.wsgi",
            "--bind",
            f"127.0.0.1:{self.web_port}",
            "--workers",
            str(self.web_workers),
            *(
                ["--worker-class", "gthread", "--threads", self.env["KEMENAG_GUNICORN_THREADS"]]
                if self.env.get("KEMENAG_GUNICORN_THREADS")
                else []
            ),
            "--timeout",
            "60",
            "--graceful-timeout",
            "30",  # a stop lets every request in flight finish
            # Django imported once in the master, then forked (no database connection is open yet).
            "--preload",
            "--pid",
            str(self.var / "gunicorn.pid"),
        ]
        process = self._spawn("web", args)
        wait_for_port(self.web_port, process, seconds=60, what="gunicorn")
        self.get("/")  # loads every scenario (each worker does it again on its first request)
        return process

    def drain_web(self):
        """Stop gunicorn gracefully: every request in flight finishes (and commits) first."""
        process = self.processes.pop("web")
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)

    def web_worker_pids(self):
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.processes["web"].pid)], capture_output=True)
        return [int(pid) for pid in out.stdout.split()]

    def start_worker(self):
        args = [
            str(BIN / "celery"),
            "-A",
            "demo",
            "worker",
            "-Q",
            self.queue,
            "--concurrency",
            "2",
            "--pool",
            "prefork",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{self.queue}@%h",
        ]
        process = self._spawn("worker", args)
        deadline = time.monotonic() + 60
        log = self.var / "worker.log"
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"celery worker exited: {log.read_text()[-2000:]}")
            if b"ready." in log.read_bytes():
                return process
            time.sleep(0.2)
        raise RuntimeError("celery worker did not become ready")

    def stop_worker(self, sig=signal.SIGTERM):
        process = self.processes.pop("worker", None)
        if process is None:
            return
        os.killpg(process.pid, sig)
        process.wait(timeout=60)
        # The log says "ready." again when the next worker is up.
        log = self.var / "worker.log"
        log.rename(self.var / f"worker-{time.time_ns()}.log")
        self.logs.pop("worker").close()

    def start(self, *, worker=True):
        if self.mariadb:
            self.create_database()
            self.start_proxy("db-proxy", self.db_port, MARIADB["PORT"])
        if self.s3:
            self.start_s3()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo_data")
        self.start_web()
        if worker:
            self.start_worker()
        return self

    def stop(self):
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
        self.processes.clear()
        for log in self.logs.values():
            log.close()
        with contextlib.suppress(Exception):  # Redis gone: nothing to clean
            redis_command("DEL", self.queue, db=self.redis_db)
        if self.mariadb:
            self.drop_database()

    # ---- HTTP ---------------------------------------------------------------------------------

    # A CSRF cookie as a page sets it (32 letters) and the header its script sends with it.
    csrf = uuid.uuid4().hex

    def csrf_headers(self):
        return {"Cookie": f"csrftoken={self.csrf}", "X-CSRFToken": self.csrf}

    def request(self, method, path, body=None, headers=None, timeout=60, csrf=True):
        connection = http.client.HTTPConnection("127.0.0.1", self.web_port, timeout=timeout)
        if csrf and method == "POST":
            headers = {**self.csrf_headers(), **(headers or {})}
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def handler(self, usage_id, name, student, body=None, *, raw=None, headers=None, query="", suffix=""):
        """POST a handler as ``student``; JSON in (``body``) or raw bytes (``raw``); ``(status, json or bytes)``."""
        path = f"/handler/{usage_id}/{name}/{suffix}?student={urllib.parse.quote(student)}"
        if query:
            path += "&" + query
        if raw is not None:
            status, head, data = self.request(
                "POST", path, raw, {"Content-Type": "application/octet-stream", **(headers or {})}
            )
        else:
            status, head, data = self.request(
                "POST", path, json.dumps(body or {}).encode(), {"Content-Type": "application/json", **(headers or {})}
            )
        if head.get("Content-Type", "").startswith("application/json"):
            return status, json.loads(data or b"null")
        return status, data

    def usage_ids(self, scenario):
        """``{block_type: usage_id}`` of one scenario, read from its page as a browser would."""
        status, _headers, html = self.get(f"/scenario/{scenario}/?student=staff")
        assert status == 200, (scenario, status)
        found = {}
        for usage, block_type in re.findall(rb"data-usage='([^']+)'\s+data-block-type='([^']+)'", html):
            found.setdefault(block_type.decode(), usage.decode())
        if not found:
            for block_type, usage in re.findall(rb"data-block-type='([^']+)'[^>]*data-usage='([^']+)'", html):
                found.setdefault(block_type.decode(), usage.decode())
        return found

    def poll(self, url, *, seconds=60, done=("ready", "failed")):
        """GET a report's status URL until its state is one of ``done``; returns the last body."""
        deadline = time.monotonic() + seconds
        body = None
        while time.monotonic() < deadline:
            status, _headers, data = self.get(url)
            body = json.loads(data)
            if status == 200 and body["state"] in done:
                return body
            time.sleep(0.3)
        raise AssertionError(f"report still {body} after {seconds}s")

    def log_text(self, name):
        return (self.var / f"{name}.log").read_text(errors="replace")
