"""Every long task on a real Celery worker process: queued by a handler over HTTP (gunicorn),
run by the worker, the file written through Django's storage (S3), the page told when it is
ready, and failures, retries and duplicate deliveries reported honestly."""

import csv
import io
import json
import signal
import time
import zipfile

import pytest

from kemenag_xblocks.common.reports import TASK_NAME
from tests.engine.flows import hand_in, pdf_bytes, quiz_attempt, upload_file

pytestmark = pytest.mark.engine


def objects(stack, prefix):
    listing = stack.s3_client().list_objects_v2(Bucket=stack.bucket, Prefix=prefix)
    return [item["Key"] for item in listing.get("Contents", [])]


def fetch(stack, url):
    """Follow the download redirects (our view, then the presigned S3 URL) like a browser."""
    import urllib.request

    status, headers, body = stack.get(url)
    hops = 0
    while status in (301, 302) and hops < 3:
        location = headers["Location"]
        if location.startswith("http"):
            with urllib.request.urlopen(location, timeout=30) as response:
                return response.status, lower(response.headers), response.read()
        status, headers, body = stack.get(location)
        hops += 1
    return status, lower(headers), body


def lower(headers):
    return {name.lower(): value for name, value in dict(headers).items()}


def worker_ran(stack, token):
    return f"{TASK_NAME}[{token}] succeeded" in stack.log_text("worker")


