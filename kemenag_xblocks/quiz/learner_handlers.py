"""The learner's handlers: start (or resume) an attempt, save answers, submit, read one's state.

Every rule is enforced in ``attempts``; these handlers name the learner (``require_learner``),
map the browser's opaque tokens back to authored ids (``tokens``, decision 0005) and refuse with
``errors``. Submitting reads no field of the block: the attempt row names its version.
"""

from django.utils import timezone
from xblock.core import XBlockMixin
from xblock.scorable import Score

from kemenag_xblocks.common import permissions
from kemenag_xblocks.common.native import user_state_handler
from kemenag_xblocks.quiz import attempts, draw, errors, results, scoring, tokens, versions


class LearnerHandlersMixin(XBlockMixin):
    def where(self):
        """The learner's attempts of this block; reads no field (a submit reads none at all)."""
        user = permissions.require_learner(self, self.gettext(errors.REQUEST["sign_in"]))
        return attempts.Where(self.course_key, self.usage_key, user.anonymous_id, user.username)

    # ---- the paper ---------------------------------------------------------------------------

    def draw_paper(self, version, anonymous_id, number):
        """``[[item_id, [option ids]]]`` drawn for this learner and attempt, in display order."""
        seed = draw.seed_for(anonymous_id, number, self.usage_key)
        paper = draw.draw(version["items"], version["dimensions"], self.items_per_dimension, seed)
        return [[item["id"], order] for item, order in paper]

    def attempt_version(self, attempt):
        """The quiz version an attempt was started on: it is answered and scored on that paper."""
        return versions.load(attempt.definition) or self.version

    def attempt_paper(self, attempt, version):
        return attempt.paper or self.draw_paper(version, attempt.anonymous_id, attempt.number)

    @staticmethod
    def shown_paper(attempt, version, paper):
        """The attempt's paper as its browser names it: opaque per-attempt tokens (decision 0005)."""
        return tokens.Paper(tokens.for_attempt(attempt), paper)

    def clean_answers(self, data, version, shown):
        """``{question token: value}`` from the browser as ``{authored item id: canonical answer}``."""
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise errors.request(self.gettext, "answers_shape")
        cleaned = {}
        for token, value in answers.items():
            item_id = shown.item_id(token)
            if item_id is None or item_id not in version.items_by_id:
                raise errors.answer(self.gettext, "unknown item")
            item = version.items_by_id[item_id]
            if item["type"] == "choice" and value is not None and value != "":
                value = shown.option_id(item_id, value)
                if value is None:
                    raise errors.answer(self.gettext, "unknown option")
            try:
                cleaned[item_id] = scoring.clean_answer(item, value, version["likert_scale"])
            except scoring.InvalidAnswer as error:
                raise errors.answer(self.gettext, error.reason) from None
        return {key: value for key, value in cleaned.items() if value is not None}

    # ---- learner state -----------------------------------------------------------------------

    @staticmethod
    def seconds_left(attempt):
        if attempt.deadline is None:
            return None
        return max(0, int((attempt.deadline - timezone.now()).total_seconds()))

    def learner_state(self):
        """Where the learner stands, for the first render and for mobile clients."""
        where = self.where()
        current, latest = attempts.current(where)
        used = attempts.attempts_used(latest)
        max_attempts = self.attempts_limit
        result = None
        if latest:
            result = self.result_payload(latest, self.attempt_version(latest), where, max_attempts)
        return {
            "attempts_used": used,
            "attempts_left": results.attempts_left(used, max_attempts),
            "open": bool(current),
            "seconds_left": self.seconds_left(current) if current else None,
            "result": result,
        }

    @user_state_handler
    def student_view_user_state(self):
        """The learner's attempts and latest result, for the mobile apps (GET; no answers, no keys)."""
        return self.learner_state()

    # ---- handlers ----------------------------------------------------------------------------

    def finish(self, where, attempt, latest, version, paper, answers):
        """Score the open attempt on its version and publish the grade; returns the results."""
        try:
            attempt, _result = attempts.submit(
                attempt, latest, version, version.paper_items(paper), answers, timezone.now()
            )
        except attempts.AttemptError as error:
            raise errors.attempt(self.gettext, error.code, error.status) from None
        counted = attempts.counted(attempt, results.counted_rule(version))
        grade = scoring.grade({"overall": counted["overall"]}, version["grade_mode"])
        self._publish_grade(Score(raw_earned=grade, raw_possible=1.0))
        return self.result_payload(attempt, version, where, version["max_attempts"])

    @permissions.json_handler
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
                max_attempts=self.attempts_limit,
                time_limit_minutes=self.time_limit_minutes,
                now=now,
                can_start=bool(version["items"]),
            )
        except attempts.AttemptError as error:
            raise errors.attempt(self.gettext, error.code, error.status) from None
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

    @permissions.json_handler
    def save_answers(self, data, suffix=""):
        where = self.where()
        attempt = attempts.current(where)[0]
        if attempt is None:
            raise errors.attempt(self.gettext, "no_attempt", 409)
        version = self.attempt_version(attempt)
        shown = self.shown_paper(attempt, version, self.attempt_paper(attempt, version))
        answers = self.clean_answers(data, version, shown)
        try:
            attempt = attempts.save(attempt, answers, timezone.now())
        except attempts.AttemptError as error:
            raise errors.attempt(self.gettext, error.code, error.status) from None
        return {"saved": len(answers), "seconds_left": self.seconds_left(attempt)}

    @permissions.json_handler
    def submit(self, data, suffix=""):
        """Score the open attempt: {answers} → overall, category, dimensions, attempts_used.

        Reads no field of the block: the attempt row names its version and holds its paper, so
        the whole request is one read of the learner's rows and one transaction (docs/quiz.md)."""
        where = self.where()
        attempt, latest = attempts.current(where)
        if attempt is None:
            used = attempts.attempts_used(latest)
            if self.attempts_limit and used >= self.attempts_limit:
                raise errors.attempt(self.gettext, "attempts_exhausted", 403)
            raise errors.attempt(self.gettext, "no_attempt", 409)
        version = self.attempt_version(attempt)
        paper = self.attempt_paper(attempt, version)
        if attempts.is_past_deadline(attempt, timezone.now()):
            # The answers sent now are refused; what was saved in time is scored at once, so the
            # grade does not wait for the learner to come back.
            self.finish(where, attempt, latest, version, paper, {})
            raise errors.attempt(self.gettext, "deadline_scored", 409)
        answers = self.clean_answers(data, version, self.shown_paper(attempt, version, paper))
        return self.finish(where, attempt, latest, version, paper, answers)
