"""Course staff's handlers: the grading list, grades, returns, download-all and grades as CSV.

Every handler starts with ``require_staff``. Grades for a learner are published to that
learner's gradebook entry (``gradebook.publish_for_learner``), never the grader's.
"""

import json

from django.contrib.auth import get_user_model
from django.core.paginator import EmptyPage, Paginator
from django.db import transaction
from django.utils.translation import gettext as _
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from kemenag_xblocks.assignment import archive, gradebook, grades_csv, presenters, rubric, rules, submissions
from kemenag_xblocks.assignment.models import AssignmentSubmission
from kemenag_xblocks.common import permissions
from kemenag_xblocks.common.downloads import handler_download, safe_headers
from kemenag_xblocks.common.responses import error, json_response, refuse_unless_staff, uploaded_field
from kemenag_xblocks.common.uploads import UploadRefused, open_storage, store_upload
from kemenag_xblocks.common.user import require_staff

PAGE_SIZE = 50
FILTERS = (rules.DRAFT, rules.SUBMITTED, rules.LATE, rules.GRADED, rules.RETURNED)
MAX_FEEDBACK = grades_csv.MAX_FEEDBACK
# The rubric levels of a grading form: ``{"<criterion>": <level>}`` for at most 20 criteria.
MAX_LEVELS_JSON = 2000


def require_object(data):
    """A JSON body that is not an object (a list, a number) is a bad request, not a crash."""
    if not isinstance(data, dict):
        raise JsonHandlerError(400, _("The request could not be read. Reload the page and try again."))


