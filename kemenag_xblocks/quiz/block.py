"""The religious-moderation quiz block (``kemenag_moderation_quiz``): a thin XBlock.

Rules live beside it: ``olx`` (authoring contract), ``scoring`` (pure), ``draw`` (which items),
``attempts`` (the learner's rows and the rules on them), ``analysis`` (staff report),
``tasks`` (CSV export), ``itembank`` (Studio's CSV import/export).
"""

from functools import cached_property

import nh3
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Dict, Float, Integer, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from kemenag_xblocks.common.mixins import KemenagBlockMixin
from kemenag_xblocks.common.rendering import block_fragment, render_template
from kemenag_xblocks.common.responses import not_found, refuse_unless_staff
from kemenag_xblocks.common.scenarios import scenarios_for
from kemenag_xblocks.common.uploads import attachment_response, open_storage, safe_headers
from kemenag_xblocks.common.user import require_staff
from kemenag_xblocks.quiz import analysis, attempts, draw, itembank, messages, olx, scoring, tasks

SETTING_ATTRIBUTES = (
    "display_name",
    "weight",
    "items_per_dimension",
    "max_attempts",
    "time_limit_minutes",
    "likert_scale",
    "grade_mode",
    "pretest",
    "url_name",
)


def fail(status, message):
    raise JsonHandlerError(status, message)


