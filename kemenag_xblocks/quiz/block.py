"""The religious-moderation quiz block (``kemenag_moderation_quiz``): a thin XBlock.

Rules live beside it: ``olx`` (authoring contract), ``scoring`` (pure), ``draw`` (which items),
``versions`` (the validated quiz an attempt is scored against), ``attempts`` (the learner's rows
and the rules on them), ``analysis`` (staff report), ``tasks`` (CSV export), ``itembank`` and
``authoring`` (Studio's CSV and dimension edits).
"""

import re
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Dict, Float, Integer, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score
from xblock.validation import ValidationMessage

from kemenag_xblocks.common.downloads import attachment_response, safe_headers
from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.native import user_state_handler
from kemenag_xblocks.common.rendering import block_fragment, render_template
from kemenag_xblocks.common.responses import not_found, refuse_unless_staff
from kemenag_xblocks.common.scenarios import scenarios_for
from kemenag_xblocks.common.studio import StudioEditableMixin
from kemenag_xblocks.common.uploads import open_storage
from kemenag_xblocks.common.user import require_staff
from kemenag_xblocks.quiz import (
    analysis,
    attempts,
    authoring,
    drafts,
    draw,
    itembank,
    messages,
    olx,
    scoring,
    tasks,
    tokens,
    versions,
)
from kemenag_xblocks.quiz.defaults import GRADE_MODES, LIKERT_SCALE_MAX, SETTING_MINIMUMS

SETTING_ATTRIBUTES = (
    "display_name",
    "weight",
    "items_per_dimension",
    "max_attempts",
    "time_limit_minutes",
    "likert_scale",
    "grade_mode",
    "pretest",
)


def fail(status, message):
    raise JsonHandlerError(status, message)


