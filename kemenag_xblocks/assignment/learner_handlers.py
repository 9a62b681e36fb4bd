"""The learner's handlers: upload, remove, hand in, state, own downloads and the receipt."""

from django.utils import timezone
from django.utils.translation import gettext as _
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from kemenag_xblocks.assignment import receipt, rules, submissions
from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission
from kemenag_xblocks.common.rendering import render_template
from kemenag_xblocks.common.responses import error, json_response, uploaded_field
from kemenag_xblocks.common.uploads import (
    UploadRefused,
    attachment_response,
    safe_headers,
    store_upload,
    too_large_error,
)

# Multipart framing around one file: a larger request is refused before the file is inspected or stored
# (Django has already spooled the body to a temporary file, which it deletes after the request).
MULTIPART_SLACK = 64 * 1024


def transition_message(code):
    return {
        "read_only": _("Your work has been handed in and can no longer be changed."),
        "no_such_file": _("This file is no longer part of your work. Reload the page."),
        "already_submitted": _("Your work has already been handed in."),
        "no_files": _("Add at least one file before handing in."),
        "not_submitted": _("This learner has not handed in work to grade."),
    }[code]


class LearnerHandlersMixin:
    def require_learner(self):
        user = self.user
        if not user.anonymous_id:
            raise JsonHandlerError(403, _("Sign in to hand in your work."))
        return user

    @XBlock.handler
    def upload(self, request, suffix=""):
        """Multipart POST, field ``file``: one file per request (the browser sends several in turn)."""
        if request.method != "POST":
            return error(405, _("Use POST to upload a file."))
        user = self.user
        if not user.anonymous_id:
            return error(403, _("Sign in to hand in your work."))
        policy = self.policy()
        # Oversize by its Content-Length: refused without touching the file.
        if request.content_length and request.content_length > policy.max_bytes + MULTIPART_SLACK:
            refused = too_large_error(policy)
            return error(refused.status, refused.message, code=refused.code)
        field = uploaded_field(request, "file")
        if field is None:
            return error(400, _("Choose a file to upload."), code="no_file")
        submission = submissions.get_or_create(self.course_key, self.usage_key, user)
        if not rules.can_edit_files(submission.status):
            return error(409, transition_message("read_only"), code="read_only")
        try:
            policy.check_count(submission.files.count())
            stored = store_upload(field, policy, path_prefix=self.path_prefix(user.anonymous_id))
        except UploadRefused as refused:
            return error(refused.status, refused.message, code=refused.code)
        try:
            submissions.add_file(submission, stored, policy)
        except UploadRefused as refused:
            submissions.discard_if_unused(stored.path)
            return error(refused.status, refused.message, code=refused.code)
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
        """``?file=<id>`` (a handed-in file) or ``?annotated=<submission id>``: owner or staff only."""
        user = self.user
        try:
            if "annotated" in request.GET:
                submission = self.readable_submission(int(request.GET["annotated"]))
                if submission is None or not submission.annotated_path:
                    raise LookupError
                return attachment_response(
                    submission.annotated_path, submission.annotated_name, submission.annotated_mime
                )
            rows = AssignmentFile.objects.filter(
                pk=int(request.GET.get("file", "")), submission__usage_key=self.usage_key
            )
            if not user.is_staff:
                rows = rows.filter(submission__anonymous_id=user.anonymous_id or "\0")
            row = rows.first()
            if row is None:
                raise LookupError
            return attachment_response(row.path, row.display_name, row.mime)
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
