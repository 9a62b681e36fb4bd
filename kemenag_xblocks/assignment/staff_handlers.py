"""Course staff's handlers: the grading list, grades, returns, download-all and grades as CSV.

Every handler starts with ``permissions.require_staff``. Grades for a learner are published to that
learner's gradebook entry (``gradebook.publish_for_learner``), never the grader's.
"""

import json

from django.contrib.auth import get_user_model
from django.core.paginator import EmptyPage, Paginator
from django.db import transaction
from django.utils.translation import gettext as _
from webob import Response

from kemenag_xblocks.assignment import archive, gradebook, grades_csv, presenters, rubric_rules, rules, submission_store
from kemenag_xblocks.assignment.learner_handlers import refused, upload_refused
from kemenag_xblocks.assignment.models import AssignmentSubmission
from kemenag_xblocks.common import permissions
from kemenag_xblocks.common.downloads import handler_download, safe_headers
from kemenag_xblocks.common.permissions import require_staff
from kemenag_xblocks.common.report_views import not_ready, status_url
from kemenag_xblocks.common.responses import json_response, uploaded_field
from kemenag_xblocks.common.uploads import UploadRefused, open_storage, store_upload

PAGE_SIZE = 50
FILTERS = (rules.DRAFT, rules.SUBMITTED, rules.LATE, rules.GRADED, rules.RETURNED)
MAX_FEEDBACK = grades_csv.MAX_FEEDBACK
# The rubric levels of a grading form: ``{"<criterion>": <level>}`` for at most 20 criteria.
MAX_LEVELS_JSON = 2000


