"""The learner's handlers: upload, remove, hand in, state, own downloads and the receipt.

Every refusal is a ``permissions.Refused`` (``{"error", "code"}``, the message from ``messages``).
"""

from urllib.parse import unquote

from django.db import transaction
from django.utils import timezone
from webob import Response

from kemenag_xblocks.assignment import receipt, rules, submission_store
from kemenag_xblocks.assignment.messages import refusal
from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
from kemenag_xblocks.common import chunked, multipart_upload, permissions
from kemenag_xblocks.common.chunked_handlers import ChunkedUploadMixin, json_body
from kemenag_xblocks.common.downloads import handler_download, safe_headers
from kemenag_xblocks.common.permissions import Refused
from kemenag_xblocks.common.rendering import render_template
from kemenag_xblocks.common.responses import json_response, uploaded_field
from kemenag_xblocks.common.uploads import (
    UploadRefused,
    read_chunks,
    store_stream,
    store_upload,
    too_large_error,
)

# Multipart framing around one file: a larger request is refused before the file is inspected or stored
# (Django has already spooled the body to a temporary file, which it deletes after the request).
MULTIPART_SLACK = 64 * 1024
RAW_CONTENT_TYPE = "application/octet-stream"
# The page's URLs for resumable uploads (chunked_handlers + upload_finish below).
RESUMABLE_HANDLERS = ("upload_start", "upload_status", "upload_chunk", "upload_cancel", "upload_finish")


def refused(status, code, **extra):
    return Refused(status, code, refusal(code), **extra)


def upload_refused(problem):
    """An ``UploadRefused`` as the project's refusal; a conflict says where to resume."""
    extra = {"received": problem.received} if isinstance(problem, chunked.UploadConflict) else {}
    return Refused(problem.status, problem.code, problem.message, **extra)


def transition_refused(problem, status=409):
    return refused(404 if problem.code == "no_such_file" else status, problem.code)


