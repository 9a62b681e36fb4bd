"""Per-learner yearly JP totals (``JpYearTotal``), kept exact in the same transaction as every ledger write.

``refresh(user_id, years)`` is the one function that writes them: it recomputes the learner's
rows that those years feed (each year's own row and the rows of the two years after it, which
carry it) from the ledger's index range (``kemenag_ledger_user_date``). The ledger's model calls it
from ``save``/``delete`` and from its queryset's ``update``/``delete``/``bulk_create``/
``bulk_update`` (``competency/models.py``), so no write path can forget it; raw inserts (the
benchmark generator) call ``rebuild`` for the learners they wrote.

Concurrency: ``refresh`` first upserts each row it will recompute, which takes that row's write
lock (or waits for the writer holding it to commit), and only then reads the ledger. Under READ
COMMITTED (Django's default on MySQL and MariaDB) each statement sees what was committed before it
started, so of two writers of one learner's year the second to get the lock counts the first one's
row as well as its own: no update is lost. Rows are locked in ascending (learner, year) order, so
two refreshes never wait for each other in a cycle. SQLite serialises writers.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import connections, router, transaction
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import ExtractYear

from kemenag_xblocks.competency.models import JpYearTotal, LedgerEntry

COUNTED = frozenset(str(status) for status in LedgerEntry.COUNTED)


def lock_rows(queryset):
    """``{pk: (user_id, completed_on, status)}`` of the ledger rows a write is about to change,
    locked until the transaction ends (their before-values decide which totals to recompute)."""
    rows = queryset.select_for_update().order_by("pk").values_list("pk", "user_id", "completed_on", "status")
    return {pk: (user_id, day, status) for pk, user_id, day, status in rows}


def keys_of(rows):
    """``{user_id: {year, ...}}`` of the (learner, year) totals that counted rows fall in."""
    keys = defaultdict(set)
    for user_id, day, status in rows:
        if user_id is not None and day is not None and str(status) in COUNTED:
            keys[user_id].add(day.year)
    return keys


def refresh_changed(before, manager):
    """After a write: recompute the totals the rows counted in before, and (re-read through
    ``manager``, None after a delete) the totals they count in now."""
    after = {}
    if manager is not None and before:
        after = lock_rows(manager.filter(pk__in=list(before)))
    keys = keys_of(before.values())
    for user_id, years in keys_of(after.values()).items():
        keys[user_id] |= years
    refresh_keys(keys)


def refresh_keys(keys):
    for user_id in sorted(keys):
        refresh(user_id, keys[user_id])


CARRIED = 2  # a row carries the two years before its own


def fed_by(years):
    """The rows (years) whose figures a change in ``years`` alters: each year and the two after it."""
    return sorted({int(year) + k for year in years for k in range(CARRIED + 1)})


def year_figures(days_and_jp):
    """``{year: (jp, entries, first_on, last_on)}`` of counted ``(completed_on, jp)`` pairs."""
    figures = {}
    for day, jp in days_and_jp:
        jp_sum, entries, first_on, last_on = figures.get(day.year, (Decimal(0), 0, day, day))
        figures[day.year] = (jp_sum + jp, entries + 1, min(first_on, day), max(last_on, day))
    return figures


def row_values(figures, year):
    """The columns of the row for ``year`` from yearly figures, or None when no row is due."""
    this, prev, prev2 = (figures.get(year - k) for k in range(CARRIED + 1))
    if not (this or prev or prev2):
        return None
    this, prev, prev2 = (f or (Decimal(0), 0, None, None) for f in (this, prev, prev2))
    return {
        "jp": this[0],
        "entries": this[1],
        "first_on": this[2],
        "last_on": this[3],
        "prev_jp": prev[0],
        "prev_last_on": prev[3],
        "prev2_jp": prev2[0],
        "prev2_first_on": prev2[2],
        "prev2_last_on": prev2[3],
    }


COLUMNS = tuple(row_values({2000: (Decimal(0), 0, None, None)}, 2000))


def refresh(user_id, years):
    """Recompute the learner's ``JpYearTotal`` rows fed by ``years`` from the ledger (the one writer).

    Call it inside the transaction of the ledger write (it joins it, or makes one of its own).
    """
    rows = fed_by(years)
    if not rows:
        return
    using = router.db_for_write(JpYearTotal)
    with transaction.atomic(using=using, savepoint=False):
        _upsert(using, [JpYearTotal(user_id=user_id, year=year) for year in rows], ["entries"])  # the lock
        counted = (
            LedgerEntry._base_manager.using(using)
            .filter(
                user_id=user_id,
                completed_on__gte=date(rows[0] - CARRIED, 1, 1),
                completed_on__lte=date(rows[-1], 12, 31),
                status__in=COUNTED,
            )
            .order_by()
            .values_list("completed_on", "jp")
        )
        figures = year_figures(counted)
        kept, empty = [], []
        for year in rows:
            values = row_values(figures, year)
            if values is None:
                empty.append(year)
            else:
                kept.append(JpYearTotal(user_id=user_id, year=year, **values))
        if kept:
            _upsert(using, kept, list(COLUMNS))
        if empty:
            JpYearTotal.objects.using(using).filter(user_id=user_id, year__in=empty).delete()


def _upsert(using, rows, fields):
    unique = ["user", "year"] if connections[using].features.supports_update_conflicts_with_target else None
    JpYearTotal.objects.using(using).bulk_create(
        rows, update_conflicts=True, unique_fields=unique, update_fields=fields
    )


def counted_years(ledger_model=LedgerEntry, using=None):
    """The ledger's counted rows summed per (learner, year)."""
    return (
        ledger_model._base_manager.using(using or router.db_for_read(ledger_model))
        .filter(status__in=COUNTED)
        .annotate(year=ExtractYear("completed_on"))
        .values("user_id", "year")
        .annotate(jp=Sum("jp"), entries=Count("pk"), first_on=Min("completed_on"), last_on=Max("completed_on"))
        .order_by()
    )