class ModerationQuizBlock(StudioEditableMixin, ScorableXBlockMixin, KemenagBlockMixin, XBlock):
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
    max_attempts = Integer(
        display_name=gettext_noop("Maximum attempts"),
        help=gettext_noop("0 allows unlimited attempts."),
        scope=Scope.settings,
        default=1,
        values={"min": 0},
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
        default=5,
        values={"min": 2, "max": 10},
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
    pretest = String(
        display_name=gettext_noop("Pre-test"),
        help=gettext_noop("The url_name of the quiz in this course that is this test's pre-test, to show the gain."),
        scope=Scope.settings,
        default="",
    )
    # Not ``url_name``: that is the platform's own property (the usage key's block id). The
    # workbench generates usage ids without one, so the OLX attribute is kept here for it.
    authored_url_name = String(
        help="The url_name attribute of the OLX, for runtimes whose usage ids carry none.",
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
        "max_attempts",
        "time_limit_minutes",
        "likert_scale",
        "grade_mode",
        "pretest",
    )

    # ---- authoring ---------------------------------------------------------------------------

    def _make_field_info(self, field_name, field):
        """The settings editor's field, labelled in the author's language and with numbers written
        as ``<input type=number>`` reads them ("1.5", never the Indonesian "1,5")."""
        info = super()._make_field_info(field_name, field)
        info["display_name"] = _(field.display_name) if field.display_name else ""
        info["help"] = _(field.help) if field.help else ""
        if info.get("type") in ("integer", "float") and isinstance(info["value"], (int, float)):
            info["value"] = olx.number_text(info["value"])
        if info.get("type") == "float" and not info.get("step"):
            info["step"] = "any"  # a weight of 2.5 is fine; the browser's default step would refuse it
        if info.get("has_values"):  # a copy: the field's own list is shared by every block
            info["values"] = [{**option, "display_name": _(option["display_name"])} for option in info["values"]]
        return info

    def validate_field_data(self, validation, data):
        """What the OLX rules refuse, the settings editor refuses too, naming the field."""
        super().validate_field_data(validation, data)
        problems = []
        for name, minimum in SETTING_MINIMUMS.items():
            value, label = getattr(data, name), _(self.fields[name].display_name)
            if value is None:
                problems.append(_("Enter a valid value for {field}.").format(field=label))
            elif value < minimum:
                problems.append(_("{field} must be at least {limit}.").format(field=label, limit=minimum))
        if data.likert_scale is not None and data.likert_scale > LIKERT_SCALE_MAX:
            label = _(self.fields["likert_scale"].display_name)
            problems.append(_("{field} must be at most {limit}.").format(field=label, limit=LIKERT_SCALE_MAX))
        if data.grade_mode not in GRADE_MODES:
            problems.append(_("Choose how the test is graded."))
        for problem in problems:
            validation.add(ValidationMessage(ValidationMessage.ERROR, problem))

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        settings, spec = olx.parse(node)
        for name in ("display_name", "pretest"):
            if node.get(name) is not None:
                setattr(block, name, node.get(name))
        if node.get("url_name"):
            block.authored_url_name = node.get("url_name")
        for name, value in settings.items():
            setattr(block, name, value)
        block.spec = spec
        return block

    def add_xml_to_node(self, node):
        node.tag = self.scope_ids.block_type
        for name in SETTING_ATTRIBUTES:
            field = self.fields[name]
            if field.is_set_on(self):
                value = getattr(self, name)
                node.set(name, olx.number_text(value) if isinstance(value, (int, float)) else str(value))
        url_name = self.platform_url_name or self.authored_url_name
        if url_name:
            node.set("url_name", url_name)
        olx.export(self.spec, node)

    @cached_property
    def version(self):
        """The quiz as the fields describe it now: built and validated once per process (by digest)."""
        return versions.from_fields(self.spec, {name: getattr(self, name) for name in versions.SCORED_SETTINGS})

    @property
    def platform_url_name(self):
        """The platform's url_name (its ``url_name`` property): the usage key's block id."""
        return getattr(self.scope_ids.usage_id, "block_id", None)

    @property
    def quiz_url_name(self):
        """What other quizzes name this one by (``pretest="…"``)."""
        return self.platform_url_name or self.authored_url_name or str(self.scope_ids.usage_id)

    def where(self):
        """The learner's attempts of this block; reads no field (a submit reads none at all)."""
        user = self.user
        if not user.anonymous_id:
            fail(403, _("Sign in to take this test."))
        return attempts.Where(self.course_key, str(self.scope_ids.usage_id), user.anonymous_id)

    # ---- the paper ---------------------------------------------------------------------------

    def draw_paper(self, version, anonymous_id, number):
        """``[[item_id, [option ids]]]`` drawn for this learner and attempt, in display order."""
        seed = draw.seed_for(anonymous_id, number, str(self.scope_ids.usage_id))
        paper = draw.draw(version["items"], version["dimensions"], self.items_per_dimension, seed)
        return [[item["id"], order] for item, order in paper]

    def attempt_version(self, attempt):
        """The quiz version an attempt was started on: it is answered and scored on that paper."""
        return versions.load(attempt.definition) or self.version

    def attempt_paper(self, attempt, version):
        return attempt.paper or self.draw_paper(version, attempt.anonymous_id, attempt.number)

    def item_count(self):
        """How many questions each learner answers."""
        spec, per = self.version, self.items_per_dimension
        pools = [sum(1 for i in spec["items"] if i["dimension"] == d["id"]) for d in spec["dimensions"]]
        return sum(min(pool, per) if per else pool for pool in pools)

    @staticmethod
    def shown_paper(attempt, version, paper):
        """The attempt's paper as its browser names it: opaque per-attempt tokens (decision 0005)."""
        return tokens.Paper(tokens.for_attempt(attempt), paper)

    @staticmethod
    def clean_answers(data, version, shown):
        """``{question token: value}`` from the browser as ``{authored item id: canonical answer}``."""
        answers = data.get("answers") if isinstance(data, dict) else None
        if not isinstance(answers, dict):
            fail(400, _("Send the answers as an object of question ids to values."))
        cleaned = {}
        for token, value in answers.items():
            item_id = shown.item_id(token)
            if item_id is None or item_id not in version.items_by_id:
                fail(400, messages.answer_error("unknown item"))
            item = version.items_by_id[item_id]
            if item["type"] == "choice" and value is not None and value != "":
                value = shown.option_id(item_id, value)
                if value is None:
                    fail(400, messages.answer_error("unknown option"))
            try:
                cleaned[item_id] = scoring.clean_answer(item, value, version["likert_scale"])
            except scoring.InvalidAnswer as error:
                fail(400, messages.answer_error(error.reason))
        return {key: value for key, value in cleaned.items() if value is not None}

    # ---- learner state -----------------------------------------------------------------------

    def seconds_left(self, attempt):
        if attempt.deadline is None:
            return None
        return max(0, int((attempt.deadline - timezone.now()).total_seconds()))

    @staticmethod
    def attempts_left(used, max_attempts):
        return None if not max_attempts else max(0, max_attempts - used)

    def result_payload(self, attempt, version, where, max_attempts):
        """The learner's results: indices and categories, feedback, recommendations, gain."""
        rows = attempts.stored_indices(attempt)
        pre = attempts.pretest_indices(where, version["pretest"]) if version["pretest"] else None
        gains = scoring.gain(pre, rows) if pre else {}
        details = []
        for dimension in version["dimensions"]:
            if dimension["id"] not in rows:
                continue
            index = rows[dimension["id"]]
            band = scoring.category(index, version["bands"])
            details.append(
                {
                    "id": dimension["id"],
                    "name": dimension["name"],
                    "index": index,
                    "category": band["name"],
                    # Sanitised when the version was built.
                    "feedback": [
                        f["html"]
                        for f in version["feedback"]
                        if f["dimension"] == dimension["id"] and f["band"] == band["min"]
                    ],
                    "recommended": [
                        {"title": r["title"], "url": self.unit_url(r["unit"])}
                        for r in version["recommendations"]
                        if r["dimension"] == dimension["id"] and index < r["below"]
                    ],
                    "pre": pre.get(dimension["id"]) if pre else None,
                    "gain": gains.get(dimension["id"]),
                }
            )
        used = attempt.number  # submitted, and attempts are numbered from 1
        return {
            "overall": attempt.overall,
            "category": attempt.category,
            "dimensions": {d["id"]: {"index": d["index"], "category": d["category"]} for d in details},
            "details": details,
            "attempts_used": used,
            "attempts_left": self.attempts_left(used, max_attempts),
            "has_pretest": pre is not None,
        }

    def unit_url(self, unit):
        """The LMS's jump_to_id link: it resolves a url_name within the course."""
        return f"/courses/{self.course_key}/jump_to_id/{unit}"

    def learner_state(self):
        """Where the learner stands, for the first render and for mobile clients."""
        where = self.where()
        current, latest = attempts.current(where)
        used = attempts.attempts_used(latest)
        max_attempts = self.max_attempts
        result = None
        if latest:
            result = self.result_payload(latest, self.attempt_version(latest), where, max_attempts)
        return {
            "attempts_used": used,
            "attempts_left": self.attempts_left(used, max_attempts),
            "open": bool(current),
            "seconds_left": self.seconds_left(current) if current else None,
            "result": result,
        }

    # ---- views -------------------------------------------------------------------------------

    # A view decorator: the LMS asks the student_view itself (has_support) before serving the apps.
    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        user = self.user
        spec = self.version
        state = self.learner_state() if user.anonymous_id else {}
        item_count = self.item_count()
        return block_fragment(
            self,
            "quiz/templates/student_view.html",
            {
                "title": _(self.display_name),
                "item_count": item_count,
                "dimensions": spec["dimensions"],
                "time_limit": self.time_limit_minutes,
                "max_attempts": self.max_attempts,
                # The report itself is fetched when staff open it: a big cohort must not slow the unit.
                "is_staff": user.is_staff,
            },
            css=["quiz.css"],
            js=["quiz.js"],
            init_fn="KemenagQuiz",
            init_args={
                "strings": messages.js_strings(),
                "likert": messages.likert_labels(self.likert_scale),
                "state": state,
                "hasItems": bool(item_count),
                "draftKey": drafts.draft_key(self.scope_ids.usage_id, user.anonymous_id),
                "maxAttempts": self.max_attempts,
            },
        )

    def student_view_data(self, context=None):
        """For mobile apps: the test's shape, never its scores or keys."""
        spec = self.version
        return {
            "display_name": _(self.display_name),
            "dimensions": [{"id": d["id"], "name": d["name"]} for d in spec["dimensions"]],
            "bands": [{"min": b["min"], "name": b["name"]} for b in spec["bands"]],
            "likert_scale": self.likert_scale,
            "likert_labels": messages.likert_labels(self.likert_scale),
            "time_limit_minutes": self.time_limit_minutes,
            "max_attempts": self.max_attempts,
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
        fragment.add_content(render_template(self, "quiz/templates/item_bank.html", context))
        fragment.add_javascript_url(self.runtime.local_resource_url(self, "public/studio_sections.js"))
        fragment.add_javascript_url(self.runtime.local_resource_url(self, "public/dimensions_editor.js"))
        fragment.add_javascript_url(self.runtime.local_resource_url(self, "public/item_bank.js"))
        return fragment

    # ---- learner handlers ----------------------------------------------------------------------

    @user_state_handler
    def student_view_user_state(self):
        """The learner's attempts and latest result, for the mobile apps (GET; no answers, no keys)."""
        return self.learner_state()

    def finish(self, where, attempt, latest, version, paper, answers):
        """Score the open attempt on its version and publish the grade; returns the results."""
        try:
            attempt, result = attempts.submit(
                attempt, latest, version, version.paper_items(paper), answers, timezone.now()
            )
        except attempts.AttemptError as error:
            fail(error.status, messages.attempt_error(error.code))
        self._publish_grade(Score(raw_earned=scoring.grade(result, version["grade_mode"]), raw_possible=1.0))
        return self.result_payload(attempt, version, where, version["max_attempts"])

    @XBlock.json_handler
    def start_attempt(self, data, suffix=""):
        """Open (or resume) an attempt: the learner's items without scores, and saved answers."""
        where = self.where()
        version = self.version
        now = timezone.now()
        try:
            attempt = attempts.start(
                where,
                url_name=self.quiz_url_name,
                version=version,
                paper_for=lambda number: self.draw_paper(version, where.anonymous_id, number),
                max_attempts=self.max_attempts,
                time_limit_minutes=self.time_limit_minutes,
                now=now,
                can_start=bool(version["items"]),
            )
        except attempts.AttemptError as error:
            fail(error.status, messages.attempt_error(error.code))
        version = self.attempt_version(attempt)  # a resumed attempt keeps the paper it started with
        paper = self.attempt_paper(attempt, version)
        if attempts.is_past_deadline(attempt, now):
            # Time ran out while the learner was away: what they saved in time is scored.
            latest = attempts.current(where)[1]
            return {"submitted": self.finish(where, attempt, latest, version, paper, {})}
        shown = self.shown_paper(attempt, version, paper)
        return {
            "attempt": attempt.number,
            "items": shown.public_items(version),
            "answers": shown.shown_answers(attempt.answers, version),
            "seconds_left": self.seconds_left(attempt),
        }

    @XBlock.json_handler
    def save_answers(self, data, suffix=""):
        where = self.where()
        attempt = attempts.current(where)[0]
        if attempt is None:
            fail(409, messages.attempt_error("no_attempt"))
        version = self.attempt_version(attempt)
        shown = self.shown_paper(attempt, version, self.attempt_paper(attempt, version))
        answers = self.clean_answers(data, version, shown)
        try:
            attempt = attempts.save(attempt, answers, timezone.now())
        except attempts.AttemptError as error:
            fail(error.status, messages.attempt_error(error.code))
        return {"saved": len(answers), "seconds_left": self.seconds_left(attempt)}

    @XBlock.json_handler
    def submit(self, data, suffix=""):
        """Score the open attempt: {answers} → overall, category, dimensions, attempts_used.

        Reads no field of the block: the attempt row names its version and holds its paper, so
        the whole request is one read of the learner's rows and one transaction (docs/quiz.md)."""
        where = self.where()
        attempt, latest = attempts.current(where)
        if attempt is None:
            used = attempts.attempts_used(latest)
            code = "attempts_exhausted" if self.max_attempts and used >= self.max_attempts else "no_attempt"
            fail(403 if code == "attempts_exhausted" else 409, messages.attempt_error(code))
        version = self.attempt_version(attempt)
        paper = self.attempt_paper(attempt, version)
        if attempts.is_past_deadline(attempt, timezone.now()):
            # The answers sent now are refused; what was saved in time is scored at once, so the
            # grade does not wait for the learner to come back.
            self.finish(where, attempt, latest, version, paper, {})
            fail(409, messages.attempt_error("deadline_scored"))
        answers = self.clean_answers(data, version, self.shown_paper(attempt, version, paper))
        return self.finish(where, attempt, latest, version, paper, answers)

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
        latest = attempts.current(self.where())[1]
        if latest is None:
            return Score(raw_earned=0.0, raw_possible=1.0)
        return Score(raw_earned=scoring.grade({"overall": latest.overall}, self.grade_mode), raw_possible=1.0)

    # ---- staff handlers ------------------------------------------------------------------------

    @XBlock.json_handler
    def staff_report(self, data, suffix=""):
        require_staff(self)
        return analysis.staff_report(self.course_key, str(self.scope_ids.usage_id), self.version, self.pretest)

    @XBlock.handler
    def staff_report_html(self, request, suffix=""):
        """The staff report as an HTML fragment, loaded when staff open it."""
        if (refused := refuse_unless_staff(self)) is not None:
            return refused
        spec = self.version.data
        report = analysis.staff_report(self.course_key, str(self.scope_ids.usage_id), spec, self.pretest)
        html = render_template(self, "quiz/templates/staff_report.html", {"report": report, "spec": spec})
        return Response(body=html.encode("utf-8"), content_type="text/html", charset="utf-8")

    @XBlock.json_handler
    def export_attempts(self, data, suffix=""):
        """Start the CSV export; the link serves it once written (at once when Celery is eager)."""
        require_staff(self)
        dimension_ids = [d["id"] for d in self.version["dimensions"]]
        name, ready = tasks.start_export(str(self.scope_ids.usage_id), dimension_ids)
        url = self.runtime.handler_url(self, "download_export", name)
        return {"status": "ready" if ready else "started", "url": url}

    @XBlock.handler
    def download_export(self, request, suffix=""):
        """Serve one of this block's exports to staff, as an attachment."""
        if (refused := refuse_unless_staff(self)) is not None:
            return refused
        if not tasks.EXPORT_NAME.fullmatch(suffix or ""):
            return not_found()
        path = tasks.export_path(str(self.scope_ids.usage_id), suffix)
        if not open_storage().exists(path):
            return not_found()
        return attachment_response(path, suffix, "text/csv")

    @XBlock.handler
    def export_item_bank(self, request, suffix=""):
        """Studio: the item bank as CSV (staff only)."""
        if (refused := refuse_unless_staff(self)) is not None:
            return refused
        response = Response(body=itembank.to_csv(self.spec["items"]).encode("utf-8"), content_type="text/csv")
        return safe_headers(response, "item-bank.csv")

    @XBlock.json_handler
    def import_item_bank(self, data, suffix=""):
        """Studio: replace the items with a CSV; all-or-nothing, with the errors of each bad row."""
        require_staff(self)
        text = data.get("csv") if isinstance(data, dict) else None
        if not isinstance(text, str) or not text.strip():
            fail(400, _("Choose a CSV file to import."))
        if len(text) > itembank.MAX_CSV_CHARACTERS:
            fail(
                413,
                _("The CSV file is too large (at most {size} MB).").format(size=itembank.MAX_CSV_CHARACTERS // 10**6),
            )
        items, errors = itembank.from_csv(text, {d["id"] for d in self.version["dimensions"]})
        if errors:
            return {"imported": 0, "errors": errors}
        self.spec = {**self.spec, "items": items}
        self.__dict__.pop("version", None)
        return {"imported": len(items), "errors": []}

    @XBlock.json_handler
    def save_dimensions(self, data, suffix=""):
        """Studio: replace the dimensions and bands; refused whole, naming the element, if the
        OLX rules refuse the result (e.g. an item left in a removed dimension)."""
        require_staff(self)
        if not isinstance(data, dict):
            fail(400, _("Send the dimensions and bands as lists of rows."))
        try:
            spec = authoring.with_dimensions_and_bands(self.spec, data.get("dimensions"), data.get("bands"))
        except authoring.ShapeError:
            fail(400, _("Send the dimensions and bands as lists of rows."))
        except olx.QuizOLXError as error:
            fail(400, str(error))
        self.spec = spec
        self.__dict__.pop("version", None)
        return {"dimensions": len(self.version["dimensions"]), "bands": len(self.version["bands"])}

    @staticmethod
    def workbench_scenarios():
        return scenarios_for("kemenag_moderation_quiz")
