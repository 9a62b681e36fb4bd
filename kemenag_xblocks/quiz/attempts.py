"""A learner's attempts: start, save as they go, submit. No XBlock here, only rows and rules.

Every rule a learner could try to get around is enforced here, on the server: the attempts
limit, the deadline (answers after it are refused; what was saved before it is scored), one
submission per attempt (the row is locked while it is scored).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import OperationalError, transaction
from django.db.models import F

from kemenag_xblocks.quiz import scoring
from kemenag_xblocks.quiz.models import QuizAttempt, QuizBandCount, QuizCounter, QuizDimensionScore, QuizItemScore
from kemenag_xblocks.quiz.models import bump as bump_row

DEADLOCK = 1213  # MySQL/MariaDB ER_LOCK_DEADLOCK


class AttemptError(Exception):
    """A request the rules refuse; ``code`` says which rule, ``status`` the HTTP status."""

    def __init__(self, code, status=400):
        super().__init__(code)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class Where:
    """Which block and learner an attempt belongs to."""

    course_key: str
    usage_key: str
    url_name: str
    anonymous_id: str


def open_attempt(where):
    return (
        QuizAttempt.objects.filter(usage_key=where.usage_key, anonymous_id=where.anonymous_id, submitted__isnull=True)
        .order_by("-number")
        .first()
    )


def latest_submitted(where):
    return QuizAttempt.objects.filter(
        usage_key=where.usage_key, anonymous_id=where.anonymous_id, is_latest=True
    ).first()


def attempts_used(where):
    return QuizAttempt.objects.filter(
        usage_key=where.usage_key, anonymous_id=where.anonymous_id, submitted__isnull=False
    ).count()


def is_past_deadline(attempt, now):
    return attempt.deadline is not None and now > attempt.deadline


def start(where, *, max_attempts, time_limit_minutes, now):
    """The open attempt, or a new one if the limit allows (``max_attempts`` 0 = unlimited)."""
    current = open_attempt(where)
    if current:
        return current
    used = attempts_used(where)
    if max_attempts and used >= max_attempts:
        raise AttemptError("attempts_exhausted", 403)
    deadline = now + timedelta(minutes=time_limit_minutes) if time_limit_minutes else None
    attempt, created = QuizAttempt.objects.get_or_create(
        usage_key=where.usage_key,
        anonymous_id=where.anonymous_id,
        number=used + 1,
        defaults={"course_key": where.course_key, "url_name": where.url_name, "started": now, "deadline": deadline},
    )
    if created:
        bump_row(QuizCounter, "started", usage_key=where.usage_key)
    return attempt


def save(attempt, answers, now):
    """Store answers (already cleaned) while the attempt is open and before its deadline."""
    if attempt.submitted:
        raise AttemptError("already_submitted", 409)
    if is_past_deadline(attempt, now):
        raise AttemptError("deadline_passed", 409)
    # Only this learner writes their row; merge so that two tabs saving different items both count.
    attempt.answers = {**attempt.answers, **answers}
    QuizAttempt.objects.filter(pk=attempt.pk, submitted__isnull=True).update(answers=attempt.answers)


def _band_changes(previous, result, bands):
    """``{(dimension, band_min): delta}`` moving the learner's latest result in the band counts."""
    changes = {}

    def add(dimension, index, delta):
        key = (dimension, scoring.category(index, bands)["min"])
        changes[key] = changes.get(key, 0) + delta

    if previous is not None:
        add("", previous.overall, -1)
        for row in previous.dimension_scores.all():
            add(row.dimension, row.index, -1)
    add("", result["overall"], 1)
    for dimension, value in result["dimensions"].items():
        add(dimension, value["index"], 1)
    return {key: delta for key, delta in changes.items() if delta}


def ensure_aggregate_rows(usage_key, spec):
    """Create the block's counter and band rows if missing, outside the scoring transaction:
    inserting them inside it, from many submitters at once, is what deadlocks InnoDB."""
    keys = [""] + [d["id"] for d in spec["dimensions"]]
    QuizBandCount.objects.bulk_create(
        [QuizBandCount(usage_key=usage_key, dimension=key, band_min=b["min"]) for key in keys for b in spec["bands"]],
        ignore_conflicts=True,
    )
    QuizCounter.objects.bulk_create([QuizCounter(usage_key=usage_key)], ignore_conflicts=True)


