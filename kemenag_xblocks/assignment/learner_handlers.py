"""The learner's handlers: upload, remove, hand in, state, own downloads and the receipt."""

from urllib.parse import unquote

from django.utils import timezone
from django.utils.translation import gettext as _
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from kemenag_xblocks.assignment import receipt, rules, submissions
from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
from kemenag_xblocks.common import multipart_upload
from kemenag_xblocks.common.chunked_handlers import ChunkedUploadMixin, json_body, refusal
from kemenag_xblocks.common.downloads import handler_download, safe_headers
from kemenag_xblocks.common.rendering import render_template
from kemenag_xblocks.common.responses import error, json_response, uploaded_field
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


def transition_message(code):
    return {
        "read_only": _("Your work has been handed in and can no longer be changed."),
        "no_such_file": _("This file is no longer part of your work. Reload the page."),
        "already_submitted": _("Your work has already been handed in."),
        "no_files": _("Add at least one file before handing in."),
        "not_submitted": _("This learner has not handed in work to grade."),
    }[code]


class LearnerHandlersMixin(ChunkedUploadMixin):
    def require_learner(self):
        user = self.user
        if not user.anonymous_id:
            raise JsonHandlerError(403, _("Sign in to hand in your work."))
        return user

    # Hooks of the resumable upload handlers (upload_start, upload_status, upload_chunk, upload_cancel).
    def chunked_upload_policy(self):
        return self.policy()

    def chunked_upload_prefix(self, user):
        return self.path_prefix(user.anonymous_id)

    def check_may_add_file(self, user):
        submission = submissions.find(self.usage_key, user.anonymous_id)
        if submission is None:
            return
        if not rules.can_edit_files(submission.status):
            raise UploadRefused("read_only", transition_message("read_only"), 409)
        self.policy().check_count(submission.files.count())

    @XBlock.handler
    def upload(self, request, suffix=""):
        """One file per request (the browser sends several in turn), either as multipart field ``file``
        or as the raw body (``Content-Type: application/octet-stream``, the name percent-encoded in
        ``X-Upload-Name``), which skips multipart parsing."""
        if request.method != "POST":
            return error(405, _("Use POST to upload a file."))
        user = self.user
        if not user.anonymous_id:
            return error(403, _("Sign in to hand in your work."))
        policy = self.policy()
        raw = request.content_type == RAW_CONTENT_TYPE
        # Oversize by its Content-Length: refused without touching the file.
        if request.content_length and request.content_length > policy.max_bytes + (0 if raw else MULTIPART_SLACK):
            return refusal(too_large_error(policy))
        field = streamed = None
        try:
            if raw:
                if not request.content_length:
                    return error(400, _("Choose a file to upload."), code="no_file")
            else:
                # Parsed as it streams, unless Django has parsed the form already (then from request.POST).
                streamed = multipart_upload.open_file(request, "file")
                field = uploaded_field(request, "file") if streamed is None else None
                if streamed is multipart_upload.NO_FILE or (streamed is None and field is None):
                    return error(400, _("Choose a file to upload."), code="no_file")
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
        except UploadRefused as refused:
            return refusal(refused)
        return self._attach(user, stored, policy)

    @XBlock.handler
    def upload_finish(self, request, suffix=""):
        """JSON ``{"upload_id"}``: a resumable upload that has fully arrived becomes one of the files,
        if its SHA-256 is the declared one and it passes every check of ``upload``."""
        try:
            user = self._chunked_uploader(request)
            stored = self.finish_chunked_upload(json_body(request).get("upload_id"), user)
        except UploadRefused as refused:
            return refusal(refused)
        return self._attach(user, stored, self.policy())

    def _attach(self, user, stored, policy):
        submission = submissions.get_or_create(self.course_key, self.usage_key, user)
        try:
            submissions.add_file(submission, stored, policy)
        except UploadRefused as refused:
            submissions.discard_if_unused(stored.path)
            return refusal(refused)
        except submissions.TransitionError as refused:
            submissions.discard_if_unused(stored.path)
            return error(409, transition_message(refused.code), code=refused.code)
        return json_response(self.learner_state())

    @XBlock.json_handler
    def remove_file(self, data, suffix=""):
        user = self.require_learner()
        submission = submissions.find(self.usage_key, user.anonymous_id)
        try:
            file_id = int(data.get("file_id"))
        except (TypeError, ValueError, AttributeError):
            raise JsonHandlerError(400, _("Say which file to remove.")) from None
        if submission is None:
            raise JsonHandlerError(404, transition_message("no_such_file"))
        try:
            submissions.remove_file(submission, file_id)
        except submissions.TransitionError as refused:
            raise JsonHandlerError(
                404 if refused.code == "no_such_file" else 409, transition_message(refused.code)
            ) from None
        return self.learner_state()

    @XBlock.json_handler
    def submit(self, data, suffix=""):
        """Hand in; ``{"confirm": true}`` is required, as the learner confirmed in the page."""
        user = self.require_learner()
        if not isinstance(data, dict) or data.get("confirm") is not True:
            raise JsonHandlerError(400, _("Confirm that you want to hand in your work."))
        submission = submissions.find(self.usage_key, user.anonymous_id)
        if submission is None:
            raise JsonHandlerError(409, transition_message("no_files"))
        allowed, is_late = rules.submission_window(timezone.now(), self.deadline(), self.grace_hours, self.late_policy)
        if not allowed:
            raise JsonHandlerError(403, _("The deadline has passed and this assignment does not accept late work."))
        try:
            submission = submissions.submit(submission, now=timezone.now(), is_late=is_late)
        except submissions.TransitionError as refused:
            raise JsonHandlerError(409, transition_message(refused.code)) from None
        return self.learner_state(submission)

    @XBlock.json_handler
    def learner_state_json(self, data, suffix=""):
        return self.learner_state()

    def readable_submission(self, submission_id):
        """A submission of this block the current user may read: their own, or any for staff."""
        user = self.user
        rows = AssignmentSubmission.objects.filter(usage_key=self.usage_key, pk=submission_id)
        if not user.is_staff:
            rows = rows.filter(anonymous_id=user.anonymous_id or "\0")
        return rows.first()

    @XBlock.handler
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
        except (ValueError, LookupError, FileNotFoundError):
            # The same answer for "not yours" and "does not exist": ids reveal nothing.
            return error(404, _("This file does not exist or is not yours to open."))

    @XBlock.handler
    def receipt(self, request, suffix=""):
        """The hand-in receipt: ``?format=pdf`` for the PDF, otherwise a printable page."""
        submission = self.own_submission()
        if submission is None or submission.submitted_at is None:
            return error(404, _("There is no hand-in to give a receipt for yet."))
        title = _(self.display_name)
        if request.GET.get("format") == "pdf":
            response = Response(receipt.receipt_pdf(submission, title, self.course_key), content_type="application/pdf")
            return safe_headers(response, f"receipt-{submission.attempt}.pdf")
        header, files = receipt.receipt_lines(submission, title, self.course_key)
        html = render_template(
            self, "assignment/templates/receipt.html", {"title": title, "header": header, "files": files}
        )
        response = Response(html, content_type="text/html", charset="utf-8")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response
