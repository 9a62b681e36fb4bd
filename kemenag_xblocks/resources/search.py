"""Full-text search of the harvested catalogue (title, creators, subjects, description).

SQLite: an FTS5 table kept in step with ``ResourceRecord`` by triggers. MariaDB/MySQL: an InnoDB
FULLTEXT index over the same four columns. Both are created by migration 0009; another engine falls
back to ``icontains`` (correct, not fast). Deleted records are never found. InnoDB applies full-text
changes at commit, so a record is findable once its harvest page is committed.
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
MYSQL_SETUP = [f"ALTER TABLE {TABLE} ADD FULLTEXT INDEX kemenag_resource_text ({_COLS})"]
MYSQL_TEARDOWN = [f"ALTER TABLE {TABLE} DROP INDEX kemenag_resource_text"]
_MATCH = f"MATCH ({_COLS}) AGAINST (%s IN BOOLEAN MODE)"
SQLITE_SEARCH = (
    f"SELECT r.id FROM {FTS_TABLE} f JOIN {TABLE} r ON r.id = f.rowid "  # noqa: S608
    f"WHERE {FTS_TABLE} MATCH %s AND r.deleted = 0 ORDER BY f.rank LIMIT %s"
)
MYSQL_SEARCH = f"SELECT id FROM {TABLE} WHERE {_MATCH} AND deleted = 0 ORDER BY {_MATCH} DESC, id LIMIT %s"  # noqa: S608


def install(schema_editor, reverse=False):
    """Create (or drop) the engine's full-text structures: called by migration 0009."""
    vendor = schema_editor.connection.vendor
    statements = {
        "sqlite": SQLITE_TEARDOWN if reverse else SQLITE_SETUP,
        "mysql": MYSQL_TEARDOWN if reverse else MYSQL_SETUP,
    }.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def _ids(vendor, words, limit):
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute(SQLITE_SEARCH, [query.fts5_match(words), limit])
        else:
            match = query.boolean_match(words)
            cursor.execute(MYSQL_SEARCH, [match, match, limit])
        return [row[0] for row in cursor.fetchall()]


def search(text, limit=PAGE):
    """Up to ``limit`` live records matching every word of ``text``, best first."""
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