def submit(attempt_id, spec, items, answers, now, retries=3):
    """Score and close the attempt; ``answers`` (cleaned) are ignored past the deadline.

    Returns ``(attempt, result)``. The row lock makes a double click (or two devices) submit
    once; the band counts move with F() updates in the same transaction, rows always locked in
    the same order. A deadlock the database still reports is retried, as InnoDB asks."""
    for attempt_number in range(retries):
        try:
            return _submit(attempt_id, spec, items, answers, now)
        except MissingAggregateRows as missing:
            # The block's first submission (or a new band): make the rows, outside the transaction.
            ensure_aggregate_rows(missing.usage_key, spec)
        except OperationalError as error:
            if error.args[0] != DEADLOCK or attempt_number == retries - 1:
                raise
    return _submit(attempt_id, spec, items, answers, now)


class MissingAggregateRows(Exception):
    """An aggregate row to update does not exist yet; the transaction rolls back and is retried."""

    def __init__(self, usage_key):
        super().__init__(usage_key)
        self.usage_key = usage_key


def _submit(attempt_id, spec, items, answers, now):
    with transaction.atomic():
        # Claim the attempt with a write first: it locks the row (a double click or a second device
        # finds it claimed) and, on SQLite, takes the write lock before any read needs upgrading.
        if not QuizAttempt.objects.filter(pk=attempt_id, submitted__isnull=True).update(submitted=now):
            raise AttemptError("already_submitted", 409)
        attempt = QuizAttempt.objects.get(pk=attempt_id)
        if not is_past_deadline(attempt, now):
            attempt.answers = {**attempt.answers, **answers}
        result = scoring.score_attempt(spec, items, attempt.answers)
        previous = None
        if attempt.number > 1:  # a first attempt has no earlier result to move out of the counts
            previous = (
                QuizAttempt.objects.select_for_update()
                .filter(usage_key=attempt.usage_key, anonymous_id=attempt.anonymous_id, is_latest=True)
                .first()
            )
        changes = _band_changes(previous, result, spec["bands"])
        if previous is not None:
            QuizAttempt.objects.filter(pk=previous.pk).update(is_latest=False)
        attempt.submitted = now
        attempt.overall = result["overall"]
        attempt.category = result["category"]
        attempt.is_latest = True
        attempt.save(update_fields=["answers", "submitted", "overall", "category", "is_latest"])
        by_dimension = {}
        for item in items:
            by_dimension.setdefault(item["dimension"], []).append(result["items"][item["id"]])
        QuizDimensionScore.objects.bulk_create(
            QuizDimensionScore(
                attempt=attempt,
                dimension=dimension,
                index=value["index"],
                band_min=scoring.category(value["index"], spec["bands"])["min"],
                item_sum=sum(by_dimension[dimension]),
                item_count=len(by_dimension[dimension]),
            )
            for dimension, value in result["dimensions"].items()
        )
        totals = {dimension: sum(scores) for dimension, scores in by_dimension.items()}
        QuizItemScore.objects.bulk_create(
            QuizItemScore(
                attempt=attempt,
                item_id=item["id"],
                dimension=item["dimension"],
                score=result["items"][item["id"]],
                rest=totals[item["dimension"]] - result["items"][item["id"]],
            )
            for item in items
        )
        for (dimension, band_min), delta in sorted(changes.items()):
            rows = QuizBandCount.objects.filter(usage_key=attempt.usage_key, dimension=dimension, band_min=band_min)
            if not rows.update(count=F("count") + delta):
                raise MissingAggregateRows(attempt.usage_key)
        if not QuizCounter.objects.filter(usage_key=attempt.usage_key).update(submitted=F("submitted") + 1):
            raise MissingAggregateRows(attempt.usage_key)
    return attempt, result


def pretest_indices(where, pretest_url_name):
    """The learner's latest pre-test dimension indices (``{id: index}``), found by url_name."""
    attempt = QuizAttempt.objects.filter(
        course_key=where.course_key, url_name=pretest_url_name, anonymous_id=where.anonymous_id, is_latest=True
    ).first()
    if attempt is None:
        return None
    return {row.dimension: row.index for row in attempt.dimension_scores.all()}
