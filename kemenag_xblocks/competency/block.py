"""The competency tracker block (``kemenag_competency``): training hours (JP) across courses.

The block is thin: the ledger, rules and reports live in ``ledger``, ``rules`` and ``api``.
Authors set the course's JP value and competency type on it; learners see their JP across the
whole platform and report external trainings; staff see the course's cohort and verify reports.
"""

import uuid

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from webob import Response
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Float, Scope, String

from kemenag_xblocks.common import olx, permissions
from kemenag_xblocks.common.chunked_handlers import ChunkedUploadMixin
from kemenag_xblocks.common.downloads import handler_download, safe_headers
from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.native import user_state_handler
from kemenag_xblocks.common.permissions import Refused, bad_request, not_found, require_staff
from kemenag_xblocks.common.rendering import block_fragment, dom_id, render_template
from kemenag_xblocks.common.scenarios import scenarios_for
from kemenag_xblocks.common.studio import StudioEditableMixin
from kemenag_xblocks.common.uploads import (
    KNOWN_TYPES,
    UploadPolicy,
    UploadRefused,
    extension_of,
    storage_prefix,
    store_upload,
)
from kemenag_xblocks.competency import (
    api,
    browser_strings,
    dates,
    forms,
    ledger,
    native,
    people,
    rules,
    transcript,
    verification,
)
from kemenag_xblocks.competency.export import csv_lines
from kemenag_xblocks.competency.models import CompetencyType, LedgerEntry, TrainingKind
from kemenag_xblocks.conf import setting

STATE_LABELS = {
    rules.MEETS: gettext_noop("Meeting the target"),
    rules.BELOW: gettext_noop("Below the target"),
    rules.NONE_IN_TWO_YEARS: gettext_noop("No training in 2 years"),
    rules.NO_TARGET: gettext_noop("No yearly target (non-ASN, public)"),
}


def editable_fields_of(node):
    return [name for name in CompetencyBlock.editable_fields if node.get(name) is not None]


def in_studio():
    """Inside Open edX's Studio (the CMS), which authorises editor saves itself (course authors
    only) and whose user service does not say "staff"; everywhere else staff are checked here."""
    from django.conf import settings

    return getattr(settings, "SERVICE_VARIANT", "") == "cms"


