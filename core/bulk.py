"""Bulk writes of plain rows, for imports of many thousand records in one transaction.

Model instances and `bulk_create`/`bulk_update` cost too much at 100,000 rows (an instance is ~100 µs to build,
and `bulk_update`'s CASE WHEN per column is evaluated row by row). These helpers write plain dicts:
`reserve_ids` takes primary keys first (so history rows can point at them), `insert_rows` writes with COPY on
PostgreSQL or multi-row INSERTs elsewhere, `insert_history` writes what django-simple-history would, and
`update_rows` is one executemany UPDATE (pipelined on psycopg 3) plus its history rows. Encrypted fields
are encrypted here as a save would (sealed under a data key when marked so, a token as it is). No model signals
run and no audit entry is written: the caller audits the whole batch. `rows_written` (sender: the model, pks: the
ids) tells listeners which rows of a model were inserted or updated (reports queues the refresh of their villages).
"""

import operator

from django.db import connection
from django.dispatch import Signal
from django.utils import timezone

from core.crypto import EncryptedField

# Multi-row INSERT parameters per statement, under the bound-parameter limits (SQLite 32766, others 65535).
SQLITE_PARAMS = 15000
OTHER_PARAMS = 60000
MAX_ROWS_PER_STATEMENT = 1000

rows_written = Signal()  # sender: model; pks: ids inserted (insert_rows) or updated (update_rows)


def reserve_ids(model, count):
    """Primary keys for `count` new rows, taken before inserting so history rows can point at them.

    PostgreSQL draws them from the table's sequence; elsewhere (SQLite) they follow max(id), which is stable
    inside the caller's transaction because SQLite serialises writers."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, count])
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def row_defaults(model):
    """Every column of a new row with its default (or "" / None): built once per import, copied per row."""
    return {f.attname: (f.get_default() if f.has_default() else ("" if not f.null else None))
            for f in model._meta.concrete_fields}


def _converter(field):
    """How a value of `field` goes to the database in bulk, or None when it goes as it is."""
    from django_countries.fields import CountryField

    kind = field.get_internal_type()
    if isinstance(field, EncryptedField):
        # As a save would: a value marked sealed (core.datakeys.seal_objects) under its data key, a token as it is.
        return lambda v: field.get_prep_value(v) if v else (v if v is not None else "")
    if isinstance(field, CountryField):
        return lambda v: getattr(v, "code", v) or ""
    if kind == "DateTimeField":
        cache = {}  # an import stamps every row with the same moment: adapt it once

        def adapt_datetime(v):
            if v not in cache:
                cache.clear()
                cache[v] = connection.ops.adapt_datetimefield_value(v)
            return cache[v]
        return adapt_datetime
    if kind == "DateField":
        return connection.ops.adapt_datefield_value if connection.vendor != "postgresql" else None
    if kind in ("CharField", "TextField") and not field.null:
        return lambda v: "" if v is None else v
    return None


def insert(model, names, rows):
    """COPY (PostgreSQL) or multi-row INSERTs of `rows` (sequences in the order of the attnames `names`):
    one round trip per many rows instead of one per row. Errors arrive as Django's DatabaseError."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    converters = [(i, conv) for i, conv in ((i, _converter(fields[n])) for i, n in enumerate(names))
                  if conv is not None]

    def values_of(row):
        if not converters:
            return row
        values = list(row)
        for i, conv in converters:
            values[i] = conv(values[i])
        return values

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(fields[n].column) for n in names)
    if connection.vendor == "postgresql":
        # COPY: no SQL text to build or parse, the fastest way into PostgreSQL (psycopg 3). The raw psycopg
        # cursor's errors are made Django's as any other query's are.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values_of(row))
        return
    rows = rows if isinstance(rows, list) else list(rows)
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    limit = SQLITE_PARAMS if connection.vendor == "sqlite" else OTHER_PARAMS
    per_statement = max(1, min(MAX_ROWS_PER_STATEMENT, limit // len(names)))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), per_statement):
            part = rows[i:i + per_statement]
            params = [v for row in part for v in values_of(row)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(part))}", params)


def insert_rows(model, records):
    """Insert plain records: dicts holding every attname of the model, "id" set (see `reserve_ids`)."""
    names = [f.attname for f in model._meta.concrete_fields]
    take = operator.itemgetter(*names)
    rows = [take(record) for record in records]
    insert(model, names, rows)
    at = names.index("id")
    rows_written.send(sender=model, pks=[row[at] for row in rows])


def insert_history(model, records, user, now, history_type="+", reasons=None):
    """What django-simple-history writes on create ('+') or change ('~'): one history row per record.
    `reasons`: {record id: change reason} for the records that have one (e.g. a name tidied on import, with
    the spelling typed)."""
    history = model.history.model
    source = [f.attname for f in model._meta.concrete_fields]
    tracked = [f.attname for f in history._meta.concrete_fields if f.attname in source]
    extra = {"history_date": now, "history_change_reason": None, "history_type": history_type,
             "history_user_id": getattr(user, "pk", None)}
    others = [f.attname for f in history._meta.concrete_fields if f.attname not in source and f.attname != "history_id"]
    constant = tuple(extra.get(n) for n in others)
    take = operator.itemgetter(*tracked)
    if not reasons:
        insert(history, tracked + others, [take(record) + constant for record in records])
        return
    at = others.index("history_change_reason")

    def row(record):
        values = list(constant)
        values[at] = reasons.get(record["id"])
        return take(record) + tuple(values)

    insert(history, tracked + others, [row(record) for record in records])


_COPY_SQL = {}


def _copy_sql(model):
    """The INSERT ... SELECT that copies one live row of `model` into its history table (written once per model)."""
    sql = _COPY_SQL.get((connection.vendor, model))
    if sql is None:
        history = model.history.model
        live = {f.attname: f.column for f in model._meta.concrete_fields}
        qn = connection.ops.quote_name
        tracked = [f for f in history._meta.concrete_fields if f.attname in live]
        columns = [qn(f.column) for f in tracked] + [qn(history._meta.get_field(n).column) for n in (
            "history_date", "history_type", "history_user", "history_change_reason")]
        values = [qn(live[f.attname]) for f in tracked]
        sql = _COPY_SQL[connection.vendor, model] = (
            f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(values)}, "
            f"%s, %s, %s, %s FROM {qn(model._meta.db_table)} WHERE {qn(model._meta.pk.column)} = %s")
    return sql


