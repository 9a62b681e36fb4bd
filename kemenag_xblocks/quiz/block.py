"""The religious-moderation quiz block (``kemenag_moderation_quiz``): fields, views and wiring.

Rules live beside it: ``olx`` (authoring contract), ``scoring`` (pure), ``draw`` (which items),
``tokens`` (what the browser calls them), ``versions`` (the validated quiz an attempt is scored
against), ``attempts`` (the learner's rows and the rules on them), ``results`` (what a learner is
shown), ``analysis`` (staff report), ``tasks`` (CSV export), ``itembank`` and ``authoring``
(Studio's CSV and dimension edits). Handlers: ``learner_handlers``, ``staff_handlers``,
``studio_handlers``; texts: ``errors`` (refusals) and ``browser_strings`` (the scripts').
"""

import re
from functools import cached_property

from django.utils import translation
from django.utils.translation import gettext_noop
from xblock.core import XBlock
from xblock.fields import Dict, Float, Integer, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score

from kemenag_xblocks.common import olx as common_olx
from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.olx import OLXBlockMixin
from kemenag_xblocks.common.rendering import block_fragment, render_template
from kemenag_xblocks.common.scenarios import scenarios_for
from kemenag_xblocks.common.studio import StudioEditableMixin
from kemenag_xblocks.quiz import attempts, browser_strings, drafts, olx, scoring, versions
from kemenag_xblocks.quiz.defaults import (
    DEFAULT_COUNTED_ATTEMPT,
    DEFAULT_LIKERT_SCALE,
    LIKERT_SCALE_MAX,
    SETTING_MINIMUMS,
)
from kemenag_xblocks.quiz.learner_handlers import LearnerHandlersMixin
from kemenag_xblocks.quiz.olx import LEGACY_ATTEMPTS_FIELD
from kemenag_xblocks.quiz.results import ResultsMixin
from kemenag_xblocks.quiz.staff_handlers import StaffHandlersMixin
from kemenag_xblocks.quiz.studio_handlers import StudioHandlersMixin


