"""Indexes a migration builds on PostgreSQL without blocking writes: the one way for an index on a large table that
Django's own operations would build with a lock (they cannot say CONCURRENTLY for an expression, an INCLUDE list or a
history table's column), and for an index one app reads on another app's table."""

from django.db import migrations


def concurrent_indexes(indexes: dict, analyze=()):
    """The migration operation building each `{name: "table (columns) ..."}` CONCURRENTLY on PostgreSQL (nothing
    elsewhere: SQLite's databases here are small). The migration must say `atomic = False`. A build that failed
    half-way leaves an invalid index: it is dropped and built again when the migration runs again; a valid one is
    kept. `analyze`: tables to ANALYZE afterwards (an expression index's statistics come only from ANALYZE)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, target in indexes.items():
            valid = _valid(schema_editor, name)
            if valid:
                continue
            if valid is False:
                schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {target}")
        for table in analyze:
            schema_editor.execute(f"ANALYZE {table}")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in indexes:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)


def _valid(schema_editor, name):
    """True: the index exists and is valid; False: it exists but a build failed; None: it does not exist."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname = %s AND pg_table_is_visible(c.oid)", [name])
        row = cursor.fetchone()
    return None if row is None else row[0]
