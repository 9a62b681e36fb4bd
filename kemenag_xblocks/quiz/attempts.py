"""A learner's attempts: start, save as they go, submit. No XBlock here, only rows and rules.

Every rule a learner could try to get around is enforced here, on the server: the attempts
limit, the deadline (answers after it are refused; what was saved before it is scored), one
submission per attempt (closing the row is conditional on it being open and unchanged).
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.db import OperationalError, transaction
from django.db.models import F

from kemenag_xblocks.quiz import scoring, statements, versions
from kemenag_xblocks.quiz.models import QuizAttempt, QuizBandCount, QuizCounter
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
    anonymous_id: str
    username: str = ""


class Stale(Exception):
    """The attempt row changed since it was read (a save from another tab, a second submit)."""


def current(where):
    """``(open attempt or None, latest submitted attempt or None)`` with one query."""
    open_attempt = latest = None
    for row in statements.learner_attempts(where.usage_key, where.anonymous_id):
        if row.submitted is None:
            if open_attempt is None or row.number > open_attempt.number:
                open_attempt = row
        else:
            latest = row
    return open_attempt, latest


def attempts_used(latest):
    """Attempts are numbered from 1 and one is open at a time: the latest submitted is the count."""
    return latest.number if latest is not None else 0


def is_past_deadline(attempt, now):
    return attempt.deadline is not None and now > attempt.deadline


def start(where, *, url_name, version, paper_for, max_attempts, time_limit_minutes, now, can_start=True):
    """The open attempt, or a new one if the limit allows (``max_attempts`` 0 = unlimited).

    ``paper_for(number)`` draws the new attempt's paper, ``[[item_id, [option ids]], ...]``;
    ``can_start`` is false when the quiz has no items (an open attempt can still be resumed)."""
    current_attempt, latest = current(where)
    if current_attempt:
        return current_attempt
    if not can_start:
        raise AttemptError("no_items", 409)
    used = attempts_used(latest)
    if max_attempts and used >= max_attempts:
        raise AttemptError("attempts_exhausted", 403)
    deadline = now + timedelta(minutes=time_limit_minutes) if time_limit_minutes else None
    versions.store(version)
    attempt, created = QuizAttempt.objects.get_or_create(
        usage_key=where.usage_key,
        anonymous_id=where.anonymous_id,
        number=used + 1,
        defaults={
            "course_key": where.course_key,
            "username": where.username,
            "url_name": url_name,
            "started": now,
            "deadline": deadline,
            "definition": version.digest,
            "paper": paper_for(used + 1),
        },
    )
    if created:
        bump_row(QuizCounter, "started", usage_key=where.usage_key)
    return attempt


def save(attempt, answers, now, retries=5):
    """Store answers (already cleaned) while the attempt is open and before its deadline.

    Merged with what is stored, and written only if the row is still the one read (its revision):
    two tabs saving different questions at once both count."""
    for _ in range(retries):
        if attempt.submitted:
            raise AttemptError("already_submitted", 409)
        if is_past_deadline(attempt, now):
            raise AttemptError("deadline_passed", 409)
        merged = {**attempt.answers, **answers}
        written = QuizAttempt.objects.filter(pk=attempt.pk, submitted__isnull=True, revision=attempt.revision).update(
            answers=merged, revision=F("revision") + 1
        )
        if written:
            attempt.answers, attempt.revision = merged, attempt.revision + 1
            return attempt
        attempt = QuizAttempt.objects.get(pk=attempt.pk)
    raise AttemptError("busy", 409)


def result_bands(result, bands):
    """``{dimension or "": band min}`` of a result: which band counts it is in."""
    found = {"": scoring.category(result["overall"], bands)["min"]}
    for dimension, value in result["dimensions"].items():
        found[dimension] = scoring.category(value["index"], bands)["min"]
    return found


def stored_bands(attempt, bands):
    """The band counts a submitted attempt is in, as kept on its row (rows from before results
    were kept there: recomputed from its scores with ``bands``, as they were counted)."""
    if attempt.result:
        return attempt.result["bands"]
    found = {"": scoring.category(attempt.overall or 0, bands)["min"]}
    found.update((row.dimension, row.band_min) for row in attempt.dimension_scores.all())
    return found


def band_changes(previous_bands, new_bands):
    """``{(dimension, band_min): delta}`` moving a learner's latest result in the band counts."""
    changes = {}
    for sign, found in ((-1, previous_bands or {}), (1, new_bands)):
        for dimension, band_min in found.items():
            key = (dimension, band_min)
            changes[key] = changes.get(key, 0) + sign
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


class MissingAggregateRows(Exception):
    """An aggregate row to update does not exist yet; the transaction rolls back and is retried."""

    def __init__(self, usage_key):
        super().__init__(usage_key)
        self.usage_key = usage_key


def submit(attempt, latest, spec, items, answers, now, retries=4):
    """Score and close the open ``attempt`` (``latest``: the learner's previous result, or None).

    ``answers`` (cleaned) are merged with the saved ones, and ignored past the deadline. Returns
    ``(attempt, result)``. One UPDATE claims the row only if it is still open and unchanged since
    it was read (a double click or a second device submits once; a save in between is re-read);
    the aggregates move with F() updates in the same transaction, rows always locked in the same
    order. A deadlock the database still reports is retried, as InnoDB asks."""
    for attempt_number in range(retries):
        try:
            return _submit(attempt, latest, spec, items, answers, now)
        except MissingAggregateRows as missing:
            # The block's first submission (or a new band): make the rows, outside the transaction.
            ensure_aggregate_rows(missing.usage_key, spec)
        except Stale:
            attempt = QuizAttempt.objects.get(pk=attempt.pk)
            if attempt.submitted:
                raise AttemptError("already_submitted", 409) from None
            latest = current(Where(attempt.course_key, attempt.usage_key, attempt.anonymous_id))[1]
        except OperationalError as error:
            if error.args[0] != DEADLOCK or attempt_number == retries - 1:
                raise
    raise AttemptError("busy", 409)