def expected_rows(per_year):
    """``{(user_id, year): columns}`` the totals must hold, from ``counted_years`` rows."""
    figures = defaultdict(dict)
    for row in per_year:
        figures[row["user_id"]][int(row["year"])] = (row["jp"], row["entries"], row["first_on"], row["last_on"])
    expected = {}
    for user_id, years in figures.items():
        for year in fed_by(years):
            values = row_values(years, year)
            if values is not None:
                expected[(user_id, year)] = values
    return expected


def rebuild(
    first_user=None, last_user=None, *, ledger_model=LedgerEntry, totals_model=JpYearTotal, using=None, batch=20000
):
    """Recompute every learner's totals from the ledger (learners ``first_user``..``last_user``
    when given), in batches of learner ids, each batch one transaction. Used by the migration that
    added the totals (with its historical models), by ``kemenag_rebuild_jp_totals`` and by raw
    bulk inserts. Returns the number of rows written."""
    using = using or router.db_for_write(totals_model)
    users = ledger_model._base_manager.using(using).order_by("user_id")
    if first_user is not None:
        users = users.filter(user_id__gte=first_user)
    if last_user is not None:
        users = users.filter(user_id__lte=last_user)
    connection = connections[using]
    written, low = 0, None
    while True:
        page = users.filter(user_id__gt=low) if low is not None else users
        ids = list(page.values_list("user_id", flat=True).distinct()[:batch])
        if not ids:
            return written
        with transaction.atomic(using=using):
            span = {"user_id__gte": ids[0], "user_id__lte": ids[-1]}
            totals_model._base_manager.using(using).filter(**span).delete()
            sql, params = _rebuild_sql(connection, totals_model, counted_years(ledger_model, using).filter(**span))
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                written += cursor.rowcount
        low = ids[-1]


def _rebuild_sql(connection, totals_model, per_year):
    """One INSERT ... SELECT of every row fed by ``per_year`` (``counted_years``): each yearly sum
    lands on its own year's row (k = 0) and is carried on the rows of the two years after (k = 1, 2);
    the same columns as ``row_values``."""
    per_year = per_year.values_list("user_id", "year", "jp", "entries", "first_on", "last_on")
    inner, params = per_year.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(totals_model._meta.get_field(name).column) for name in ("user", "year", *COLUMNS))
    picks = {
        "jp": "SUM(CASE WHEN k.k = 0 THEN y.jp ELSE 0 END)",
        "entries": "SUM(CASE WHEN k.k = 0 THEN y.entries ELSE 0 END)",
        "first_on": "MIN(CASE WHEN k.k = 0 THEN y.first_on END)",
        "last_on": "MAX(CASE WHEN k.k = 0 THEN y.last_on END)",
        "prev_jp": "SUM(CASE WHEN k.k = 1 THEN y.jp ELSE 0 END)",
        "prev_last_on": "MAX(CASE WHEN k.k = 1 THEN y.last_on END)",
        "prev2_jp": "SUM(CASE WHEN k.k = 2 THEN y.jp ELSE 0 END)",
        "prev2_first_on": "MIN(CASE WHEN k.k = 2 THEN y.first_on END)",
        "prev2_last_on": "MAX(CASE WHEN k.k = 2 THEN y.last_on END)",
    }
    carried = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(CARRIED + 1))
    sql = (
        f"INSERT INTO {quote(totals_model._meta.db_table)} ({columns}) "  # noqa: S608 (names from the model)
        f"SELECT y.user_id, y.year + k.k, {', '.join(picks[name] for name in COLUMNS)} "
        f"FROM ({inner}) y CROSS JOIN ({carried}) k GROUP BY y.user_id, y.year + k.k"
    )
    return sql, params


def differences(ledger_model=LedgerEntry, totals_model=JpYearTotal):
    """(learner, year) keys whose totals differ from a recount of the ledger (empty when exact)."""
    expected = {
        key: tuple(values[c] for c in COLUMNS) for key, values in expected_rows(counted_years(ledger_model)).items()
    }
    held = {(r[0], r[1]): tuple(r[2:]) for r in totals_model._base_manager.values_list("user_id", "year", *COLUMNS)}
    return sorted(key for key in expected.keys() | held.keys() if expected.get(key) != held.get(key))