def test_quiz_export_is_run_by_the_worker_and_served_once_ready(stack, blocks):
    started, _saved, _submitted = quiz_attempt(stack, blocks["quiz"], "engine_learner_1")
    status, body = stack.handler(blocks["quiz"], "export_attempts", "staff", {})
    assert status == 200 and body["status"] == "started"  # not inline: a worker will do it
    token = body["status_url"].split("/")[3]
    described = stack.poll(body["status_url"])
    assert described["state"] == "ready" and described["attempts"] == 1
    assert worker_ran(stack, token)
    # The file is in S3 under the block's export folder, once.
    assert len([k for k in objects(stack, "kemenag/quiz-reports/") if token in k]) == 1
    status, headers, data = fetch(stack, body["url"])
    assert status == 200
    assert headers["content-disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0][:3] == ["username", "anonymous_id", "attempt"] and len(rows) >= 2
    # Only the staff member who asked learns about the report.
    assert stack.get(body["status_url"].replace("student=staff", "student=fasilitator"))[0] == 404
    assert started["items"]


def test_learners_cannot_start_an_export(stack, blocks):
    status, _body = stack.handler(blocks["quiz"], "export_attempts", "engine_learner_1", {})
    assert status == 403


def test_download_all_builds_the_zip_on_the_worker(stack, blocks):
    data = pdf_bytes(300_000, "download-all")
    upload_file(stack, blocks["assignment"], "engine_learner_2", data)
    hand_in(stack, blocks["assignment"], "engine_learner_2")
    status, body = stack.handler(blocks["assignment"], "download_all", "staff", {})
    assert status == 200 and "ready" in body  # true only if the worker was already done
    assert stack.poll(body["status_url"])["state"] == "ready"
    assert worker_ran(stack, body["token"])
    status, headers, archive = fetch(stack, body["url"])
    assert status == 200 and headers["content-type"] == "application/zip"
    members = zipfile.ZipFile(io.BytesIO(archive))
    (name,) = [n for n in members.namelist() if n.startswith("engine_learner_2/")]
    assert members.read(name) == data
    assert "manifest.csv" in members.namelist()


@pytest.mark.parametrize("kind, header", [("compliance", "work_unit_code"), ("siasn", None)])
def test_platform_reports_are_tasks_started_by_platform_staff(stack, kind, header):
    path = f"/kemenag/reports/platform/{kind}/?student="
    refused = stack.request("POST", path + "engine_learner_1", b"{}", {"Content-Type": "application/json"})
    assert refused[0] == 403
    status, _headers, raw = stack.request("POST", path + "staff", b"{}", {"Content-Type": "application/json"})
    assert status == 202, raw
    body = json.loads(raw)
    assert stack.poll(body["status_url"])["state"] == "ready"
    assert worker_ran(stack, body["token"])
    described = json.loads(stack.get(body["status_url"])[2])
    status, headers, data = fetch(stack, described["download_url"])
    assert status == 200 and headers["content-disposition"].startswith("attachment")
    first = data.decode("utf-8").splitlines()[0]
    assert first.split(",")[0] == (header or first.split(",")[0]) and first


def test_a_failing_task_is_reported_failed_and_leaves_no_file(stack, blocks):
    """A hand-in whose file vanished from storage: the archive cannot be built. The page is told
    (status and the download handler say failed), and no partial zip is left in storage."""
    state = upload_file(stack, blocks["assignment"], "engine_learner_3", pdf_bytes(50_000, "vanish"))
    hand_in(stack, blocks["assignment"], "engine_learner_3")
    stored = [k for k in objects(stack, "") if k.endswith(".pdf")]
    assert state["files"] and stored
    for key in stored:  # the hand-ins' files are gone: the archive cannot be complete
        stack.s3_client().delete_object(Bucket=stack.bucket, Key=key)
    status, body = stack.handler(blocks["assignment"], "download_all", "staff", {})
    described = stack.poll(body["status_url"])
    assert described["state"] == "failed"
    assert "helpdesk" in described["message"] or "bantuan" in described["message"]
    status, _headers, raw = stack.get(body["url"])  # what the page polls
    assert status == 500 and json.loads(raw)["code"] == "report_failed"
    assert not [k for k in objects(stack, "") if body["token"] in k]


def test_a_duplicate_delivery_writes_no_second_file(stack, blocks):
    from celery import Celery

    _status, body = stack.handler(blocks["quiz"], "export_attempts", "staff", {})
    token = body["status_url"].split("/")[3]
    assert stack.poll(body["status_url"])["state"] == "ready"
    sender = Celery(broker=stack.env["KEMENAG_CELERY_BROKER_URL"])
    sender.send_task(TASK_NAME, args=(token,), queue=stack.queue, task_id=token)
    deadline = time.monotonic() + 30
    while stack.log_text("worker").count(f"{TASK_NAME}[{token}] succeeded") < 2:
        assert time.monotonic() < deadline, "the second delivery never ran"
        time.sleep(0.3)
    assert len([k for k in objects(stack, "kemenag/quiz-reports/") if token in k]) == 1
    assert json.loads(stack.get(body["status_url"])[2])["attempts"] == 1  # not redone


def test_reports_queued_while_the_worker_is_down_run_when_it_is_back(stack, blocks):
    stack.stop_worker(signal.SIGTERM)
    _status, body = stack.handler(blocks["quiz"], "export_attempts", "staff", {})
    time.sleep(1)
    assert json.loads(stack.get(body["status_url"])[2])["state"] == "pending"  # told: queued
    stack.start_worker()
    assert stack.poll(body["status_url"])["state"] == "ready"


def test_a_transient_storage_outage_is_retried_and_shown_as_retrying(stack, blocks):
    """S3 goes away while the export runs: the page sees "retrying", then "ready", one file."""
    stack.outage("s3-proxy")  # connections refused, open ones cut
    try:
        _status, body = stack.handler(blocks["quiz"], "export_attempts", "staff", {})
        token = body["status_url"].split("/")[3]
        assert stack.poll(body["status_url"], done=("retrying", "failed"), seconds=90)["state"] == "retrying"
    finally:
        stack.recover("s3-proxy", stack.s3_port)
    described = stack.poll(body["status_url"], seconds=90)
    assert described["state"] == "ready" and described["attempts"] >= 2
    assert len([k for k in objects(stack, "kemenag/quiz-reports/") if token in k]) == 1