class CompetencyBlock(olx.OLXBlockMixin, ChunkedUploadMixin, StudioEditableMixin, KemenagBlockMixin, XBlock):
    """Shows a learner's JP against the yearly target; display-only for completion."""

    completion_mode = XBlockCompletionMode.EXCLUDED

    display_name = String(
        display_name=gettext_noop("Display name"),
        scope=Scope.settings,
        default=gettext_noop("Competency development (JP)"),
    )
    course_title = String(
        display_name=gettext_noop("Course name on transcripts"),
        help=gettext_noop("How this course appears in learners' JP records. Empty: the course key."),
        scope=Scope.settings,
        default="",
    )
    jp = Float(
        display_name=gettext_noop("JP of this course"),
        help=gettext_noop("Lesson hours (JP) a learner earns by passing this course."),
        scope=Scope.settings,
        default=0.0,
    )
    competency_type = String(
        display_name=gettext_noop("Competency type"),
        scope=Scope.settings,
        default=CompetencyType.TEKNIS,
        values=[{"display_name": label, "value": value} for value, label in CompetencyType.choices],
    )
    editable_fields = ("display_name", "course_title", "jp", "competency_type")

    # ----- authoring -------------------------------------------------------------------------

    # ---- OLX (common/olx.py: pointers, platform attributes, invalid OLX kept) -----------------

    olx_attributes = editable_fields

    @classmethod
    def read_definition(cls, node):
        """The settings, after checks that name the element (a bare ValueError, or a silently kept
        unknown type, would leave the author guessing)."""
        olx.check_children(node, ())
        if node.get("jp") is not None:
            try:
                float(node.get("jp"))
            except ValueError:
                raise olx.invalid_attribute(node, "jp") from None
        if node.get("competency_type") is not None and node.get("competency_type") not in CompetencyType.values:
            raise olx.invalid_attribute(node, "competency_type")
        return {name: cls.fields[name].from_string(node.get(name)) for name in editable_fields_of(node)}

    def write_definition(self, node):
        for name in self.olx_attributes:
            field = self.fields[name]
            if field.is_set_on(self):
                node.set(name, olx.attribute_text(field, getattr(self, name)))

    def validate_field_data(self, validation, data):
        from xblock.validation import ValidationMessage

        try:
            if data.jp:
                forms.parse_jp(data.jp)
            forms.parse_competency_type(data.competency_type)
        except forms.Invalid as error:
            validation.add(ValidationMessage(ValidationMessage.ERROR, str(error)))

    def _sync_course_competency(self):
        """Keep the course's JP value as the author set it (after Studio edits, and on view after imports)."""
        if self.jp and self.jp > 0:
            ledger.set_course_competency(
                self.course_key,
                jp=round(self.jp, 2),
                competency_type=self.competency_type,
                title=self.course_title or _(self.display_name),
            )

    def _make_field_info(self, field_name, field):
        """Studio's editor puts numbers into ``<input type=number>``: they go as plain text
        (``12.0``), never in the active language's format (``12,0``, which the browser rejects,
        so a save without edits would wipe the JP)."""
        info = super()._make_field_info(field_name, field)
        if info.get("type") in ("float", "integer"):
            for key in ("value", "default"):
                if isinstance(info.get(key), (int, float)) and not isinstance(info.get(key), bool):
                    info[key] = repr(info[key])
        return info

    def editor_saved(self, user, old_metadata, old_content):
        # Studio (the CMS) calls this after a course author's save: the course's JP value follows.
        self._sync_course_competency()

    @permissions.handler
    def submit_studio_edits(self, request, suffix=""):
        """Studio's save button: course staff only (a learner's call writes nothing), then the
        course's JP value that the receivers use. The LMS view never writes it."""
        if not in_studio():
            require_staff(self)
        response = super().submit_studio_edits(request, suffix)
        if response.status_code == 200:
            self._sync_course_competency()
        return response

    # ----- views -----------------------------------------------------------------------------

    # A view decorator: the LMS asks the student_view itself (has_support) before serving the apps.
    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        if self.invalid_olx:
            return self.unavailable_fragment()
        # Reads only: the course's JP value is written by staff's Studio save, the cohort by the
        # enrollment event (competency/receivers.py).
        return block_fragment(
            self,
            "competency/templates/student_view.html",
            {"title": _(self.display_name), "body": self._body_html()},
            css=["competency.css"],
            js=["common/kemenag.js", "common/chunked_upload.js", "competency.js"],
            init_fn="KemenagCompetencyBlock",
            init_args={"strings": browser_strings.learner(self.gettext)},
        )

    def student_view_data(self, context=None):
        """For the mobile apps (docs/native-api.md): the course's JP settings."""
        return native.student_view_data(self)

    @user_state_handler
    def student_view_user_state(self):
        """The learner's own JP summary and trainings, for the mobile apps (GET)."""
        user_id = self.user.user_id
        if user_id is None:
            raise Refused(403, "sign_in", _("Sign in to see your competency development hours (JP)."))
        return native.user_state(user_id, self._evidence_url)

    def _body_html(self):
        user = self.user
        context = {
            "dom_id": dom_id(self),
            "signed_in": user.user_id is not None,
            "is_staff": user.is_staff,
            "transcript_url": self.runtime.handler_url(self, "transcript"),
            "export_url": self.runtime.handler_url(self, "export_csv"),
        }
        if user.user_id is not None:
            context.update(self._learner_context(user.user_id))
        if user.is_staff or people.is_officer(user.user_id):
            context.update(self._staff_context())
            context["is_staff"] = True
        return render_template(self, "competency/templates/body.html", context)

    def _learner_context(self, user_id):
        summary = api.learner_summary(user_id)
        entries = [
            {
                "entry": entry,
                "type_label": transcript.type_label(entry.competency_type),
                "status_label": _(LedgerEntry.Status(entry.status).label),
                "jp": rules.display_jp(entry.jp),
                "evidence_url": self._evidence_url(entry),
            }
            for entry in api.learner_entries(user_id)[:100]
        ]
        return {
            "summary": summary,
            "status_text": rules.status_text(summary),
            "jp_this_year": rules.display_jp(summary.jp_this_year),
            "jp_24": rules.display_jp(summary.jp_last_24_months),
            "target": rules.display_jp(summary.target) if summary.has_target else "",
            "by_type": [
                (transcript.type_label(value), rules.display_jp(summary.by_type.get(value, 0)))
                for value in CompetencyType.values
            ],
            "entries": entries,
            "types": [(value, _(label)) for value, label in CompetencyType.choices],
            "today": dates.today().isoformat(),
            "evidence_types": ", ".join(self._evidence_policy().extensions),
            "evidence_accept": ",".join(f".{ext}" for ext in sorted(self._evidence_policy().extensions)),
            # One key per rendered form: a retried send of the same report is recognised.
            "report_key": uuid.uuid4().hex,
            "training_kinds": list(TrainingKind.objects.values_list("pk", "name")),
        }

    def _staff_context(self):
        report = api.cohort_report(self.course_key)
        # External trainings are verified by the learner's unit HR officers (decision 0004): course
        # staff see the queue only for the units they are officers of.
        pending = verification.queue(self.user.user_id)[:50]
        return {
            "cohort_counts": [(_(STATE_LABELS[state]), count) for state, count in report["counts"].items()],
            "is_officer": people.is_officer(self.user.user_id),
            "cohort_size": len(report["rows"]),
            "pending": [
                {
                    "entry": e,
                    "jp": rules.display_jp(e.jp),
                    "type_label": transcript.type_label(e.competency_type),
                    "evidence_url": self._evidence_url(e),
                }
                for e in pending
            ],
        }

    def _evidence_url(self, entry):
        return self.runtime.handler_url(self, "evidence", query=f"entry={entry.pk}") if entry.evidence_path else ""

    # ----- learner handlers --------------------------------------------------------------------

    @staticmethod
    def _evidence_policy():
        return UploadPolicy.from_settings(extensions=setting("KEMENAG_JP_EVIDENCE_TYPES"), max_files=1)

    # Hooks of the resumable upload handlers (common/chunked_handlers.py) for the certificate.
    def chunked_upload_policy(self):
        return self._evidence_policy()

    def chunked_upload_prefix(self, user):
        return storage_prefix(self.course_key, self.scope_ids.usage_id, user.anonymous_id) + "/jp"

    def check_may_add_file(self, user):
        if user.user_id is None:
            raise UploadRefused("sign_in", _("Sign in to report a training."), 403)

    @permissions.handler
    def report_training(self, request, suffix=""):
        """Multipart POST: an external training with its certificate, pending verification. The certificate
        is the file field ``evidence``, or ``upload_id``: a resumable upload that has fully arrived.

        ``report_key`` (the form's one-time key) makes a retry return the first try; ``resubmit``
        names the learner's own rejected training to send again, corrected."""
        user = self.user
        if request.method != "POST":
            raise permissions.method_not_allowed(_("Send the form with POST."))
        if user.user_id is None:
            raise Refused(403, "sign_in", _("Sign in to report a training."))
        key = request.POST.get("report_key", "")
        if ledger.existing_report(user.user_id, key) is not None:
            return self._reported()
        try:
            cleaned = forms.external_training(request.POST)
        except forms.Invalid as invalid:
            raise Refused(400, "invalid", str(invalid), fields=invalid.fields) from None
        resubmit = forms.parse_entry_id(request.POST.get("resubmit")) if request.POST.get("resubmit") else None
        evidence = request.POST.get("evidence")
        upload_id = request.POST.get("upload_id")
        has_file = upload_id or (evidence is not None and hasattr(evidence, "file"))
        if not has_file and resubmit is None:
            message = _("Attach the training certificate.")
            raise Refused(400, "no_file", message, fields={"evidence": message})
        stored = None
        try:
            if upload_id:
                stored = self.finish_chunked_upload(str(upload_id), user)
            elif has_file:
                stored = store_upload(evidence, self._evidence_policy(), path_prefix=self.chunked_upload_prefix(user))
        except UploadRefused as refused:
            raise Refused(refused.status, refused.code, refused.message, fields={"evidence": refused.message}) from None
        try:
            if resubmit is not None:
                if ledger.resubmit(resubmit, user.user_id, evidence=stored, **cleaned) is None:
                    raise not_found()
            else:
                ledger.report_external(user.user_id, evidence=stored, reported_in=self.course_key, key=key, **cleaned)
        except ledger.Duplicate as duplicate:
            raise Refused(409, "duplicate", str(duplicate)) from None
        return self._reported()

    def _reported(self):
        return Response(
            json_body={
                "html": self._body_html(),
                "message": _("Thank you. Your unit's HR officer will verify your training."),
            },
            charset="utf-8",
        )

    @permissions.handler
    def evidence(self, request, suffix=""):
        """Download a certificate file: its owner, course staff of the course it was reported through,
        or an HR officer of the learner's unit. Anyone else gets the 404 of a missing entry."""
        user = self.user
        entry = forms.find_entry(request.GET.get("entry", ""))
        if entry is None or not entry.evidence_path or user.user_id is None:
            raise not_found()
        allowed = (
            entry.user_id == user.user_id
            or (user.is_staff and entry.reported_in == self.course_key)
            or verification.may_decide(user.user_id, entry)
        )
        if not allowed:
            raise not_found()
        mime = KNOWN_TYPES.get(extension_of(entry.evidence_path), ("application/octet-stream",))[0]
        # A redirect to a streamed, user-bound link (common.downloads): handler responses cannot stream.
        return handler_download(self, "evidence", entry.evidence_path, entry.evidence_name, mime)

    @permissions.handler
    def transcript(self, request, suffix=""):
        """The learner's JP transcript as a PDF. A GET is idempotent: the same figures give the
        transcript already issued (same code); only changed figures issue a new one."""
        user_id = self.user.user_id
        if user_id is None:
            raise Refused(403, "sign_in", _("Sign in to download your JP transcript."))
        issued = transcript.issue(get_user_model().objects.get(pk=user_id))
        response = Response(body=transcript.render_pdf(issued), content_type="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="transkrip-jp-{issued.code}.pdf"'
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response

    # ----- officer and staff handlers -----------------------------------------------------------

    @permissions.json_handler
    def decide_training(self, data, suffix=""):
        """An HR officer of the learner's unit: verify (``approve``) or reject (with a ``reason``)
        a pending external training. Anyone else is told it does not exist."""
        user_id = self.user.user_id
        if user_id is None:
            raise Refused(403, "sign_in", _("Sign in to continue."))
        entry_id = forms.parse_entry_id(data.get("entry"))
        approve = data.get("approve") is True
        reason = ""
        if not approve:
            try:
                reason = forms.parse_text(data.get("reason"), _("Reason"), max_length=forms.REASON_MAX)
            except forms.Invalid as invalid:
                raise bad_request(str(invalid), code="invalid") from None
        entry = LedgerEntry.objects.filter(pk=entry_id, source=LedgerEntry.Source.EXTERNAL).first()
        if entry is None or not verification.may_decide(user_id, entry):
            raise not_found(_("Unknown training."))
        if not ledger.decide(
            entry_id,
            actor_id=user_id,
            approve=approve,
            reason=reason,
            course_key=self.course_key,
            usage_key=self.usage_key,
        ):
            raise Refused(409, "decided", _("This training has already been decided."))
        message = _("Training verified.") if approve else _("Training rejected.")
        return {"html": self._body_html(), "message": message}

    @permissions.json_handler
    def check_transcript(self, data, suffix=""):
        """Staff: what the transcript with this verification code said when it was issued."""
        require_staff(self)
        found = transcript.check(str(data.get("code", ""))[:32])
        if found is None:
            raise not_found(_("No transcript has this verification code."))
        return found

    @permissions.handler
    def export_csv(self, request, suffix=""):
        """Staff: the course cohort's compliance as CSV (streamed row by row)."""
        require_staff(self)
        report = api.cohort_report(self.course_key)
        response = Response(content_type="text/csv", charset="utf-8")
        response.app_iter = csv_lines(report["rows"])
        return safe_headers(response, "kepatuhan-jp.csv")

    @staticmethod
    def workbench_scenarios():
        return scenarios_for("kemenag_competency")