class StaffHandlersMixin:
    def staff_submission(self, submission_id):
        try:  # record_id: 1e999 or 10**400 is no id (OverflowError before)
            return AssignmentSubmission.objects.get(usage_key=self.usage_key, pk=permissions.record_id(submission_id))
        except (TypeError, ValueError, AssignmentSubmission.DoesNotExist):
            return None

    @XBlock.json_handler
    def submissions(self, data, suffix=""):
        """``{"status": one of FILTERS or "", "search": text, "page": n}`` -> a page of learners' rows."""
        require_staff(self)
        require_object(data)
        status = data.get("status") or None
        if status is not None and status not in FILTERS:
            raise JsonHandlerError(400, _("Unknown status filter."))
        rows = submissions.for_block(self.usage_key, status)
        search = str(data.get("search") or "").strip()[:100]
        if search:
            rows = rows.filter(username__icontains=search) | rows.filter(full_name__icontains=search)
        paginator = Paginator(rows, PAGE_SIZE)
        try:
            page = paginator.page(int(data.get("page") or 1))
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(Infinity)
            raise JsonHandlerError(400, _("Unknown page.")) from None
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        counts = {key: submissions.for_block(self.usage_key, key).count() for key in FILTERS}
        download_url = self.url("download")
        rubric_ = self.clean_rubric()
        return {
            "rows": [
                presenters.staff_row(s, weight=self.weight, rubric=rubric_, download_url=download_url) for s in page
            ],
            "page": page.number,
            "pages": paginator.num_pages,
            "total": paginator.count,
            "counts": counts,
        }

    def grade_from_form(self, form):
        """``(score, levels)`` from a grading form: rubric levels when the block has a rubric."""
        criteria = self.clean_rubric()
        if criteria:
            try:
                raw_levels = str(form.get("levels") or "{}")
                if len(raw_levels) > MAX_LEVELS_JSON:  # a few bytes per criterion: bounded before parsing
                    raise ValueError("levels too long")
                levels = json.loads(raw_levels)
                raw, chosen = rubric.score(criteria, levels)
            except (ValueError, RecursionError):  # RecursionError: JSON nested ~1000 deep
                raise ValueError(_("Choose a level for every rubric criterion.")) from None
            return rubric.scaled(criteria, raw, self.weight), chosen
        try:
            return rules.validate_score(form.get("score", ""), self.weight), {}
        except ValueError:
            raise ValueError(
                _("The score must be a number from 0 to {max}.").format(max=presenters.points(self.weight))
            ) from None

    @XBlock.handler
    def grade(self, request, suffix=""):
        """Multipart POST: ``submission_id``, ``score`` (or ``levels`` JSON), ``feedback``, optional ``annotated``."""
        if (refused := refuse_unless_staff(self)) is not None:
            return refused
        if request.method != "POST":
            return error(405, _("Use POST to grade."))
        form = request.POST
        submission = self.staff_submission(form.get("submission_id"))
        if submission is None:
            return error(404, _("No such hand-in."))
        feedback = str(form.get("feedback") or "").strip()
        if len(feedback) > MAX_FEEDBACK:
            return error(400, _("The feedback is too long."))
        try:
            score, levels = self.grade_from_form(form)
        except ValueError as problem:
            return error(400, str(problem))
        if submission.status not in (rules.SUBMITTED, rules.GRADED):
            return error(409, _("This learner has not handed in work to grade."))
        annotated = None
        field = uploaded_field(request, "annotated")
        if field is not None:
            try:
                annotated = store_upload(
                    field, self.policy(), path_prefix=self.path_prefix(submission.anonymous_id) + "/annotated"
                )
            except UploadRefused as refused:
                return error(refused.status, refused.message, code=refused.code)
        try:
            submission = submissions.grade(
                submission,
                score=score,
                rubric_levels=levels,
                feedback=feedback,
                actor_id=self.user.user_id,
                annotated=annotated,
            )
        except submissions.TransitionError:
            if annotated is not None:
                submissions.discard_if_unused(annotated.path)
            return error(409, _("This learner has not handed in work to grade."))
        gradebook.publish_for_learner(self, submission, score, self.weight)
        return json_response(
            presenters.staff_row(
                submission, weight=self.weight, rubric=self.clean_rubric(), download_url=self.url("download")
            )
        )

    @XBlock.json_handler
    def return_for_revision(self, data, suffix=""):
        require_staff(self)
        require_object(data)
        submission = self.staff_submission(data.get("submission_id"))
        if submission is None:
            raise JsonHandlerError(404, _("No such hand-in."))
        feedback = str(data.get("feedback") or "").strip()
        if len(feedback) > MAX_FEEDBACK:
            raise JsonHandlerError(400, _("The feedback is too long."))
        try:
            submission = submissions.return_for_revision(submission, feedback=feedback, actor_id=self.user.user_id)
        except submissions.TransitionError:
            raise JsonHandlerError(409, _("This learner has not handed in work to grade.")) from None
        return presenters.staff_row(
            submission, weight=self.weight, rubric=self.clean_rubric(), download_url=self.url("download")
        )

    @XBlock.json_handler
    def grade_history(self, data, suffix=""):
        """``{"submission_id"}`` -> ``{"entries": [...]}``: every grade, change and return, oldest first."""
        require_staff(self)
        require_object(data)
        submission = self.staff_submission(data.get("submission_id"))
        if submission is None:
            raise JsonHandlerError(404, _("No such hand-in."))
        entries = list(submissions.history(submission))
        actors = {entry.actor_id for entry in entries if entry.actor_id is not None}
        names = dict(get_user_model().objects.filter(pk__in=actors).values_list("pk", "username"))
        return {"entries": [presenters.history_entry(entry, names) for entry in entries]}

    @XBlock.json_handler
    def download_all(self, data, suffix=""):
        """Start building the zip of every hand-in; ``ready`` tells whether it can be fetched now."""
        require_staff(self)
        token = archive.start_archive(self.course_key, self.usage_key)
        path = archive.archive_path(self.course_key, self.usage_key, token)
        return {
            "token": token,
            "ready": open_storage().exists(path),
            "url": presenters.add_query(self.url("download_archive"), token=token),
        }

    @XBlock.handler
    def download_archive(self, request, suffix=""):
        if (refused := refuse_unless_staff(self)) is not None:
            return refused
        token = request.GET.get("token", "")
        if not token.isalnum() or len(token) != 32:
            return error(400, _("Unknown archive."))
        path = archive.archive_path(self.course_key, self.usage_key, token)
        if not open_storage().exists(path):
            return error(404, _("The archive is still being prepared. Try again in a minute."))
        if request.method == "HEAD":  # the page polls with HEAD until the archive exists
            return Response(status=200)
        # A redirect to a streamed download: the zip can be hundreds of megabytes.
        return handler_download(self, "download_archive", path, f"{_(self.display_name)}.zip", "application/zip")

    @XBlock.handler
    def export_grades(self, request, suffix=""):
        if (refused := refuse_unless_staff(self)) is not None:
            return refused
        text = grades_csv.export_text(submissions.for_block(self.usage_key), self.weight)
        response = Response(text.encode("utf-8-sig"), content_type="text/csv", charset="utf-8")
        return safe_headers(response, "grades.csv")

    @XBlock.handler
    def import_grades(self, request, suffix=""):
        """Multipart POST, field ``file``: a CSV as exported. All rows apply, or none (400 with errors)."""
        if (refused := refuse_unless_staff(self)) is not None:
            return refused
        field = uploaded_field(request, "file")
        if field is None:
            return error(400, _("Choose a CSV file to import."))
        data = field.file.read(grades_csv.MAX_IMPORT_BYTES + 1)
        if len(data) > grades_csv.MAX_IMPORT_BYTES:
            return error(413, _("The CSV file is too large."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return error(400, _("Save the CSV file as UTF-8 and try again."))
        rows = list(submissions.for_block(self.usage_key))
        changes, errors = grades_csv.parse_import(text, rows, self.weight)
        if errors:
            return error(400, _("Nothing was imported: fix the rows listed and import the file again."), errors=errors)
        actor = self.user.user_id
        try:
            with transaction.atomic():
                graded = [
                    submissions.grade(
                        submission,
                        score=score,
                        rubric_levels={},
                        feedback=submission.feedback if feedback is None else feedback,
                        actor_id=actor,
                    )
                    for submission, score, feedback in changes
                ]
        except submissions.TransitionError:
            # A learner's hand-in changed while the file was being checked: nothing was applied.
            return error(409, _("Hand-ins changed during the import; nothing was imported. Try again."))
        for submission in graded:
            gradebook.publish_for_learner(self, submission, submission.score, self.weight)
        return json_response({"applied": len(graded)})
