"""The assignment block (``kemenag_assignment``): learners hand in files, staff grade them.

A thin XBlock. Rules live beside it: ``rules`` and ``rubric`` (pure), ``submissions`` (the
learner's rows and their transitions), ``presenters`` (JSON for the browser), ``gradebook``
(grades for another learner), ``archive`` (download all), ``grades_csv``, ``receipt``;
handlers are in ``learner_handlers`` and ``staff_handlers``.
"""

import nh3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from lxml import etree
from xblock.core import XBlock
from xblock.fields import DateTime, Float, Integer, List, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score
from xblock.validation import ValidationMessage

from kemenag_xblocks.assignment import native, presenters, rubric, rules, submissions
from kemenag_xblocks.assignment.learner_handlers import RESUMABLE_HANDLERS, LearnerHandlersMixin
from kemenag_xblocks.assignment.messages import js_strings
from kemenag_xblocks.assignment.staff_handlers import StaffHandlersMixin
from kemenag_xblocks.common import olx
from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.native import user_state_handler
from kemenag_xblocks.common.rendering import block_fragment
from kemenag_xblocks.common.scenarios import scenarios_for
from kemenag_xblocks.common.studio import StudioEditableMixin
from kemenag_xblocks.common.uploads import UploadPolicy, storage_prefix

# OLX attributes (everything but the instructions and the rubric, which are child elements).
ATTRIBUTES = (
    "display_name",
    "weight",
    "max_files",
    "max_file_mb",
    "allowed_types",
    "due_date",
    "grace_hours",
    "late_policy",
)