class StaffHandlersMixin:
    def staff_submission(self, submission_id):
        try:  # record_id: 1e999 or 10**400 is no id (OverflowError before)
            return AssignmentSubmission.objects.get(usage_key=self.usage_key, pk=permissions.record_id(submission_id))
        except (TypeError, ValueError, AssignmentSubmission.DoesNotExist):
            return None

    def require_submission(self, submission_id):
        submission = self.staff_submission(submission_id)
        if submission is None:
            raise refused(404, "no_such_hand_in")
        return submission

    def staff_row(self, submission):
        return presenters.staff_row(
            submission,
            weight=self.weight,
            rubric=self.clean_rubric(),
            download_url=self.url("download"),
            zone=self.time_zone(),
        )

    @permissions.json_handler
    def submissions(self, data, suffix=""):
        """``{"status": one of FILTERS or "", "search": text, "page": n}`` -> a page of learners' rows."""
        require_staff(self)
        status = data.get("status") or None
        if status is not None and status not in FILTERS:
            raise refused(400, "unknown_filter")
        rows = submission_store.for_block(self.usage_key, status)
        search = str(data.get("search") or "").strip()[:100]
        if search:
            rows = rows.filter(username__icontains=search) | rows.filter(full_name__icontains=search)
        paginator = Paginator(rows, PAGE_SIZE)
        try:
            page = paginator.page(int(data.get("page") or 1))
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(Infinity)
            raise refused(400, "unknown_page") from None
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        counts = {key: submission_store.for_block(self.usage_key, key).count() for key in FILTERS}
        return {
            "rows": [self.staff_row(s) for s in page],
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
                raw, chosen = rubric_rules.score(criteria, levels)
            except (ValueError, RecursionError):  # RecursionError: JSON nested ~1000 deep
                raise ValueError(_("Choose a level for every rubric criterion.")) from None
            return rubric_rules.scaled(criteria, raw, self.weight), chosen
        try:
            return rules.validate_score(form.get("score", ""), self.weight), {}
        except ValueError:
            raise ValueError(
                _("The score must be a number from 0 to {max}.").format(max=presenters.points(self.weight))
            ) from None

    @permissions.handler
    def grade(self, request, suffix=""):
        """Multipart POST: ``submission_id``, ``score`` (or ``levels`` JSON), ``feedback``, optional ``annotated``."""
        require_staff(self)
        if request.method != "POST":
            raise permissions.method_not_allowed(_("Use POST to grade."))
        form = request.POST
        submission = self.require_submission(form.get("submission_id"))
        feedback = str(form.get("feedback") or "").strip()
        if len(feedback) > MAX_FEEDBACK:
            raise refused(400, "feedback_too_long")
        if self.points_possible() is None:
            # A block saved without points (an old editor wiped them) is refused plainly, never a 500.
            raise refused(409, "no_points")
        try:
            score, levels = self.grade_from_form(form)
        except ValueError as problem:
            raise permissions.bad_request(str(problem), code="invalid_grade") from None
        if submission.status not in (rules.SUBMITTED, rules.GRADED):
            raise refused(409, "not_submitted")
        annotated = None
        field = uploaded_field(request, "annotated")
        if field is not None:
            try:
                annotated = store_upload(
                    field, self.policy(), path_prefix=self.path_prefix(submission.anonymous_id) + "/annotated"
                )
            except UploadRefused as problem:
                raise upload_refused(problem) from None
        try:
            submission = submission_store.grade(
                submission,
                score=score,
                rubric_levels=levels,
                feedback=feedback,
                actor_id=self.user.user_id,
                annotated=annotated,
            )
        except submission_store.TransitionError:
            if annotated is not None:
                submission_store.discard_if_unused(annotated.path)
            raise refused(409, "not_submitted") from None
        gradebook.publish_for_learner(self, submission, score, self.weight)
        return json_response(self.staff_row(submission))

    @permissions.json_handler
    def return_for_revision(self, data, suffix=""):
        require_staff(self)
        submission = self.require_submission(data.get("submission_id"))
        feedback = str(data.get("feedback") or "").strip()
        if len(feedback) > MAX_FEEDBACK:
            raise refused(400, "feedback_too_long")
        try:
            submission = submission_store.return_for_revision(submission, feedback=feedback, actor_id=self.user.user_id)
        except submission_store.TransitionError:
            raise refused(409, "not_submitted") from None
        return self.staff_row(submission)

    @permissions.json_handler
    def grade_history(self, data, suffix=""):
        """``{"submission_id"}`` -> ``{"entries": [...]}``: every grade, change and return, oldest first."""
        require_staff(self)
        submission = self.require_submission(data.get("submission_id"))
        entries = list(submission_store.history(submission))
        actors = {entry.actor_id for entry in entries if entry.actor_id is not None}
        names = dict(get_user_model().objects.filter(pk__in=actors).values_list("pk", "username"))
        zone = self.time_zone()
        return {"entries": [presenters.history_entry(entry, names, zone=zone) for entry in entries]}

    @permissions.json_handler
    def download_all(self, data, suffix=""):
        """Start building the zip of every hand-in; ``ready`` tells whether it can be fetched now."""
        require_staff(self)
        token = archive.start_archive(self.course_key, self.usage_key, self.user.user_id)
        path = archive.archive_path(self.course_key, self.usage_key, token)
        return {
            "token": token,
            "ready": open_storage().exists(path),
            "url": presenters.add_query(self.url("download_archive"), token=token),
            "status_url": status_url(self, "download_all", token),
        }

    @permissions.handler
    def download_archive(self, request, suffix=""):
        require_staff(self)
        token = request.GET.get("token", "")
        if not token.isalnum() or len(token) != 32:
            raise refused(400, "unknown_archive")
        path = archive.archive_path(self.course_key, self.usage_key, token)
        if not open_storage().exists(path):
            return not_ready(path)  # 404 while it is prepared, 500 with the reason once it failed
        if request.method == "HEAD":  # the page polls with HEAD until the archive exists
            return Response(status=200)
        # A redirect to a streamed download: the zip can be hundreds of megabytes.
        return handler_download(
            self, "download_archive", path, f"{self.translate(self.display_name)}.zip", "application/zip"
        )

    @permissions.handler
    def export_grades(self, request, suffix=""):
        require_staff(self)
        text = grades_csv.export_text(submission_store.for_block(self.usage_key), self.weight)
        response = Response(text.encode("utf-8-sig"), content_type="text/csv", charset="utf-8")
        return safe_headers(response, "grades.csv")

    @permissions.handler
    def import_grades(self, request, suffix=""):
        """Multipart POST, field ``file``: a CSV as exported. All rows apply, or none (400 with errors)."""
        require_staff(self)
        field = uploaded_field(request, "file")
        if field is None:
            raise refused(400, "no_csv")
        data = field.file.read(grades_csv.MAX_IMPORT_BYTES + 1)
        if len(data) > grades_csv.MAX_IMPORT_BYTES:
            raise refused(413, "csv_too_large")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise refused(400, "csv_encoding") from None
        if self.points_possible() is None:
            raise refused(409, "no_points")
        rows = list(submission_store.for_block(self.usage_key))
        changes, errors = grades_csv.parse_import(text, rows, self.weight)
        if errors:
            raise refused(400, "csv_rows", errors=errors)
        actor = self.user.user_id
        try:
            with transaction.atomic():
                graded = [
                    submission_store.grade(
                        submission,
                        score=score,
                        rubric_levels={},
                        feedback=submission.feedback if feedback is None else feedback,
                        actor_id=actor,
                    )
                    for submission, score, feedback in changes
                ]
        except submission_store.TransitionError:
            # A learner's hand-in changed while the file was being checked: nothing was applied.
            raise refused(409, "csv_changed") from None
        for submission in graded:
            gradebook.publish_for_learner(self, submission, submission.score, self.weight)
        return json_response({"applied": len(graded)})
