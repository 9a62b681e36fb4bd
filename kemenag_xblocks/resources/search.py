"""Full-text search of the harvested catalogue (title, creators, subjects, description).

Every word of a query must match (as a word prefix) a word of the record; records holding every word
in the title come first, then the others, newest harvested first within each; deleted records are
never found. Nothing is scored, so both engines stop at the page instead of reading every match.

SQLite: an FTS5 table kept in step with ``ResourceRecord`` by triggers (migration 0009).

MariaDB/MySQL: ``ResourceToken`` rows, one per distinct word of a record (``in_title`` when the word
is in the title), and ``ResourceTerm`` rows, one per distinct word with how many records hold it,
both kept by ``index_records`` on every save (migration 0011). A search (decision 0008):

1. expands each query word to the words it prefixes, with their counts (one query on the terms);
2. walks the rarest query word's records newest first, one index range per word and field
   (``kemenag_token_walk``: token, in_title, record), checking each record for the other words, rarest
   first, by one B-tree dive per word (``kemenag_token_record``), and stops at the page;
3. a query word prefixing more than ``BRANCH_TOKENS`` words is checked by a range of the record's own
   rows instead; when it is the rarest word, its rows are read whole and sorted if there are at most
   ``UNORDERED`` of them, else the records themselves are walked newest first (such a prefix is in
   most of them).

InnoDB's FULLTEXT index, tried first, reads every match of a common word before it can stop (0.2-1 s
at 100,000 records), drops words shorter than ``innodb_ft_min_token_size`` (3) and English stopwords.
Another engine falls back to ``icontains`` (correct, not fast).
"""

from django.db import connection, transaction
from django.db.models import Q

from kemenag_xblocks.resources import query
from kemenag_xblocks.resources.models import ResourceRecord, ResourceSource

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
TERMS = "kemenag_xblocks_resourceterm"
WALK = "kemenag_token_walk"
LOCK = ""  # the term row every writer of token rows locks first: no word is empty

# A query word prefixing more words than this is never walked word by word (a union of that many
# ranges), and is checked by a range of the record's rows rather than by one dive per word...
BRANCH_TOKENS = 32
# ... as is one prefixing more than this many words (one dive each would cost more than the range).
PROBE_TOKENS = 4
# A broad prefix (more than BRANCH_TOKENS words) found in at most this many records is read whole
# and sorted; a commoner one is in most records, which are walked newest first.
UNORDERED = 5000


def install(schema_editor, reverse=False):
    """Create (or drop) the engine's full-text structures: called by migration 0009."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_TEARDOWN if reverse else SQLITE_SETUP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def lock_index(using=None):
    """Take the index writers' lock until the transaction ends (MariaDB/MySQL; a no-op elsewhere).

    Every writer of token and term rows takes it first, so writers never deadlock on the counts of
    common words (two harvests would otherwise lock "yang" and "dan" in opposite orders). A harvest
    takes it at the start of each page's transaction, before it writes records."""
    conn = using or connection
    if conn.vendor != "mysql":
        return
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT records FROM {TERMS} WHERE token = %s FOR UPDATE", [LOCK])  # noqa: S608
        if cursor.fetchone() is None:  # a fresh or flushed database
            cursor.execute(f"INSERT IGNORE INTO {TERMS} (token, records, titles) VALUES (%s, 0, 0)", [LOCK])  # noqa: S608
            cursor.execute(f"SELECT records FROM {TERMS} WHERE token = %s FOR UPDATE", [LOCK])  # noqa: S608


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def index_records(records):
    """Write the token rows of ``records`` and their words' counts (MariaDB/MySQL only; SQLite's
    triggers do this there). One transaction: the counts always include every token row's word."""
    if connection.vendor != "mysql":
        return
    records = list(records)
    if not records:
        return
    rows = []
    for record in records:
        title = set(query.words_of(record.title))
        others = query.words_of(" ".join((record.creators, record.subjects, record.description)))
        rows += [(record.pk, word, word in title) for word in dict.fromkeys([*title, *others])]
    changes = {}  # word -> [records, titles] to add to its counts

    def change(word, records, titles):
        counts = changes.setdefault(word, [0, 0])
        counts[0] += records
        counts[1] += titles

    with transaction.atomic(), connection.cursor() as cursor:
        lock_index()
        for chunk in _chunks([record.pk for record in records], 1000):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT token, COUNT(*), SUM(in_title) FROM {TOKENS} WHERE record_id IN ({marks}) GROUP BY token",  # noqa: S608
                chunk,
            )
            for word, count, titles in cursor.fetchall():
                change(word, -count, -int(titles))
            cursor.execute(f"DELETE FROM {TOKENS} WHERE record_id IN ({marks})", chunk)  # noqa: S608
        for _pk, word, in_title in rows:
            change(word, 1, int(in_title))
        # One multi-row INSERT per batch (the driver folds executemany): 4.5 million rows at 100,000 records.
        for chunk in _chunks(rows, 10000):
            cursor.executemany(
                f"INSERT INTO {TOKENS} (record_id, token, in_title) VALUES (%s, %s, %s)",  # noqa: S608
                chunk,
            )
        counts = sorted((word, n, t) for word, (n, t) in changes.items() if n or t)
        for chunk in _chunks(counts, 5000):
            cursor.executemany(
                f"INSERT INTO {TERMS} (token, records, titles) VALUES (%s, %s, %s) "  # noqa: S608
                "ON DUPLICATE KEY UPDATE records = records + VALUES(records), titles = titles + VALUES(titles)",
                chunk,
            )