def close_and_retire(attempt, latest, *, now, answers, overall, category, result):
    """Close the open attempt (if unchanged since read) and retire the previous latest result, in one
    UPDATE (one round trip instead of two); False if either row was not as read."""
    if latest is None:
        return statements.close_attempt(
            attempt, now=now, answers=answers, overall=overall, category=category, result=result
        )
    from django.db import connection

    q = connection.ops.quote_name
    table = connection.ops.quote_name(QuizAttempt._meta.db_table)
    new = f"{q('id')} = %s"

    def only_new(column):
        return f"{q(column)} = CASE WHEN {new} THEN %s ELSE {q(column)} END"

    columns = ("submitted", "answers", "overall", "category", "result")
    sql = (
        f"UPDATE {table} SET {', '.join(only_new(column) for column in columns)}, "  # noqa: S608
        f"{q('revision')} = {q('revision')} + CASE WHEN {new} THEN 1 ELSE 0 END, "
        f"{q('is_latest')} = CASE WHEN {new} THEN %s ELSE %s END "
        f"WHERE ({new} AND {q('submitted')} IS NULL AND {q('revision')} = %s) "
        f"OR ({q('id')} = %s AND {q('is_latest')} = %s)"
    )
    values = [connection.ops.adapt_datetimefield_value(now), json.dumps(answers), overall, category, json.dumps(result)]
    params = [param for value in values for param in (attempt.pk, value)]
    params += [attempt.pk, attempt.pk, True, False, attempt.pk, attempt.revision, latest.pk, True]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 2


def _submit(attempt, latest, spec, items, answers, now):
    # Past the deadline only what was saved in time is scored.
    answers = attempt.answers if is_past_deadline(attempt, now) else {**attempt.answers, **answers}
    result = scoring.score_attempt(spec, items, answers)
    bands = result_bands(result, spec["bands"])
    changes = band_changes(stored_bands(latest, spec["bands"]) if latest is not None else None, bands)
    kept = {"indices": {dimension: value["index"] for dimension, value in result["dimensions"].items()}, "bands": bands}
    # The best and the first attempt so far ride on the row: any rule of which attempt counts is
    # then read from the latest row alone (no query over earlier attempts).
    this = {"number": attempt.number, "overall": result["overall"]}
    kept["best"], kept["first"] = scoring.carried(history(latest) if latest is not None else None, this)
    scores = result["items"]
    by_dimension = {}
    for item in items:
        by_dimension.setdefault(item["dimension"], []).append(scores[item["id"]])
    totals = {dimension: sum(values) for dimension, values in by_dimension.items()}
    with transaction.atomic():
        # The write comes first: it locks the row and, on SQLite, takes the write lock before any read.
        closed = close_and_retire(
            attempt,
            latest,
            now=now,
            answers=answers,
            overall=result["overall"],
            category=result["category"],
            result=kept,
        )
        if not closed:
            raise Stale()
        statements.insert_dimension_scores(
            attempt.pk,
            [
                (dimension, value["index"], bands[dimension], totals[dimension], len(by_dimension[dimension]))
                for dimension, value in result["dimensions"].items()
            ],
        )
        statements.insert_item_scores(
            attempt.pk,
            [
                (item["id"], item["dimension"], scores[item["id"]], totals[item["dimension"]] - scores[item["id"]])
                for item in items
            ],
        )
        if statements.move_band_counts(attempt.usage_key, changes) != len(changes):
            raise MissingAggregateRows(attempt.usage_key)
        if not statements.count_submission(attempt.usage_key):
            raise MissingAggregateRows(attempt.usage_key)
    attempt.answers, attempt.submitted, attempt.revision = answers, now, attempt.revision + 1
    attempt.overall, attempt.category, attempt.is_latest, attempt.result = (
        result["overall"],
        result["category"],
        True,
        kept,
    )
    return attempt, result


def history(attempt):
    """``(best, first)`` attempts of a submitted attempt's learner up to it, as kept on its row
    (rows from before that was kept: the attempt itself, as the grade was then the latest)."""
    kept = attempt.result or {}
    own = {"number": attempt.number, "overall": attempt.overall}
    return kept.get("best", own), kept.get("first", own)


def counted(attempt, rule):
    """``{"number", "overall"}`` of the attempt that is the grade, given the learner's latest one."""
    best, first = history(attempt)
    return scoring.counted(rule, best, first, {"number": attempt.number, "overall": attempt.overall})


def stored_indices(attempt):
    """``{dimension: index}`` of a submitted attempt."""
    if attempt.result:
        return attempt.result["indices"]
    return {row.dimension: row.index for row in attempt.dimension_scores.all()}


def pretest_attempt(where, pretest_url_name):
    """The learner's latest submitted attempt of the pre-test named by url_name, or None."""
    return QuizAttempt.objects.filter(
        course_key=where.course_key, url_name=pretest_url_name, anonymous_id=where.anonymous_id, is_latest=True
    ).first()


def pretest_indices(where, pretest_url_name):
    """The learner's latest pre-test dimension indices (``{id: index}``), found by url_name."""
    attempt = pretest_attempt(where, pretest_url_name)
    return stored_indices(attempt) if attempt is not None else None
