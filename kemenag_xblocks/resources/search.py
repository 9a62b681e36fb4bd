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
MYSQL_SETUP = [
    f"ALTER TABLE {TABLE} ADD FULLTEXT INDEX kemenag_resource_text ({_COLS})",
    f"ALTER TABLE {TABLE} ADD FULLTEXT INDEX kemenag_resource_title (title)",
]
MYSQL_TEARDOWN = [
    f"ALTER TABLE {TABLE} DROP INDEX kemenag_resource_title",
    f"ALTER TABLE {TABLE} DROP INDEX kemenag_resource_text",
]
# Order without a relevance score: scoring every match (bm25, InnoDB's ranking) costs a full pass
# over a common word's matches (0.4-0.7 s at 100,000 records). Titles holding every word come
# first, then matches in any field; newest harvested first within each (both walk the index
# backwards and stop at the limit).
SQLITE_SEARCH = (
    f"SELECT r.id FROM {FTS_TABLE} f JOIN {TABLE} r ON r.id = f.rowid "  # noqa: S608
    f"WHERE {FTS_TABLE} MATCH %s AND r.deleted = 0 ORDER BY f.rowid DESC LIMIT %s"
)
MYSQL_SEARCH = {
    "title": f"SELECT id FROM {TABLE} WHERE MATCH (title) AGAINST (%s IN BOOLEAN MODE) "  # noqa: S608
    "AND deleted = 0 ORDER BY id DESC LIMIT %s",
    "all": f"SELECT id FROM {TABLE} WHERE MATCH ({_COLS}) AGAINST (%s IN BOOLEAN MODE) "  # noqa: S608
    "AND deleted = 0 ORDER BY id DESC LIMIT %s",
}


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
    found = []
    with connection.cursor() as cursor:
        for scope in ("title", "all"):
            if vendor == "sqlite":
                match = query.fts5_match(words)
                cursor.execute(SQLITE_SEARCH, ["title : (" + match + ")" if scope == "title" else match, limit])
            else:
                cursor.execute(MYSQL_SEARCH[scope], [query.boolean_match(words), limit])
            found += [row[0] for row in cursor.fetchall() if row[0] not in found]
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
