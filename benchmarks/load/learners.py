"""The simulated learners and staff (locust, headless, as a library), run in a process of their own:
``python -m benchmarks.load.learners CONFIG.json``.

Each learner journey uses a new learner id: start the quiz, save half the answers, submit, upload
a 1-5 MB PDF by the resumable protocol, hand it in, report an external training (a ledger entry
with its certificate), read the JP tracker. Staff open the quiz report, the assignment's list and
start the attempts export (a Celery task) and poll it.

A step that fails is retried like the page's script lets the learner retry (up to 6 times, 1 s
apart); every acknowledged write is logged to ``acks.jsonl`` for the row-by-row check, every
failed try to ``failures.jsonl`` with what the learner was shown.
"""

from gevent import monkey

monkey.patch_all()

import hashlib  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

CONFIG = json.loads(Path(sys.argv[1]).read_text()) if __name__ == "__main__" else {}
STOPPING = False  # at the end of the run: no new step starts, steps in flight finish
CHUNK = 1024 * 1024
TRIES = 6
_acks = _failures = None


def pdf(size, seed):
    head = b"%PDF-1.4\n1 0 obj<<>>endobj\n% " + seed.encode() + b"\n"
    tail = b"\ntrailer<<>>\n%%EOF\n"
    block = hashlib.sha256(seed.encode()).hexdigest().encode() + b"\n"
    body = block * ((size - len(head) - len(tail)) // len(block) + 1)
    return head + body[: size - len(head) - len(tail)] + tail


def log(stream, **record):
    stream.write(json.dumps({"t": time.time(), **record}) + "\n")
    stream.flush()


def clear_error(response):
    """Was the learner told something they can read? (JSON with a message, a page view's 503 page
    with its message (common/unavailable.py), or a network failure the page's script reports.)"""
    if response is None or response.status_code == 0:
        return True  # no answer: kemenag.js says "network failure, try again"
    if response.status_code == 503 and response.headers.get("Content-Type", "").startswith("text/html"):
        return 'role="status"' in response.text and "Retry-After" in response.headers
    try:
        return bool(response.json().get("error"))
    except Exception:
        return False


class Journey(HttpUser):
    wait_time = between(0.2, 1.0)

    def step(self, name, method, path, *, ok=(200,), accept=(), **kwargs):
        """One step, retried like a learner would retry it; returns the response or None."""
        for attempt in range(1, TRIES + 1):
            if STOPPING:
                return None
            with self.client.request(method, path, name=name, catch_response=True, **kwargs) as response:
                if response.status_code in ok:
                    response.success()
                    return response
                if response.status_code in accept:  # a retry that finds its write already done
                    response.success()
                    log(_failures, name=name, status=response.status_code, attempt=attempt, clear=True, settled=True)
                    return response
                response.failure(f"HTTP {response.status_code}")
                log(
                    _failures,
                    name=name,
                    status=response.status_code,
                    attempt=attempt,
                    clear=clear_error(response),
                    body=(response.text or "")[:300],
                )
            time.sleep(1.0)
        return None

    def handler(self, block, name, student, **kwargs):
        return f"/handler/{CONFIG['blocks'][block]}/{name}/?student={student}", f"{block}:{name}"

    def post_json(self, block, handler, student, body, **kwargs):
        path, name = self.handler(block, handler, student)
        headers = {"Content-Type": "application/json", **CONFIG["csrf"]}
        return self.step(name, "POST", path, data=json.dumps(body), headers=headers, **kwargs)

    @task(10)
    def learner(self):
        student = f"load_{uuid.uuid4().hex[:12]}"
        started = self.post_json("quiz", "start_attempt", student, {})
        if started is None:
            return
        items = started.json().get("items", [])
        answers = {item["id"]: item["options"][0]["id"] if item.get("options") else 3 for item in items}
        half = dict(list(answers.items())[: len(answers) // 2])
        if self.post_json("quiz", "save_answers", student, {"answers": half}):
            log(_acks, kind="save", student=student, answers=half)
        # A retried submit whose first answer was lost finds it done (409): the write was acknowledged.
        submitted = self.post_json("quiz", "submit", student, {"answers": answers}, accept=(409,))
        if submitted is not None:
            log(_acks, kind="submit", student=student, answers=answers, status=submitted.status_code)
        size = random.randint(1_000_000, 5_000_000)
        data = pdf(size, student)
        digest = hashlib.sha256(data).hexdigest()
        session = self.post_json(
            "assignment", "upload_start", student, {"name": f"{student}.pdf", "size": size, "sha256": digest}
        )
        if session is None:
            return
        upload_id = session.json()["upload_id"]
        offset = session.json().get("received", 0)
        while offset < size:
            part = data[offset : offset + CHUNK]
            path, name = self.handler("assignment", "upload_chunk", student)
            headers = {"Content-Type": "application/octet-stream", **CONFIG["csrf"]}
            reply = self.step(name, "POST", f"{path}&upload_id={upload_id}&offset={offset}", data=part, headers=headers)
            if reply is None:
                return
            offset = reply.json()["received"]
        finished = self.post_json("assignment", "upload_finish", student, {"upload_id": upload_id})
        if finished is None:
            return
        log(_acks, kind="upload", student=student, sha256=digest, size=size)
        if self.post_json("assignment", "submit", student, {"confirm": True}, accept=(409,)):
            log(_acks, kind="handin", student=student)
        path, name = self.handler("competency", "report_training", student)
        form = {
            "title": f"Pelatihan {student}",
            "organizer": "BDK Jakarta",
            "jp": "8",
            "competency_type": "teknis",
            "completed_on": time.strftime("%Y-%m-%d"),
            "certificate_number": f"BDK-JKT/2026/{student}",
            # The form's one-time key: a retry of this report (its first answer lost) is the same entry.
            "report_key": hashlib.md5(f"report:{student}".encode()).hexdigest(),
        }
        files = {"evidence": (f"sertifikat-{student}.pdf", pdf(40_000, "cert" + student), "application/pdf")}
        if self.step(name, "POST", path, data=form, files=files, headers=CONFIG["csrf"]):
            log(_acks, kind="ledger", student=student, title=form["title"])
        self.step("competency:jp_tracker", "GET", f"/scenario/{CONFIG['jp_scenario']}/?student={student}")

    @task(1)
    def staff(self):
        staff = random.choice(["staff", "fasilitator"])
        path, name = self.handler("quiz", "staff_report_html", staff)
        self.step(name, "GET", path)
        path, name = self.handler("assignment", "submissions", staff)
        self.step(
            name, "POST", path, data=json.dumps({}), headers={"Content-Type": "application/json", **CONFIG["csrf"]}
        )
        started = self.post_json("quiz", "export_attempts", staff, {})
        if started is not None:
            status_url = started.json()["status_url"]
            log(_acks, kind="export", token=status_url.split("/")[3], staff=staff)
            for _ in range(20):
                polled = self.step("reports:status", "GET", status_url)
                if polled is None or polled.json()["state"] in ("ready", "failed"):
                    break
                time.sleep(0.5)


def main():
    global _acks, _failures
    out = CONFIG["out"]
    _acks = open(f"{out}/acks.jsonl", "a")  # noqa: SIM115
    _failures = open(f"{out}/failures.jsonl", "a")  # noqa: SIM115
    Journey.host = CONFIG["host"]
    environment = Environment(user_classes=[Journey])
    runner = environment.create_local_runner()
    runner.start(CONFIG["users"], spawn_rate=CONFIG.get("spawn_rate", 50))

    def stop():
        global STOPPING
        STOPPING = True
        gevent.sleep(CONFIG.get("drain_seconds", 30))  # let the requests in flight be answered
        runner.quit()

    gevent.spawn_later(CONFIG["seconds"], stop)
    runner.greenlet.join()
    stats = {}
    for (name, method), entry in environment.stats.entries.items():
        stats[name] = {
            "method": method,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.50),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
        }
    total = environment.stats.total
    stats["_total"] = {"requests": total.num_requests, "failures": total.num_failures}
    with open(f"{out}/stats.json", "w") as handle:
        json.dump(stats, handle, indent=1)


if __name__ == "__main__":
    main()