def copy_history(*instances, history_type="+"):
    """The history rows django-simple-history writes after `instances` were saved, copied by the database from the
    rows just written (INSERT ... SELECT by id) instead of a history instance built, its ~50 values converted and
    sent again, and saved through the ORM: the same values (sealed columns keep the live row's tokens, as a save of
    the history row would reuse them), the same history user (an instance's `_history_user`, else the signed-in user
    of the request), date and change reason. Call it after saves made with `skip_history_when_saving` set; no
    history model signal runs (nothing in Payung listens to them). On PostgreSQL several records are copied by one
    statement (each but the last a data-modifying WITH), elsewhere one statement each."""
    from simple_history.models import HistoricalRecords
    from simple_history.utils import get_change_reason_from_object

    request = getattr(HistoricalRecords.context, "request", None)
    request_user = getattr(request, "user", None)
    signed_in = request_user if getattr(request_user, "is_authenticated", False) else None
    statements = []
    for instance in instances:
        user = getattr(instance, "_history_user", None) or signed_in
        statements.append((_copy_sql(type(instance)), [
            getattr(instance, "_history_date", None) or timezone.now(), history_type, getattr(user, "pk", None),
            get_change_reason_from_object(instance), instance.pk]))
    if connection.vendor == "postgresql" and len(statements) > 1:
        *first, (last_sql, last_params) = statements
        statements = [("WITH " + ", ".join(f"h{n} AS ({sql})" for n, (sql, _p) in enumerate(first)) + " " + last_sql,
                       [p for _sql, params in first for p in params] + last_params)]
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def update_rows(model, objects, attnames, user, now, reasons=None):
    """UPDATE the `attnames` columns of changed model instances by id (executemany) and write their '~'
    history rows. Django's bulk_update builds one CASE WHEN per column over the batch, which the database
    evaluates row by row: a 5,000-row batch of people took over ten minutes on PostgreSQL."""
    if not objects:
        return
    fields = {f.attname: f for f in model._meta.concrete_fields}
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(fields[n].column)} = %s" for n in attnames)
    params = [[fields[n].get_db_prep_save(getattr(obj, n), connection) for n in attnames] + [obj.pk]
              for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE id = %s", params)
    rows_written.send(sender=model, pks=[obj.pk for obj in objects])
    insert_history(model, [{n: getattr(obj, n) for n in fields} for obj in objects], user, now, "~", reasons=reasons)
