"""Long-running reports (exports, archives) as Celery tasks that lose nothing and write once.

Every long task of the plugin goes through here, so the hard parts are solved in one place:

* ``start(kind, scope=..., arguments=..., user_id=..., path_for=...)`` writes a ``ReportRun`` row
  *first* (state ``pending``, its storage path fixed from its token), then queues the task
  ``kemenag_xblocks.reports.run`` with the token as its only argument (ids, never model
  instances). A broker that refuses the message marks the row ``failed`` and refuses the request
  with 503: the user is told, nothing is queued half-way.
* the task runs the kind's *producer* (``PRODUCERS``: ``producer(arguments, target)`` writes the
  bytes into a temporary binary file), then saves the file through Django's storage API at the
  row's fixed path, and only then marks the row ``ready``. Retried or delivered twice, it never
  leaves a second file: a ready run is not redone, a leftover of an earlier attempt (a
  half-written file on disk) is replaced, and a name the storage had to change (two deliveries
  at once) is deleted again.
* transient failures (database or broker gone, storage full) are retried with back-off and shown
  as ``retrying``; the last failure, or any other error, is shown as ``failed`` with its reason. A
  run that stays unfinished longer than ``KEMENAG_REPORT_STALE_SECONDS`` (its worker died and the
  row could not be updated) is reported as failed too, never as "still preparing" for ever.
* ``status(token, user_id)`` is what handlers and the plugin view ``reports/<token>/`` answer
  the page that polls: ``{"state", "ready", "message", "attempts"}``, for the user who asked only.

Tasks are acknowledged late (``acks_late`` and ``reject_on_worker_lost``): a worker killed mid-task
leaves its message to be delivered again, which the idempotence above makes safe.
"""

import errno
import logging
import tempfile
import uuid
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kemenag_xblocks.common.permissions import Refused
from kemenag_xblocks.common.report_models import ReportRun
from kemenag_xblocks.common.uploads import open_storage
from kemenag_xblocks.conf import setting

log = logging.getLogger(__name__)

TASK_NAME = "kemenag_xblocks.reports.run"
MAX_RETRIES = 3
# What each kind of report runs: ``producer(arguments, target_binary_file)``, by dotted path so this
# module imports no area's code (and the areas may import it).
PRODUCERS = {
    "quiz_attempts": "kemenag_xblocks.quiz.tasks.produce_export",
    "assignment_archive": "kemenag_xblocks.assignment.archive.produce_archive",
    "compliance": "kemenag_xblocks.common.platform_reports.produce_compliance",
    "siasn": "kemenag_xblocks.common.platform_reports.produce_siasn",
}
UNFINISHED = (ReportRun.PENDING, ReportRun.RUNNING, ReportRun.RETRYING)


class StorageFull(Exception):
    """The storage refused the file for lack of space or quota (retried: space may come back)."""


def _transient():
    """Errors worth a retry: the database, the broker or the storage may be back in a moment."""
    errors = [OperationalError, InterfaceError, StorageFull, ConnectionError, TimeoutError]
    try:
        from kombu.exceptions import OperationalError as BrokerError

        errors.append(BrokerError)
    except ImportError:  # pragma: no cover - celery depends on kombu
        pass
    try:  # S3 through django-storages: the endpoint unreachable or not answering in time
        from botocore.exceptions import ConnectionError as S3Unreachable
        from botocore.exceptions import HTTPClientError as S3NotAnswering

        errors.extend((S3Unreachable, S3NotAnswering))
    except ImportError:  # storage without boto3
        pass
    return tuple(errors)


# ---- starting ---------------------------------------------------------------------------------


def new_token():
    return uuid.uuid4().hex


def _eager():
    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False))


def _queue_options(token):
    options = {"task_id": token}
    queue = setting("KEMENAG_REPORT_QUEUE")
    if queue:
        options["queue"] = queue
    return options


def start(kind, *, scope, arguments, user_id, path_for, token=None):
    """Record and queue one report; returns its ``ReportRun`` (already ``ready`` when eager).

    ``path_for(token)`` names the file in storage; ``arguments`` must be JSON (ids, strings).
    Raises ``Refused(503)`` when the task cannot be queued (the row says ``failed``).
    """
    if kind not in PRODUCERS:
        raise ValueError(f"unknown report kind {kind!r}")
    token = token or new_token()
    run = ReportRun.objects.create(
        id=token, kind=kind, scope=str(scope), requested_by=user_id, arguments=arguments, path=path_for(token)
    )
    if _eager():
        run_report.apply(args=(token,))
        run.refresh_from_db()
        return run
    if connection.in_atomic_block:
        # The worker must find the row: queue only once the request's transaction is committed.
        transaction.on_commit(lambda: _enqueue(run))
    else:
        _enqueue(run)
    return run


