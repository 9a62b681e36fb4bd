"""The statements a submission runs, as parameterised SQL for SQLite and MySQL/MariaDB alike.

A submission writes about fifty rows; through the ORM, building those statements (model
instances, compilers, expressions) costs more than running them. These are the same statements
the ORM would send (``bulk_create``, ``update(F() + …)``), written once. Table and column names
come from the models (quoted by the backend), so a rename there cannot leave them behind; every
value is a query parameter (hence the ``noqa: S608`` on the statements built from names).
"""

import json

from django.db import connection
from django.db.models import DateTimeField, JSONField

from kemenag_xblocks.common.sql import insert_rows
from kemenag_xblocks.quiz.models import QuizAttempt, QuizBandCount, QuizCounter, QuizDimensionScore, QuizItemScore


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model, names):
    return ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# The insert helper lives once, in common/sql.py (issue 15.6).
_insert = insert_rows


def _datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def learner_attempts(usage_key, anonymous_id):
    """The learner's open and latest attempts of a block, as model instances, in one query."""
    q = connection.ops.quote_name
    fields = QuizAttempt._meta.concrete_fields
    sql = (
        f"SELECT {', '.join(q(field.column) for field in fields)} FROM {_table(QuizAttempt)} "  # noqa: S608
        f"WHERE {q('usage_key')} = %s AND {q('anonymous_id')} = %s "
        f"AND ({q('submitted')} IS NULL OR {q('is_latest')} = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [usage_key, anonymous_id, True])
        rows = cursor.fetchall()
    names = [field.attname for field in fields]
    return [QuizAttempt.from_db(connection.alias, names, _from_db(fields, row)) for row in rows]


def _from_db(fields, row):
    """Column values as the ORM would give them (the backend's datetimes, parsed JSON, booleans)."""
    values = []
    for field, value in zip(fields, row, strict=True):
        if value is not None:
            if isinstance(field, DateTimeField):
                value = connection.ops.convert_datetimefield_value(value, None, connection)
            elif isinstance(field, JSONField):
                value = json.loads(value) if isinstance(value, (str, bytes)) else value
            elif field.get_internal_type() == "BooleanField":
                value = bool(value)
        values.append(value)
    return values


def close_attempt(attempt, *, now, answers, overall, category, result):
    """Claim and close the open attempt if it is unchanged since read; False if it was not."""
    q = connection.ops.quote_name
    sql = (
        f"UPDATE {_table(QuizAttempt)} SET {q('submitted')} = %s, {q('answers')} = %s, {q('overall')} = %s, "  # noqa: S608
        f"{q('category')} = %s, {q('is_latest')} = %s, {q('result')} = %s, {q('revision')} = {q('revision')} + 1 "
        f"WHERE {q('id')} = %s AND {q('submitted')} IS NULL AND {q('revision')} = %s"
    )
    params = [_datetime(now), json.dumps(answers), overall, category, True, json.dumps(result)]
    return _run(sql, [*params, attempt.pk, attempt.revision]) == 1


def retire_latest(attempt_id):
    """The learner's previous result stops being their latest; False if it already had."""
    q = connection.ops.quote_name
    sql = f"UPDATE {_table(QuizAttempt)} SET {q('is_latest')} = %s WHERE {q('id')} = %s AND {q('is_latest')} = %s"  # noqa: S608
    return _run(sql, [False, attempt_id, True]) == 1


def insert_dimension_scores(attempt_id, rows):
    """``rows``: ``(dimension, index, band_min, item_sum, item_count)``."""
    names = ("attempt", "dimension", "index", "band_min", "item_sum", "item_count")
    _insert(QuizDimensionScore, names, [(attempt_id, *row) for row in rows])


def insert_item_scores(attempt_id, rows):
    """``rows``: ``(item_id, dimension, score, rest)``."""
    _insert(QuizItemScore, ("attempt", "item_id", "dimension", "score", "rest"), [(attempt_id, *row) for row in rows])


def move_band_counts(usage_key, changes):
    """``count += delta`` for each ``(dimension, band_min): delta`` in one statement (its rows are
    locked in index order, whoever runs it); returns how many rows there were to move."""
    if not changes:
        return 0
    q = connection.ops.quote_name
    match = f"({q('dimension')} = %s AND {q('band_min')} = %s)"
    keys = sorted(changes)
    sql = (
        f"UPDATE {_table(QuizBandCount)} SET {q('count')} = {q('count')} + CASE "  # noqa: S608
        + " ".join(f"WHEN {match} THEN %s" for _key in keys)
        + f" ELSE 0 END WHERE {q('usage_key')} = %s AND ("
        + " OR ".join([match] * len(keys))
        + ")"
    )
    params = [value for key in keys for value in (*key, changes[key])]
    params.append(usage_key)
    params.extend(value for key in keys for value in key)
    return _run(sql, params)


def count_submission(usage_key):
    """The block's submitted-attempts counter +1; False if the row does not exist yet."""
    q = connection.ops.quote_name
    sql = f"UPDATE {_table(QuizCounter)} SET {q('submitted')} = {q('submitted')} + 1 WHERE {q('usage_key')} = %s"  # noqa: S608
    return _run(sql, [usage_key]) == 1
