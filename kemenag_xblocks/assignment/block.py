"""The assignment block (``kemenag_assignment``): learners hand in files, staff grade them.

A thin XBlock. Rules live beside it: ``rules`` and ``rubric_rules`` (pure), ``submission_store``
(the learner's rows and their transitions), ``presenters`` (JSON for the browser), ``gradebook``
(grades for another learner), ``archive`` (download all), ``grades_csv``, ``receipt``, ``messages``
(every user-visible string), ``studio`` (the Studio editor); handlers are in ``learner_handlers``
and ``staff_handlers``.
"""

import nh3
from django.utils import translation
from django.utils.translation import gettext_noop
from lxml import etree
from xblock.core import XBlock
from xblock.fields import DateTime, Float, Integer, List, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score
from xblock.validation import ValidationMessage

from kemenag_xblocks.assignment import messages, native, presenters, rubric_rules, rules, submission_store
from kemenag_xblocks.assignment.learner_handlers import RESUMABLE_HANDLERS, LearnerHandlersMixin
from kemenag_xblocks.assignment.receipt import fingerprint_note as receipt_note
from kemenag_xblocks.assignment.staff_handlers import StaffHandlersMixin
from kemenag_xblocks.assignment.studio import AssignmentStudioMixin, number_text, studio_problems
from kemenag_xblocks.common import olx, timefmt
from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.native import user_state_handler
from kemenag_xblocks.common.rendering import block_fragment
from kemenag_xblocks.common.scenarios import scenarios_for
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
    AssignmentStudioMixin,
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
            "Optional. Criteria, each with at least two levels and their points. With a rubric, the score is "
            "the rubric points scaled to the assignment's points."
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
            return rubric_rules.from_xml(node)
        except rubric_rules.RubricError as problem:
            raise olx.error(node, "{element}: {problem}", problem=problem) from None

    def write_definition(self, node):
        for name in ATTRIBUTES:
            field = self.fields[name]
            if field.is_set_on(self):
                node.set(name, olx.attribute_text(field, getattr(self, name)))
        if self.instructions:
            olx.set_inner_html(etree.SubElement(node, "instructions"), self.clean_instructions())
        rubric_rules.to_xml(self.rubric, node)

    def validate_field_data(self, validation, data):
        """What the editor refuses as the author types, the server refuses too (a save cannot leave the
        points empty: grading would have nothing to scale to)."""
        for problem in studio_problems(data, self.type_list):
            validation.add(ValidationMessage(ValidationMessage.ERROR, problem))

    # ---- derived settings --------------------------------------------------------------------

    @staticmethod
    def type_list(text):
        return [part.strip() for part in str(text or "").replace(";", ",").split(",") if part.strip()]

    def translate(self, text):
        """A block string in the user's language, through the runtime's ``i18n`` service."""
        return messages.translator(self)(text) if text else ""

    def time_zone(self):
        """The zone the current user reads times in (``common.timefmt``)."""
        return timefmt.user_zone(self)

    def course_name(self):
        """The course's display name for the receipt, else its key (the workbench has no course)."""
        node = self
        for _depth in range(12):  # course > chapter > sequential > vertical > ... : a bounded walk
            try:
                node = node.get_parent()
            except Exception:
                node = None
            if node is None:
                break
            if node.scope_ids.block_type == "course":
                return str(getattr(node, "display_name", "") or self.course_key)
        return self.course_key

    def points_possible(self):
        """The assignment's points, or None when they are missing or not a number (refused when saved)."""
        weight = self.weight
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight != weight or weight < 0:
            return None
        return float(weight)

    def clean_instructions(self):
        return nh3.clean(self.instructions or "")

    def clean_rubric(self):
        try:
            return rubric_rules.normalise(self.rubric)
        except rubric_rules.RubricError:
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
        return submission_store.find(self.usage_key, user.anonymous_id) if user.anonymous_id else None

    def learner_state(self, submission=None):
        return presenters.learner_state(
            submission if submission is not None else self.own_submission(),
            weight=self.weight,
            rubric=self.clean_rubric(),
            download_url=self.url("download"),
            receipt_url=self.url("receipt"),
            zone=self.time_zone(),
        )

    # ---- views -------------------------------------------------------------------------------

    # A view decorator: the LMS asks the student_view itself (has_support) before serving the apps.
    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        if self.invalid_olx:
            return self.unavailable_fragment()
        user = self.user
        policy = self.policy()
        rubric = self.clean_rubric()
        handlers = ("upload", "remove_file", "submit", "learner_state_json", *RESUMABLE_HANDLERS)
        staff_handlers = (
            "submissions",
            "grade",
            "return_for_revision",
            "grade_history",
            "download_all",
            "download_archive",
            "export_grades",
            "import_grades",
        )
        zone = self.time_zone()
        return block_fragment(
            self,
            "assignment/templates/student_view.html",
            {
                "title": self.translate(self.display_name),
                "instructions": self.clean_instructions(),
                "weight": self.weight,
                "weight_text": number_text(self.weight),
                "points": presenters.points(self.weight) or presenters.NO_SCORE,
                "due": timefmt.format_moment(self.deadline(), zone),
                "grace_hours": self.grace_hours,
                "refuses_late": self.late_policy == rules.REFUSE_LATE,
                "types": ", ".join(sorted(policy.extensions)),
                "accept": ",".join(f".{ext}" for ext in sorted(policy.extensions)),
                "max_mb": self.max_file_mb,
                "max_files": self.max_files,
                "is_staff": user.is_staff,
                "rubric": rubric,
                "outline": presenters.rubric_outline(rubric, self.weight),
                "fingerprint": receipt_note(),
            },
            css=["assignment.css"],
            js=["common/kemenag.js", "common/chunked_upload.js", "assignment.js"],
            init_fn="KemenagAssignment",
            init_args={
                "handlers": list(handlers + (staff_handlers if user.is_staff else ())),
                "strings": messages.browser_strings(messages.translator(self)),
                "state": self.learner_state(),
                "limits": {
                    "maxBytes": policy.max_bytes,
                    "maxFiles": policy.max_files,
                    "types": sorted(policy.extensions),
                },
                "rubric": rubric,
                "weight": self.weight,
                "lang": translation.get_language() or "id",
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
        return self.points_possible()

    def has_submitted_answer(self):
        submission = self.own_submission()
        return submission is not None and submission.status != rules.DRAFT

    def get_score(self):
        submission = self.own_submission()
        earned = submission.score if submission and submission.score is not None else 0.0
        return Score(raw_earned=earned, raw_possible=self.points_possible() or 0.0)

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