def _enqueue(run):
    try:
        run_report.apply_async(args=(run.id,), **_queue_options(run.id))
    except Exception as exc:  # broker down or refusing: say so, never pretend it was queued
        log.warning("report %s could not be queued: %s", run.id, exc)
        _mark(run.id, state=ReportRun.FAILED, error=f"queue: {exc}"[:2000], finished=timezone.now())
        raise Refused(
            503, "report_queue_unavailable", _("Reports cannot be started right now. Try again in a few minutes.")
        ) from exc


# ---- running ----------------------------------------------------------------------------------


def _mark(token, **fields):
    """Update the row; a database that is down must not hide the task's own outcome."""
    try:
        return ReportRun.objects.filter(pk=token).update(**fields)
    except DatabaseError as exc:
        log.warning("report %s: could not record %s: %s", token, fields.get("state"), exc)
        return 0


def _discard(storage, path):
    try:
        if storage.exists(path):
            storage.delete(path)
    except OSError as exc:  # the next attempt replaces it anyway
        log.warning("could not remove %s: %s", path, exc)


def execute(token):
    """Produce the run's file and save it once at its fixed path; returns that path."""
    run = ReportRun.objects.get(pk=token)
    storage = open_storage()
    if run.state == ReportRun.READY and storage.exists(run.path):
        return run.path  # delivered again after success: nothing to redo, no second file
    ReportRun.objects.filter(pk=token).update(state=ReportRun.RUNNING, attempts=F("attempts") + 1)
    producer = import_string(PRODUCERS[run.kind])
    with tempfile.TemporaryFile(prefix="kemenag-report-") as spool:
        producer(run.arguments, spool)
        spool.seek(0)
        _discard(storage, run.path)  # an earlier attempt's leftover (disk writes are not atomic)
        try:
            saved = storage.save(run.path, File(spool, name=run.path))
        except OSError as exc:
            _discard(storage, run.path)  # never leave a half-written file behind
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                raise StorageFull(str(exc)) from exc
            raise
    if saved != run.path:
        # Another delivery saved the same report a moment earlier: keep one file only.
        storage.delete(saved)
    _mark(token, state=ReportRun.READY, size=storage.size(run.path), error="", finished=timezone.now())
    return run.path


@shared_task(bind=True, name=TASK_NAME, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def run_report(self, token):
    try:
        return execute(token)
    except ReportRun.DoesNotExist:
        log.error("report %s has no row: nothing to run", token)
        return None
    except _transient() as exc:
        if self.request.retries >= self.max_retries:
            _mark(token, state=ReportRun.FAILED, error=_describe(exc), finished=timezone.now())
            raise
        _mark(token, state=ReportRun.RETRYING, error=_describe(exc))
        raise self.retry(exc=exc, countdown=setting("KEMENAG_REPORT_RETRY_SECONDS") * 2**self.request.retries) from exc
    except Exception as exc:
        _mark(token, state=ReportRun.FAILED, error=_describe(exc), finished=timezone.now())
        raise


def _describe(exc):
    return f"{type(exc).__name__}: {exc}"[:2000]


# ---- telling the user -------------------------------------------------------------------------


def find(token, user_id):
    """The run ``token`` if ``user_id`` asked for it, else None (others learn nothing)."""
    if not isinstance(token, str) or len(token) != 32 or not token.isalnum():
        return None
    run = ReportRun.objects.filter(pk=token).first()
    if run is None or user_id is None or run.requested_by != user_id:
        return None
    return run


def state_of(run):
    """The state the user is shown: an unfinished run past the stale limit has failed."""
    stale = timedelta(seconds=setting("KEMENAG_REPORT_STALE_SECONDS"))
    if run.state in UNFINISHED and timezone.now() - run.created > stale:
        return ReportRun.FAILED
    return run.state


def describe(run):
    """``{"state", "ready", "message", "attempts"}`` in the user's language."""
    state = state_of(run)
    messages = {
        ReportRun.PENDING: _("The report is queued and will be prepared shortly."),
        ReportRun.RUNNING: _("The report is being prepared."),
        ReportRun.RETRYING: _("Preparing the report failed for a moment; it is being tried again."),
        ReportRun.READY: _("The report is ready."),
        ReportRun.FAILED: _("The report could not be prepared. Start it again; if it fails again, tell the helpdesk."),
    }
    return {"state": state, "ready": state == ReportRun.READY, "message": messages[state], "attempts": run.attempts}


def status(token, user_id):
    """What the page polling for ``token`` is told, or None if it is not this user's report."""
    run = find(token, user_id)
    return None if run is None else describe(run)


def run_for_path(path):
    """The run that writes ``path`` (a handler serving it by name asks how it is going)."""
    return ReportRun.objects.filter(path=path).first()