class LearnerHandlersMixin(ChunkedUploadMixin):
    def require_learner(self):
        return permissions.require_learner(self, refusal("sign_in"))

    # Hooks of the resumable upload handlers (upload_start, upload_status, upload_chunk, upload_cancel).
    def chunked_upload_policy(self):
        return self.policy()

    def chunked_upload_prefix(self, user):
        return self.path_prefix(user.anonymous_id)

    def check_may_add_file(self, user):
        submission = submission_store.find(self.usage_key, user.anonymous_id)
        if submission is None:
            return
        if not rules.can_edit_files(submission.status):
            raise UploadRefused("read_only", refusal("read_only"), 409)
        self.policy().check_count(submission.files.count())

    @permissions.handler
    def upload(self, request, suffix=""):
        """One file per request (the browser sends several in turn), either as multipart field ``file``
        or as the raw body (``Content-Type: application/octet-stream``, the name percent-encoded in
        ``X-Upload-Name``), which skips multipart parsing."""
        if request.method != "POST":
            raise permissions.method_not_allowed()
        user = self.require_learner()
        policy = self.policy()
        raw = request.content_type == RAW_CONTENT_TYPE
        # Oversize by its Content-Length: refused without touching the file.
        if request.content_length and request.content_length > policy.max_bytes + (0 if raw else MULTIPART_SLACK):
            raise upload_refused(too_large_error(policy))
        field = streamed = None
        try:
            if raw:
                if not request.content_length:
                    raise refused(400, "no_file")
            else:
                # Parsed as it streams, unless Django has parsed the form already (then from request.POST).
                streamed = multipart_upload.open_file(request, "file")
                field = uploaded_field(request, "file") if streamed is None else None
                if streamed is multipart_upload.NO_FILE or (streamed is None and field is None):
                    raise refused(400, "no_file")
            self.check_may_add_file(user)
            prefix = self.path_prefix(user.anonymous_id)
            if raw:
                stored = store_stream(
                    read_chunks(request.body_file, request.content_length),
                    unquote(request.headers.get("X-Upload-Name", "")),
                    policy,
                    path_prefix=prefix,
                    expected_size=request.content_length,
                )
            elif streamed is not None:
                stored = store_stream(streamed.chunks(), streamed.filename, policy, path_prefix=prefix)
            else:
                stored = store_upload(field, policy, path_prefix=prefix)
        except UploadRefused as problem:
            raise upload_refused(problem) from None
        return self._attach(user, stored, policy)

    @permissions.handler
    def upload_finish(self, request, suffix=""):
        """JSON ``{"upload_id"}``: a resumable upload that has fully arrived becomes one of the files,
        if its SHA-256 is the declared one and it passes every check of ``upload``."""
        # One transaction: the session's chunks go only once the file's row is committed, so a
        # request cut short (database gone, process killed) leaves an upload the retry finishes.
        # A refusal is raised only after the block commits: what the refused finish cleaned up (the
        # session of a tampered file, its chunks) must not be rolled back with it.
        with transaction.atomic():
            try:
                user = self._chunked_uploader(request)
                stored = self.finish_chunked_upload(json_body(request).get("upload_id"), user)
                return self._attach(user, stored, self.policy())
            except UploadRefused as problem:
                refusal_raised = upload_refused(problem)
            except Refused as problem:
                refusal_raised = problem
        raise refusal_raised

    def _attach(self, user, stored, policy):
        submission = submission_store.get_or_create(self.course_key, self.usage_key, user)
        try:
            submission_store.add_file(submission, stored, policy)
        except UploadRefused as problem:
            submission_store.discard_if_unused(stored.path)
            raise upload_refused(problem) from None
        except submission_store.TransitionError as problem:
            submission_store.discard_if_unused(stored.path)
            raise refused(409, problem.code) from None
        return json_response(self.learner_state())

    @permissions.json_handler
    def remove_file(self, data, suffix=""):
        user = self.require_learner()
        submission = submission_store.find(self.usage_key, user.anonymous_id)
        file_id = permissions.record_id(data.get("file_id"))
        if file_id is None:  # record_id: 1e999 or 10**400 is no id (OverflowError before)
            raise refused(400, "which_file")
        if submission is None:
            raise refused(404, "no_such_file")
        try:
            submission_store.remove_file(submission, file_id)
        except submission_store.TransitionError as problem:
            raise transition_refused(problem) from None
        return self.learner_state()

    @permissions.json_handler
    def submit(self, data, suffix=""):
        """Hand in; ``{"confirm": true}`` is required, as the learner confirmed in the page."""
        user = self.require_learner()
        if data.get("confirm") is not True:
            raise refused(400, "confirm")
        submission = submission_store.find(self.usage_key, user.anonymous_id)
        if submission is None:
            raise refused(409, "no_files")
        allowed, is_late = rules.submission_window(timezone.now(), self.deadline(), self.grace_hours, self.late_policy)
        if not allowed:
            raise refused(403, "too_late")
        try:
            submission = submission_store.submit(submission, now=timezone.now(), is_late=is_late)
        except submission_store.TransitionError as problem:
            raise transition_refused(problem) from None
        return self.learner_state(submission)

    @permissions.json_handler
    def learner_state_json(self, data, suffix=""):
        return self.learner_state()

    def readable_submission(self, submission_id):
        """A submission of this block the current user may read: their own, or any for staff."""
        user = self.user
        rows = AssignmentSubmission.objects.filter(usage_key=self.usage_key, pk=submission_id)
        if not user.is_staff:
            rows = rows.filter(anonymous_id=user.anonymous_id or "\0")
        return rows.first()

    @permissions.handler
    def download(self, request, suffix=""):
        """``?file=<id>`` (a handed-in file) or ``?annotated=<submission id>``: owner or staff only.

        Answers with a redirect to a short-lived link that streams the file (``common.downloads``).
        """
        user = self.user
        try:
            if "annotated" in request.GET:
                submission = self.readable_submission(int(request.GET["annotated"]))
                if submission is None or not submission.annotated_path:
                    raise LookupError
                return handler_download(
                    self, "download", submission.annotated_path, submission.annotated_name, submission.annotated_mime
                )
            rows = AssignmentFile.objects.filter(
                pk=int(request.GET.get("file", "")), submission__usage_key=self.usage_key
            )
            if not user.is_staff:
                rows = rows.filter(submission__anonymous_id=user.anonymous_id or "\0")
            row = rows.first()
            if row is None:
                raise LookupError
            return handler_download(self, "download", row.path, row.display_name, row.mime)
        except (ValueError, OverflowError, LookupError, FileNotFoundError):
            # The same answer for "not yours" and "does not exist": ids reveal nothing.
            raise permissions.not_found(refusal("not_yours")) from None

    @permissions.handler
    def receipt(self, request, suffix=""):
        """The hand-in receipt: ``?format=pdf`` for the PDF, otherwise a printable page."""
        submission = self.own_submission()
        if submission is None or submission.submitted_at is None:
            raise permissions.not_found(refusal("no_receipt"))
        facts = receipt.ReceiptFacts(
            title=self.translate(self.display_name),
            course=self.course_name(),
            zone=self.time_zone(),
        )
        if request.GET.get("format") == "pdf":
            response = Response(receipt.receipt_pdf(submission, facts), content_type="application/pdf")
            return safe_headers(response, f"receipt-{submission.attempt}.pdf")
        header, files = receipt.receipt_lines(submission, facts)
        html = render_template(
            self,
            "assignment/templates/receipt.html",
            {"title": facts.title, "header": header, "files": files, "fingerprint": receipt.fingerprint_note()},
        )
        response = Response(html, content_type="text/html", charset="utf-8")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response