class ModerationQuizBlock(
    OLXBlockMixin,
    LearnerHandlersMixin,
    StaffHandlersMixin,
    StudioHandlersMixin,
    ResultsMixin,
    StudioEditableMixin,
    ScorableXBlockMixin,
    KemenagBlockMixin,
    XBlock,
):
    """A computer-assisted test of religious moderation with a per-dimension index."""

    display_name = String(
        display_name=gettext_noop("Display name"),
        scope=Scope.settings,
        default=gettext_noop("Religious moderation test"),
    )
    weight = Float(
        display_name=gettext_noop("Problem weight"),
        help=gettext_noop("Points this test is worth in the course grade."),
        scope=Scope.settings,
        default=1.0,
        values={"min": 0},
    )
    items_per_dimension = Integer(
        display_name=gettext_noop("Questions per dimension"),
        help=gettext_noop("How many questions each learner draws from each dimension's pool; 0 gives all."),
        scope=Scope.settings,
        default=0,
        values={"min": 0},
    )
    # Not ``max_attempts``: the platform mixes an inheritable field of that name into every block
    # (InheritableFieldsMixin), so a quiz left at our default would take the course's "Maximum
    # Attempts" (docs/quiz.md, "Attempts and the platform"). OLX still reads ``max_attempts=``.
    attempts_allowed = Integer(
        display_name=gettext_noop("Maximum attempts"),
        help=gettext_noop("0 allows unlimited attempts."),
        scope=Scope.settings,
        default=1,
        values={"min": SETTING_MINIMUMS["attempts_allowed"]},
    )
    time_limit_minutes = Integer(
        display_name=gettext_noop("Time limit (minutes)"),
        help=gettext_noop("0 means no time limit."),
        scope=Scope.settings,
        default=0,
        values={"min": 0},
    )
    likert_scale = Integer(
        display_name=gettext_noop("Likert scale points"),
        scope=Scope.settings,
        default=DEFAULT_LIKERT_SCALE,
        values={"min": SETTING_MINIMUMS["likert_scale"], "max": LIKERT_SCALE_MAX},
    )
    grade_mode = String(
        display_name=gettext_noop("Grade"),
        help=gettext_noop("The overall index as the grade, or full credit on submission (for a pre-test)."),
        scope=Scope.settings,
        default="index",
        values=[
            {"display_name": gettext_noop("Overall index"), "value": "index"},
            {"display_name": gettext_noop("Completion"), "value": "completion"},
        ],
    )
    counted_attempt = String(
        display_name=gettext_noop("Attempt that counts"),
        help=gettext_noop("Which attempt is the grade when a learner takes the test more than once."),
        scope=Scope.settings,
        default=DEFAULT_COUNTED_ATTEMPT,
        values=[
            {"display_name": gettext_noop("The highest result"), "value": "highest"},
            {"display_name": gettext_noop("The latest attempt"), "value": "latest"},
            {"display_name": gettext_noop("The first attempt"), "value": "first"},
        ],
    )
    pretest = String(
        display_name=gettext_noop("Pre-test"),
        help=gettext_noop("The quiz of this course whose results this test compares with, to show the gain."),
        scope=Scope.settings,
        default="",
    )
    spec = Dict(
        help="Dimensions, bands, items, feedback and recommendations (see quiz/olx.py).",
        scope=Scope.content,
        default=olx.empty_spec(),
    )

    editable_fields = (
        "display_name",
        "weight",
        "items_per_dimension",
        "attempts_allowed",
        "time_limit_minutes",
        "likert_scale",
        "grade_mode",
        "counted_attempt",
        "pretest",
    )

    # ---- authoring ---------------------------------------------------------------------------

    # ---- OLX (common/olx.py: pointers, platform attributes, invalid OLX kept) -----------------

    # The attempts limit's old attribute is ours too: it must never reach the platform's field.
    olx_attributes = (*editable_fields, LEGACY_ATTEMPTS_FIELD)

    @classmethod
    def read_definition(cls, node):
        settings, spec = olx.parse(node)
        values = {name: node.get(name) for name in ("display_name", "pretest") if node.get(name) is not None}
        return {**values, **settings, "spec": spec}

    def write_definition(self, node):
        for name in self.editable_fields:
            field = self.fields[name]
            if field.is_set_on(self):
                value = getattr(self, name)
                node.set(name, olx.number_text(value) if isinstance(value, (int, float)) else str(value))
        olx.export(self.spec, node)

    def reference_problems(self):
        """Studio: a pre-test or a recommended unit that is not in this course (after a copy, say)."""
        blocks = common_olx.course_blocks(self)
        if not blocks:
            return []
        problems = []
        if self.pretest and self.pretest not in common_olx.keys_of(blocks, (self.scope_ids.block_type,)):
            message = self.gettext('The pre-test "{key}" is not a test in this course: no gain will be shown.')
            problems.append(message.format(key=self.pretest))
        units = common_olx.keys_of(blocks, common_olx.UNIT_TYPES)
        for unit in sorted({r["unit"] for r in self.spec.get("recommendations", [])} - units):
            message = self.gettext('The recommended unit "{key}" is not a unit in this course: its link leads nowhere.')
            problems.append(message.format(key=unit))
        return problems

    @cached_property
    def version(self):
        """The quiz as the fields describe it now: built and validated once per process (by digest)."""
        settings = {name: getattr(self, name) for name in versions.SCORED_SETTINGS if name != "max_attempts"}
        return versions.from_fields(self.spec, {**settings, "max_attempts": self.attempts_limit})

    @property
    def attempts_limit(self):
        """How many attempts a learner has (0: unlimited): ours if set, else a value set on this very
        block under the old name (the platform's ``max_attempts`` field now holds what Studio saved
        before the rename), else our default of 1. A value the course sets is never inherited."""
        if self.fields["attempts_allowed"].is_set_on(self):
            return self.attempts_allowed
        legacy = self.fields.get(LEGACY_ATTEMPTS_FIELD)
        if legacy is not None and legacy.is_set_on(self):
            value = getattr(self, LEGACY_ATTEMPTS_FIELD)
            if isinstance(value, int) and value >= 0:
                return value
        return self.attempts_allowed

    @property
    def platform_url_name(self):
        """The platform's url_name (its ``url_name`` property): the usage key's block id."""
        return getattr(self.scope_ids.usage_id, "block_id", None)

    @property
    def quiz_url_name(self):
        """What other quizzes name this one by (``pretest="…"``)."""
        return self.authored_url_name or self.platform_url_name or str(self.scope_ids.usage_id)

    # ---- the paper ---------------------------------------------------------------------------

    def item_count(self):
        """How many questions each learner answers."""
        spec, per = self.version, self.items_per_dimension
        pools = [sum(1 for i in spec["items"] if i["dimension"] == d["id"]) for d in spec["dimensions"]]
        return sum(min(pool, per) if per else pool for pool in pools)

    # ---- views -------------------------------------------------------------------------------

    # A view decorator: the LMS asks the student_view itself (has_support) before serving the apps.
    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        if self.invalid_olx:
            return self.unavailable_fragment()
        user = self.user
        spec = self.version
        state = self.learner_state() if user.anonymous_id else {}
        item_count = self.item_count()
        return block_fragment(
            self,
            "quiz/templates/student_view.html",
            {
                "title": self.gettext(self.display_name),
                "item_count": item_count,
                "dimensions": spec["dimensions"],
                "time_limit": self.time_limit_minutes,
                "max_attempts": self.attempts_limit,
                "counted_rule": browser_strings.counted_rule(self.gettext, self.counted_attempt),
                # The report itself is fetched when staff open it: a big cohort must not slow the unit.
                "is_staff": user.is_staff,
            },
            css=["quiz.css"],
            js=["common/kemenag.js", "quiz.js"],
            init_fn="KemenagQuiz",
            init_args={
                "strings": browser_strings.learner(self.gettext),
                "likert": browser_strings.likert_labels(self.gettext, self.likert_scale),
                "state": state,
                "hasItems": bool(item_count),
                "draftKey": drafts.draft_key(self.scope_ids.usage_id, user.anonymous_id),
                "maxAttempts": self.attempts_limit,
                "locale": translation.get_language() or "id",
            },
        )

    def student_view_data(self, context=None):
        """For mobile apps: the test's shape, never its scores or keys."""
        spec = self.version
        return {
            "display_name": self.gettext(self.display_name),
            "dimensions": [{"id": d["id"], "name": d["name"]} for d in spec["dimensions"]],
            "bands": [{"min": b["min"], "name": b["name"]} for b in spec["bands"]],
            "likert_scale": self.likert_scale,
            "likert_labels": browser_strings.likert_labels(self.gettext, self.likert_scale),
            "time_limit_minutes": self.time_limit_minutes,
            "max_attempts": self.attempts_limit,
            "items_per_dimension": self.items_per_dimension,
        }

    def studio_view(self, context=None):
        fragment = super().studio_view(context)
        version = self.version
        context = {
            "item_count": len(version["items"]),
            "dimension_ids": ", ".join(d["id"] for d in version["dimensions"]),
            "input_id": "kemenag-itembank-" + re.sub(r"[^\w-]", "-", str(self.scope_ids.usage_id)),
        }
        editor = {
            "dimensions": [{**d, "weight_text": olx.number_text(d["weight"])} for d in version["dimensions"]],
            "bands": [{**b, "min_text": olx.number_text(b["min"])} for b in version["bands"]],
        }
        fragment.add_content(render_template(self, "quiz/templates/dimensions_editor.html", editor))
        fragment.add_content(render_template(self, "quiz/templates/item_editor.html", {}))
        fragment.add_content(render_template(self, "quiz/templates/item_bank.html", context))
        scripts = ("common/kemenag.js", "studio_sections.js", "dimensions_editor.js", "item_editor.js", "item_bank.js")
        for script in scripts:
            fragment.add_javascript_url(self.runtime.local_resource_url(self, f"public/{script}"))
        # Our init function starts xblock.utils' settings editor, then binds the sections above.
        fragment.initialize_js("KemenagQuizStudio", {"strings": browser_strings.studio(self.gettext)})
        return fragment

    # ---- ScorableXBlockMixin -----------------------------------------------------------------

    # The score lives in the learner's latest attempt row, not in a user_state field: nothing to
    # keep in sync, and submitting writes (and commits) once.

    def has_submitted_answer(self):
        return attempts.current(self.where())[1] is not None

    def max_score(self):
        return 1.0

    def get_score(self):
        return self.calculate_score()

    def set_score(self, score):
        """Nothing to persist: ``calculate_score`` derives the score from the stored attempt."""

    def calculate_score(self):
        """The grade of the attempt that counts (``counted_attempt``), read from the latest row."""
        latest = attempts.current(self.where())[1]
        if latest is None:
            return Score(raw_earned=0.0, raw_possible=1.0)
        counted = attempts.counted(latest, self.counted_attempt)
        return Score(raw_earned=scoring.grade({"overall": counted["overall"]}, self.grade_mode), raw_possible=1.0)

    # ---- wiring ------------------------------------------------------------------------------

    @staticmethod
    def workbench_scenarios():
        return scenarios_for("kemenag_moderation_quiz")