@XBlock.supports("multi_device")
class ModerationQuizBlock(StudioEditableXBlockMixin, ScorableXBlockMixin, KemenagBlockMixin, XBlock):
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
    url_name = String(
        display_name=gettext_noop("URL name"),
        help=gettext_noop("The block's url_name in OLX; other quizzes name it as their pre-test."),
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

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        block = runtime.construct_xblock_from_class(cls, keys)
        settings, spec = olx.parse(node)
        for name in ("display_name", "pretest", "url_name"):
            if node.get(name) is not None:
                setattr(block, name, node.get(name))
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
        olx.export(self.spec, node)

    @cached_property
    def definition(self):
        """The quiz with defaults filled in; read once per request (each field read is a store lookup)."""
        return {**olx.effective(self.spec), "likert_scale": self.likert_scale}

    @property
    def quiz_url_name(self):
        """In the LMS the usage key's block id is the url_name; the workbench keeps it as authored."""
        return getattr(self.scope_ids.usage_id, "block_id", None) or self.url_name or str(self.scope_ids.usage_id)

    @property
    def course_key(self):
        return str(getattr(self.scope_ids.usage_id, "context_key", "") or "workbench")

    def where(self):
        user = self.user
        if not user.anonymous_id:
            fail(403, _("Sign in to take this test."))
        return attempts.Where(self.course_key, str(self.scope_ids.usage_id), self.quiz_url_name, user.anonymous_id)

    # ---- the paper ---------------------------------------------------------------------------

    def paper(self, where, number):
        """``[(item, option order)]`` drawn for this learner and attempt."""
        spec = self.definition
        seed = draw.seed_for(where.anonymous_id, number, str(self.scope_ids.usage_id))
        return draw.draw(spec["items"], spec["dimensions"], self.items_per_dimension, seed)

    def item_count(self):
        """How many questions each learner answers."""
        spec, per = self.definition, self.items_per_dimension
        pools = [sum(1 for i in spec["items"] if i["dimension"] == d["id"]) for d in spec["dimensions"]]
        return sum(min(pool, per) if per else pool for pool in pools)

    def public_items(self, paper):
        """What the browser may see of the items: no option scores, no reverse keys."""
        names = {d["id"]: d["name"] for d in self.definition["dimensions"]}
        texts = {}
        for item, order in paper:
            options = {option["id"]: option["text"] for option in item["options"]}
            texts[item["id"]] = {
                "id": item["id"],
                "type": item["type"],
                "dimension": names[item["dimension"]],
                "prompt": nh3.clean(item["prompt"]),
                "options": [{"id": option_id, "text": nh3.clean(options[option_id])} for option_id in order],
            }
        return [texts[item["id"]] for item, _order in paper]

    def clean_answers(self, data, paper):
        answers = data.get("answers") if isinstance(data, dict) else None
        if not isinstance(answers, dict):
            fail(400, _("Send the answers as an object of question ids to values."))
        items = {item["id"]: item for item, _order in paper}
        cleaned = {}
        for item_id, value in answers.items():
            if item_id not in items:
                fail(400, messages.answer_error("unknown item"))
            try:
                cleaned[item_id] = scoring.clean_answer(items[item_id], value, self.likert_scale)
            except scoring.InvalidAnswer as error:
                fail(400, messages.answer_error(error.reason))
        return {key: value for key, value in cleaned.items() if value is not None}

    # ---- learner state -----------------------------------------------------------------------

    def seconds_left(self, attempt):
        if attempt.deadline is None:
            return None
        return max(0, int((attempt.deadline - timezone.now()).total_seconds()))

    def attempts_left(self, used):
        return None if not self.max_attempts else max(0, self.max_attempts - used)

    def result_payload(self, attempt, where, indices=None):
        """The learner's results: indices and categories, feedback, recommendations, gain."""
        spec = self.definition
        rows = indices if indices is not None else {row.dimension: row.index for row in attempt.dimension_scores.all()}
        pre = attempts.pretest_indices(where, self.pretest) if self.pretest else None
        gains = scoring.gain(pre, rows) if pre else {}
        details = []
        for dimension in spec["dimensions"]:
            if dimension["id"] not in rows:
                continue
            index = rows[dimension["id"]]
            band = scoring.category(index, spec["bands"])
            details.append(
                {
                    "id": dimension["id"],
                    "name": dimension["name"],
                    "index": index,
                    "category": band["name"],
                    "feedback": [
                        nh3.clean(f["html"])
                        for f in spec["feedback"]
                        if f["dimension"] == dimension["id"] and f["band"] == band["min"]
                    ],
                    "recommended": [
                        {"title": r["title"], "url": self.unit_url(r["unit"])}
                        for r in spec["recommendations"]
                        if r["dimension"] == dimension["id"] and index < r["below"]
                    ],
                    "pre": pre.get(dimension["id"]) if pre else None,
                    "gain": gains.get(dimension["id"]),
                }
            )
        used = attempts.attempts_used(where)
        return {
            "overall": attempt.overall,
            "category": attempt.category,
            "dimensions": {d["id"]: {"index": d["index"], "category": d["category"]} for d in details},
            "details": details,
            "attempts_used": used,
            "attempts_left": self.attempts_left(used),
            "has_pretest": pre is not None,
        }

    def unit_url(self, unit):
        """The LMS's jump_to_id link: it resolves a url_name within the course."""
        return f"/courses/{self.course_key}/jump_to_id/{unit}"

    def learner_state(self):
        """Where the learner stands, for the first render and for mobile clients."""
        where = self.where()
        used = attempts.attempts_used(where)
        current = attempts.open_attempt(where)
        latest = attempts.latest_submitted(where)
        state = {
            "attempts_used": used,
            "attempts_left": self.attempts_left(used),
            "open": bool(current),
            "seconds_left": self.seconds_left(current) if current else None,
            "result": self.result_payload(latest, where) if latest else None,
        }
        return state

    # ---- views -------------------------------------------------------------------------------

    def student_view(self, context=None):
        user = self.user
        spec = self.definition
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
                "maxAttempts": self.max_attempts,
            },
        )

    def student_view_data(self, context=None):
        """For mobile apps: the test's shape, never its scores or keys."""
        spec = self.definition
        return {
            "display_name": self.display_name,
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
        fragment.add_content(
            render_template(self, "quiz/templates/item_bank.html", {"item_count": len(self.spec["items"])})
        )
        fragment.add_javascript_url(self.runtime.local_resource_url(self, "public/item_bank.js"))
        return fragment

    # ---- learner handlers ----------------------------------------------------------------------

    @XBlock.json_handler
    def student_view_user_state(self, data, suffix=""):
        return self.learner_state()

    def finish(self, where, attempt, answers, paper=None):
        """Submit and publish the grade; returns the results payload."""
        paper = paper or self.paper(where, attempt.number)
        try:
            attempt, result = attempts.submit(
                attempt.pk, self.definition, [i for i, _o in paper], answers, timezone.now()
            )
        except attempts.AttemptError as error:
            fail(error.status, messages.attempt_error(error.code))
        self._publish_grade(Score(raw_earned=scoring.grade(result, self.grade_mode), raw_possible=1.0))
        indices = {dimension: value["index"] for dimension, value in result["dimensions"].items()}
        return self.result_payload(attempt, where, indices)

    @XBlock.json_handler
    def start_attempt(self, data, suffix=""):
        """Open (or resume) an attempt: the learner's items without scores, and saved answers."""
        if not self.spec["items"]:
            fail(409, messages.attempt_error("no_items"))
        where = self.where()
        try:
            attempt = attempts.start(
                where, max_attempts=self.max_attempts, time_limit_minutes=self.time_limit_minutes, now=timezone.now()
            )
        except attempts.AttemptError as error:
            fail(error.status, messages.attempt_error(error.code))
        if attempts.is_past_deadline(attempt, timezone.now()):
            # Time ran out while the learner was away: what they saved in time is scored.
            return {"submitted": self.finish(where, attempt, {})}
        return {
            "attempt": attempt.number,
            "items": self.public_items(self.paper(where, attempt.number)),
            "answers": attempt.answers,
            "seconds_left": self.seconds_left(attempt),
        }

    @XBlock.json_handler
    def save_answers(self, data, suffix=""):
        where = self.where()
        attempt = attempts.open_attempt(where)
        if attempt is None:
            fail(409, messages.attempt_error("no_attempt"))
        answers = self.clean_answers(data, self.paper(where, attempt.number))
        try:
            attempts.save(attempt, answers, timezone.now())
        except attempts.AttemptError as error:
            fail(error.status, messages.attempt_error(error.code))
        return {"saved": len(answers), "seconds_left": self.seconds_left(attempt)}

    @XBlock.json_handler
    def submit(self, data, suffix=""):
        """Score the open attempt: {answers} → overall, category, dimensions, attempts_used."""
        where = self.where()
        attempt = attempts.open_attempt(where)
        if attempt is None:
            used = attempts.attempts_used(where)
            code = "attempts_exhausted" if self.max_attempts and used >= self.max_attempts else "no_attempt"
            fail(403 if code == "attempts_exhausted" else 409, messages.attempt_error(code))
        paper = self.paper(where, attempt.number)
        return self.finish(where, attempt, self.clean_answers(data, paper), paper)

    # ---- ScorableXBlockMixin -----------------------------------------------------------------

    # The score lives in the learner's latest attempt row, not in a user_state field: nothing to
    # keep in sync, and submitting writes (and commits) once.

    def has_submitted_answer(self):
        return attempts.latest_submitted(self.where()) is not None

    def max_score(self):
        return 1.0

    def get_score(self):
        return self.calculate_score()

    def set_score(self, score):
        """Nothing to persist: ``calculate_score`` derives the score from the stored attempt."""

    def calculate_score(self):
        latest = attempts.latest_submitted(self.where())
        if latest is None:
            return Score(raw_earned=0.0, raw_possible=1.0)
        return Score(raw_earned=scoring.grade({"overall": latest.overall}, self.grade_mode), raw_possible=1.0)

    # ---- staff handlers ------------------------------------------------------------------------

    @XBlock.json_handler
    def staff_report(self, data, suffix=""):
        require_staff(self)
        return analysis.staff_report(self.course_key, str(self.scope_ids.usage_id), self.definition, self.pretest)

    @XBlock.handler
    def staff_report_html(self, request, suffix=""):
        """The staff report as an HTML fragment, loaded when staff open it."""
        if (refused := refuse_unless_staff(self)) is not None:
            return refused
        spec = self.definition
        report = analysis.staff_report(self.course_key, str(self.scope_ids.usage_id), spec, self.pretest)
        html = render_template(self, "quiz/templates/staff_report.html", {"report": report, "spec": spec})
        return Response(body=html.encode("utf-8"), content_type="text/html", charset="utf-8")

    @XBlock.json_handler
    def export_attempts(self, data, suffix=""):
        """Start the CSV export; the link serves it once written (at once when Celery is eager)."""
        require_staff(self)
        dimension_ids = [d["id"] for d in self.definition["dimensions"]]
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
        items, errors = itembank.from_csv(text, {d["id"] for d in self.definition["dimensions"]})
        if errors:
            return {"imported": 0, "errors": errors}
        self.spec = {**self.spec, "items": items}
        self.__dict__.pop("definition", None)
        return {"imported": len(items), "errors": []}

    @staticmethod
    def workbench_scenarios():
        return scenarios_for("kemenag_moderation_quiz")
