"""Full-text search of the harvested catalogue (title, creators, subjects, description).

SQLite: an FTS5 table kept in step with ``ResourceRecord`` by triggers (migration 0009).
MariaDB/MySQL: ``ResourceToken`` rows, one per word of a record, kept by ``index_records`` (called
on every save); a search walks the B-tree range of its rarest word, newest record first, and stops
at the limit (InnoDB's FULLTEXT index, tried first, reads every match of a common word: 0.2-1 s at
100,000 records). Another engine falls back to ``icontains`` (correct, not fast). Deleted records
are never found.
"""

from django.db import connection
from django.db.models import Q

from kemenag_xblocks.resources import query
from kemenag_xblocks.resources.models import ResourceRecord

TABLE = "kemenag_xblocks_resourcerecord"  # literal: migration 0009 uses this module
FTS_TABLE = "kemenag_resource_fts"
COLUMNS = ("title", "creators", "subjects", "description")
PAGE = 20

# Table and column names are constants of this module; every value is a query parameter.
_COLS = ", ".join(COLUMNS)
_NEW = ", ".join("new." + c for c in COLUMNS)
_OLD = ", ".join("old." + c for c in COLUMNS)
_INSERT_NEW = f"INSERT INTO {FTS_TABLE}(rowid, {_COLS}) VALUES (new.id, {_NEW});"  # noqa: S608
_DELETE_OLD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD});"  # noqa: S608
SQLITE_SETUP = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_COLS}, content='{TABLE}', content_rowid='id', "
    'tokenize="unicode61 remove_diacritics 2")',
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON {TABLE} BEGIN {_INSERT_NEW} END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON {TABLE} BEGIN {_DELETE_OLD} END",
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE ON {TABLE} BEGIN {_DELETE_OLD} {_INSERT_NEW} END",
]
SQLITE_TEARDOWN = [f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{s}" for s in ("ai", "ad", "au")] + [
    f"DROP TABLE IF EXISTS {FTS_TABLE}"
]
# Order without a relevance score: scoring every match (bm25, InnoDB's ranking) costs a full pass
# over a common word's matches (0.4-0.7 s at 100,000 records). Titles holding every word come
# first, then matches in any field; newest harvested first within each (both walk the index
# backwards and stop at the limit).
SQLITE_SEARCH = (
    f"SELECT r.id FROM {FTS_TABLE} f JOIN {TABLE} r ON r.id = f.rowid "  # noqa: S608
    f"WHERE {FTS_TABLE} MATCH %s AND r.deleted = 0 ORDER BY f.rowid DESC LIMIT %s"
)
TOKENS = "kemenag_xblocks_resourcetoken"


def install(schema_editor, reverse=False):
    """Create (or drop) the engine's full-text structures: called by migration 0009."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_TEARDOWN if reverse else SQLITE_SETUP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def index_records(records):
    """Write the token rows of ``records`` (MariaDB/MySQL only; SQLite's triggers do this there)."""
    if connection.vendor != "mysql":
        return
    records = list(records)
    rows = []
    for record in records:
        title = set(query.words_of(record.title))
        others = query.words_of(" ".join((record.creators, record.subjects, record.description)))
        rows += [(record.pk, word, word in title) for word in dict.fromkeys([*title, *others])]
    with connection.cursor() as cursor:
        ids = [record.pk for record in records]
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {TOKENS} WHERE record_id IN ({marks})", chunk)  # noqa: S608
        # One multi-row INSERT per batch (the driver folds executemany): 4.5 million rows at 100,000 records.
        for start in range(0, len(rows), 10000):
            cursor.executemany(
                f"INSERT INTO {TOKENS} (record_id, token, in_title) VALUES (%s, %s, %s)",  # noqa: S608
                rows[start : start + 10000],
            )


# A rarest word matching fewer records than this drives the search by its own index range (then
# sorted); a commoner one is found fastest by walking all records newest first and stopping at 20.
RANGE_DRIVEN = 20_000


def _token_sql(words, title_only, by_range):
    """Records holding every word (as a prefix), newest first. No DISTINCT (it would read every
    match into a temporary table): a prefix matching two words of one record repeats it, and
    ``_ids`` drops the repeat."""
    title = " AND {t}.in_title = 1" if title_only else ""
    exists = "".join(
        f" AND EXISTS (SELECT 1 FROM {TOKENS} t{n} WHERE t{n}.record_id = t0.record_id "  # noqa: S608
        f"AND t{n}.token LIKE %s{title.format(t=f't{n}')})"
        for n in range(1, len(words))
    )
    index = "kemenag_token_word" if by_range else "kemenag_token_record"
    return (
        f"SELECT t0.record_id FROM {TOKENS} t0 FORCE INDEX ({index}) "  # noqa: S608
        f"JOIN {TABLE} r ON r.id = t0.record_id "
        f"WHERE t0.token LIKE %s{title.format(t='t0')} AND r.deleted = 0{exists} "
        "ORDER BY t0.record_id DESC LIMIT %s"
    )


def _rarest_first(cursor, words, title_only):
    """The words, rarest first, and how many token rows the rarest has (counted up to RANGE_DRIVEN)."""
    counts = {}
    title = " AND in_title = 1" if title_only else ""
    for word in words:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {TOKENS} WHERE token LIKE %s{title} LIMIT %s) x",  # noqa: S608
            [word + "%", RANGE_DRIVEN],
        )
        counts[word] = cursor.fetchone()[0]
    ordered = sorted(words, key=counts.__getitem__)
    return ordered, counts[ordered[0]]


def _ids(vendor, words, limit):
    found = []
    with connection.cursor() as cursor:
        for scope in ("title", "all"):
            if vendor == "sqlite":
                match = query.fts5_match(words)
                cursor.execute(SQLITE_SEARCH, ["title : (" + match + ")" if scope == "title" else match, limit])
            else:
                ordered, rarest = _rarest_first(cursor, words, scope == "title")
                sql = _token_sql(ordered, scope == "title", by_range=rarest < RANGE_DRIVEN)
                cursor.execute(sql, [w + "%" for w in ordered] + [limit * 2])
            for (record_id,) in cursor.fetchall():
                if record_id not in found:
                    found.append(record_id)
            if len(found) >= limit:
                break
    return found[:limit]


def search(text, limit=PAGE):
    """Up to ``limit`` live records matching every word of ``text``: title matches first."""
    vendor = connection.vendor
    words = query.terms(text, query.MIN_LENGTH.get(vendor, 1))
    if not words:
        return []
    if vendor in ("sqlite", "mysql"):
        ids = _ids(vendor, words, limit)
        found = ResourceRecord.objects.select_related("source").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
    condition = Q()
    for word in words:
        condition &= (
            Q(title__icontains=word)
            | Q(creators__icontains=word)
            | Q(subjects__icontains=word)
            | Q(description__icontains=word)
        )
    return list(ResourceRecord.objects.filter(condition, deleted=False).select_related("source")[:limit])