def count_terms(using=None):
    """Count every word's records again from the token rows (MariaDB/MySQL): the counts of records
    deleted since (a source deleted in the admin) go, and words no record holds any more. Called by
    migration 0011 and by the periodic harvest task; a few seconds at 100,000 records."""
    conn = using or connection
    if conn.vendor != "mysql":
        return
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        lock_index(conn)
        cursor.execute(f"UPDATE {TERMS} SET records = 0, titles = 0 WHERE token <> %s", [LOCK])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {TERMS} (token, records, titles) "  # noqa: S608
            f"SELECT token, COUNT(*), SUM(in_title) FROM {TOKENS} GROUP BY token "
            "ON DUPLICATE KEY UPDATE records = VALUES(records), titles = VALUES(titles)"
        )
        cursor.execute(f"DELETE FROM {TERMS} WHERE records = 0 AND token <> %s", [LOCK])  # noqa: S608


class Word:
    """One query word on MariaDB/MySQL: the indexed words it prefixes and their counts."""

    def __init__(self, text):
        self.text = text
        self.tokens = []  # (token, records, titles), at most BRANCH_TOKENS + 1
        self.records = self.titles = 0
        self.broad = False

    def count(self, title):
        return self.titles if title else self.records


def _words(cursor, texts):
    """The query words with their tokens: one query, plus one for the counts of broad prefixes."""
    words = [Word(text) for text in texts]
    branches = " UNION ALL ".join(
        f"(SELECT {n}, token, records, titles FROM {TERMS} WHERE token LIKE %s LIMIT {BRANCH_TOKENS + 1})"  # noqa: S608
        for n in range(len(words))
    )
    cursor.execute(branches, [word.text + "%" for word in words])
    for n, token, records, titles in cursor.fetchall():
        words[n].tokens.append((token, records, titles))
    for word in words:
        word.broad = len(word.tokens) > BRANCH_TOKENS
        word.records = sum(t[1] for t in word.tokens)
        word.titles = sum(t[2] for t in word.tokens)
    broad = [word for word in words if word.broad]
    if broad:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT {n}, SUM(records), SUM(titles) FROM {TERMS} WHERE token LIKE %s"  # noqa: S608
                for n in range(len(broad))
            ),
            [word.text + "%" for word in broad],
        )
        for n, records, titles in cursor.fetchall():
            broad[n].records, broad[n].titles = int(records or 0), int(titles or 0)
    return words


RECORD_INDEX = "kemenag_token_record"


def _joined(word):
    """A word checked by a join: one exact token, so at most one row per record and field."""
    return not word.broad and len(word.tokens) == 1


def _join(word, n, title, outer):
    """``STRAIGHT_JOIN`` (the optimizer keeps the walk first, and so its order) of the word's one token.

    Title: a dive into the word's own title rows of the walk index (token, in_title, record), a few
    compact pages that stay in the buffer pool however widely the walk ranges over old records.
    Any field: a dive by record (record, token); that walk goes newest first, over adjacent records."""
    if title:
        sql = (
            f" STRAIGHT_JOIN {TOKENS} p{n} FORCE INDEX ({WALK}) "
            f"ON p{n}.token = %s AND p{n}.in_title = 1 AND p{n}.record_id = {outer}"
        )
    else:
        sql = (
            f" STRAIGHT_JOIN {TOKENS} p{n} FORCE INDEX ({RECORD_INDEX}) ON p{n}.record_id = {outer} AND p{n}.token = %s"
        )
    return sql, [word.tokens[0][0]]