class AssignmentBlock(
    olx.OLXBlockMixin,
    LearnerHandlersMixin,
    StaffHandlersMixin,
    StudioEditableMixin,
    ScorableXBlockMixin,
    KemenagBlockMixin,
    XBlock,
):
    """A file assignment graded by course staff."""

    display_name = String(
        display_name=gettext_noop("Display name"),
        scope=Scope.settings,
        default=gettext_noop("Assignment"),
    )
    instructions = String(
        display_name=gettext_noop("Instructions"),
        help=gettext_noop("What learners must hand in (HTML; scripts and unsafe markup are removed)."),
        scope=Scope.settings,
        default="",
        multiline_editor="html",
    )
    weight = Float(
        display_name=gettext_noop("Points"),
        help=gettext_noop("Points this assignment is worth; staff grade out of this number."),
        scope=Scope.settings,
        default=100.0,
        values={"min": 0},
    )
    max_files = Integer(
        display_name=gettext_noop("Maximum files"),
        scope=Scope.settings,
        default=5,
        values={"min": 1, "max": 20},
    )
    max_file_mb = Integer(
        display_name=gettext_noop("Maximum size per file (MB)"),
        scope=Scope.settings,
        default=10,
        values={"min": 1, "max": 500},
    )
    allowed_types = String(
        display_name=gettext_noop("Allowed file types"),
        help=gettext_noop("Comma-separated extensions from: pdf, docx, xlsx, pptx, odt, jpg, png."),
        scope=Scope.settings,
        default="pdf,docx,xlsx,pptx,odt,jpg,png",
    )
    # Not ``due``: that name is the LMS's inherited subsection deadline (used when this is unset),
    # and the workbench overwrites a block's ``due`` with "now" on every handler call.
    due_date = DateTime(
        display_name=gettext_noop("Due date"),
        help=gettext_noop(
            "Hand-ins after this moment (plus the grace period) are late. Empty: the subsection's due date."
        ),
        scope=Scope.settings,
        default=None,
    )
    grace_hours = Integer(
        display_name=gettext_noop("Grace period (hours)"),
        scope=Scope.settings,
        default=0,
        values={"min": 0},
    )
    late_policy = String(
        display_name=gettext_noop("Late hand-ins"),
        scope=Scope.settings,
        default=rules.ACCEPT_LATE,
        values=[
            {"display_name": gettext_noop("Accept and flag as late"), "value": rules.ACCEPT_LATE},
            {"display_name": gettext_noop("Refuse"), "value": rules.REFUSE_LATE},
        ],
    )
    rubric = List(
        display_name=gettext_noop("Rubric"),
        help=gettext_noop(
            'Optional. JSON list of criteria: [{"name": "...", "description": "...", '
            '"levels": [{"label": "...", "points": 0}, ...]}]. With a rubric, the score is the rubric points '
            "scaled to the assignment's points."
        ),
        scope=Scope.settings,
        default=[],
    )

    editable_fields = (*ATTRIBUTES[:1], "instructions", *ATTRIBUTES[1:], "rubric")
    icon_class = "problem"

    # ---- authoring ---------------------------------------------------------------------------

    # ---- OLX (common/olx.py: pointers, platform attributes, invalid OLX kept) -----------------

    olx_attributes = ATTRIBUTES

    @classmethod
    def read_definition(cls, node):
        olx.check_children(node, ("instructions", "rubric"))
        values = {}
        for name in ATTRIBUTES:
            if node.get(name) is not None:
                try:
                    values[name] = cls.fields[name].from_string(node.get(name))
                except (TypeError, ValueError):
                    raise olx.invalid_attribute(node, name) from None
        instructions = node.find("instructions")
        if instructions is not None:
            values["instructions"] = olx.inner_html(instructions)
        rubric_node = node.find("rubric")
        if rubric_node is not None:
            values["rubric"] = cls.parse_rubric(rubric_node)
        return values

    @staticmethod
    def parse_rubric(node):
        """The rubric's criteria; an error naming the element for anything malformed."""
        olx.check_children(node, ("criterion",))
        for criterion in node.iterchildren("criterion"):
            olx.check_children(criterion, ("level",))
            for level in criterion.iterchildren("level"):
                try:
                    float(level.get("points", "0"))
                except ValueError:
                    raise olx.invalid_attribute(level, "points") from None
        try:
            return rubric.from_xml(node)
        except rubric.RubricError as problem:
            raise olx.error(node, "{element}: {problem}", problem=problem) from None

    def write_definition(self, node):
        for name in ATTRIBUTES:
            field = self.fields[name]
            if field.is_set_on(self):
                node.set(name, olx.attribute_text(field, getattr(self, name)))
        if self.instructions:
            olx.set_inner_html(etree.SubElement(node, "instructions"), self.clean_instructions())
        rubric.to_xml(self.rubric, node)

    def validate_field_data(self, validation, data):
        try:
            rubric.normalise(data.rubric)
        except rubric.RubricError as error:
            validation.add(ValidationMessage(ValidationMessage.ERROR, _("Rubric: {problem}").format(problem=error)))
        if not UploadPolicy.from_settings(extensions=self.type_list(data.allowed_types)).extensions:
            validation.add(ValidationMessage(ValidationMessage.ERROR, _("Choose at least one allowed file type.")))

    # ---- derived settings --------------------------------------------------------------------

    @staticmethod
    def type_list(text):
        return [part.strip() for part in str(text or "").replace(";", ",").split(",") if part.strip()]

    def clean_instructions(self):
        return nh3.clean(self.instructions or "")

    def clean_rubric(self):
        try:
            return rubric.normalise(self.rubric)
        except rubric.RubricError:
            return []

    def deadline(self):
        """This block's due date, else the subsection's (the LMS's inherited ``due`` field)."""
        if self.due_date is not None:
            return self.due_date
        return self.due if "due" in self.fields else None

    def policy(self):
        return UploadPolicy.from_settings(
            extensions=self.type_list(self.allowed_types),
            max_bytes=self.max_file_mb * 1024 * 1024,
            max_files=self.max_files,
        )

    def path_prefix(self, anonymous_id):
        return storage_prefix(self.course_key, self.usage_key, anonymous_id)

    def url(self, handler):
        return self.runtime.handler_url(self, handler)

    def own_submission(self):
        user = self.user
        return submissions.find(self.usage_key, user.anonymous_id) if user.anonymous_id else None

    def learner_state(self, submission=None):
        return presenters.learner_state(
            submission if submission is not None else self.own_submission(),
            weight=self.weight,
            rubric=self.clean_rubric(),
            download_url=self.url("download"),
            receipt_url=self.url("receipt"),
        )

    # ---- views -------------------------------------------------------------------------------

    # A view decorator: the LMS asks the student_view itself (has_support) before serving the apps.
    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        if self.invalid_olx:
            return self.unavailable_fragment()
        user = self.user
        policy = self.policy()
        handlers = ("upload", "remove_file", "submit", "learner_state_json", *RESUMABLE_HANDLERS)
        staff_handlers = (
            "submissions",
            "grade",
            "return_for_revision",
            "grade_history",
            "download_all",
            "export_grades",
            "import_grades",
        )
        return block_fragment(
            self,
            "assignment/templates/student_view.html",
            {
                "title": _(self.display_name),
                "instructions": self.clean_instructions(),
                "weight": self.weight,
                "points": presenters.points(self.weight),
                "due": self.deadline(),
                "grace_hours": self.grace_hours,
                "refuses_late": self.late_policy == rules.REFUSE_LATE,
                "types": ", ".join(sorted(policy.extensions)),
                "accept": ",".join(f".{ext}" for ext in sorted(policy.extensions)),
                "max_mb": self.max_file_mb,
                "max_files": self.max_files,
                "is_staff": user.is_staff,
                "rubric": self.clean_rubric(),
            },
            css=["assignment.css"],
            js=["common/chunked_upload.js", "assignment.js"],
            init_fn="KemenagAssignment",
            init_args={
                "urls": {name: self.url(name) for name in handlers + (staff_handlers if user.is_staff else ())},
                "strings": js_strings(),
                "state": self.learner_state(),
                "limits": {
                    "maxBytes": policy.max_bytes,
                    "maxFiles": policy.max_files,
                    "types": sorted(policy.extensions),
                },
                "rubric": self.clean_rubric(),
                "weight": self.weight,
                "isStaff": user.is_staff,
            },
        )

    def student_view_data(self, context=None):
        """For the mobile apps (docs/native-api.md): what to hand in and the limits, nobody's work."""
        return native.student_view_data(self)

    @user_state_handler
    def student_view_user_state(self):
        """The learner's own hand-in, for the mobile apps (GET)."""
        self.require_learner()
        return self.learner_state()

    # ---- scoring (the current user's own grade, as the LMS asks for it) ----------------------

    def max_score(self):
        return self.weight

    def has_submitted_answer(self):
        submission = self.own_submission()
        return submission is not None and submission.status != rules.DRAFT

    def get_score(self):
        submission = self.own_submission()
        earned = submission.score if submission and submission.score is not None else 0.0
        return Score(raw_earned=earned, raw_possible=self.weight)

    def set_score(self, score):
        submission = self.own_submission()
        if submission is not None:
            type(submission).objects.filter(pk=submission.pk).update(score=score.raw_earned)

    def calculate_score(self):
        # Staff grade by hand: there is nothing to recompute, only the recorded score.
        return self.get_score()

    @staticmethod
    def workbench_scenarios():
        return scenarios_for("kemenag_assignment")
