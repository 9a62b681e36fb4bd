"""Raw SQL helpers shared by the hot paths and the benchmark data generator (one copy)."""

from django.db import connection


def insert_rows(model, names, rows):
    """One prepared INSERT for all ``rows`` (SQLite runs it in one call; mysqlclient sends it as
    one multi-row INSERT). Table and column names come from the model, quoted by the backend;
    every value is a parameter."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