def _probe(word, title, outer):
    """SQL and parameters true when the record ``outer`` holds ``word`` (in its title): a scalar
    subquery, never a semi-join the optimizer might answer by materialising every record holding it."""
    scope = " AND p.in_title = 1" if title else ""
    if not word.broad and len(word.tokens) <= PROBE_TOKENS:  # a broad word's list is cut short
        # One dive per token (record, token[, in_title]).
        ors = " OR ".join(
            f"(SELECT 1 FROM {TOKENS} p WHERE p.record_id = {outer} AND p.token = %s{scope} LIMIT 1)"  # noqa: S608
            for _ in word.tokens
        )
        return f"({ors})", [token for token, _records, _titles in word.tokens]
    # A broad prefix: the record's own rows (record, token[, in_title]), one range.
    sql = f"(SELECT 1 FROM {TOKENS} p WHERE p.record_id = {outer} AND p.token LIKE %s{scope} LIMIT 1)"  # noqa: S608
    return sql, [word.text + "%"]


def _checks(words, title, outer, live=True):
    """Joins and conditions (each with its parameters) that keep only records holding every word
    (rarest first, so most records fail at the first) and, with ``live``, not deleted."""
    joins, join_params, parts, params = "", [], [], []
    for n, word in enumerate(words):
        if _joined(word):
            sql, values = _join(word, n, title, outer)
            joins += sql
            join_params += values
        else:
            sql, values = _probe(word, title, outer)
            parts.append(sql)
            params += values
    if live:
        joins += f" STRAIGHT_JOIN {TABLE} r ON r.id = {outer} AND r.deleted = 0"
    return joins, join_params, "".join(f" AND {part}" for part in parts), params


def _scope_sql(words, title, limit):
    """The SQL and parameters of one scope (title, or any field): the newest ``limit`` records."""
    words = sorted(words, key=lambda word: (word.count(title), len(word.tokens)))
    driver, others = words[0], words[1:]
    if not driver.broad:
        joins, join_params, checks, params = _checks(others, title, "t0.record_id")
        branches, values = [], []
        for token, _records, _titles in driver.tokens:
            for flag in (1,) if title else (0, 1):
                branches.append(
                    f"(SELECT t0.record_id FROM {TOKENS} t0 FORCE INDEX ({WALK}){joins} "  # noqa: S608
                    f"WHERE t0.token = %s AND t0.in_title = {flag}{checks} "
                    "ORDER BY t0.record_id DESC LIMIT %s)"
                )
                values += [*join_params, token, *params, limit]
        return " UNION ".join(branches) + " ORDER BY record_id DESC LIMIT %s", [*values, limit]
    if driver.count(title) <= UNORDERED:
        joins, join_params, checks, params = _checks(others, title, "t0.record_id")
        scope = " AND t0.in_title = 1" if title else ""
        sql = (
            f"SELECT DISTINCT t0.record_id FROM {TOKENS} t0 FORCE INDEX ({WALK}){joins} "  # noqa: S608
            f"WHERE t0.token LIKE %s{scope}{checks} ORDER BY t0.record_id DESC LIMIT %s"
        )
        return sql, [*join_params, driver.text + "%", *params, limit]
    joins, join_params, checks, params = _checks(words, title, "w.id", live=False)
    sql = f"SELECT w.id FROM {TABLE} w{joins} WHERE w.deleted = 0{checks} ORDER BY w.id DESC LIMIT %s"  # noqa: S608
    return sql, [*join_params, *params, limit]


def _mysql_ids(texts, limit):
    found = []
    with connection.cursor() as cursor:
        words = _words(cursor, texts)
        if any(not word.tokens for word in words):
            return []  # a word no record holds (every token row's word has a term row)
        for title in (True, False):
            sql, params = _scope_sql(words, title, limit)
            cursor.execute(sql, params)
            found += [record_id for (record_id,) in cursor.fetchall() if record_id not in found]
            if len(found) >= limit:
                break
    return found[:limit]


def _sqlite_ids(words, limit):
    found = []
    match = query.fts5_match(words)
    with connection.cursor() as cursor:
        for title in (True, False):
            cursor.execute(SQLITE_SEARCH, ["title : (" + match + ")" if title else match, limit])
            found += [record_id for (record_id,) in cursor.fetchall() if record_id not in found]
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
        ids = _sqlite_ids(words, limit) if vendor == "sqlite" else _mysql_ids(words, limit)
        # By primary key only, then the sources: a join let MariaDB's optimizer read a whole source's
        # records through the (source, identifier) index to find 20 of them (10-35 ms at 100,000).
        found = ResourceRecord.objects.in_bulk(ids)
        sources = ResourceSource.objects.in_bulk({record.source_id for record in found.values()})
        for record in found.values():
            record.source = sources[record.source_id]
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
