"""Per-person data keys for many people at once (issue 19: retention erases a thousand people a night).

`core.crypto` seals one record's values under its subject's data key as it is saved. Erasing people in bulk
needs the same for every row about a batch of people without one query (or one key unwrap, or one CASE WHEN)
per row: the keys of the whole batch are looked up (and created) in one query each, unwrapped once, every
encrypted value not yet sealed under its person's key is re-written with one executemany UPDATE per table, and
the keys are destroyed with one UPDATE.
"""

import secrets
import time

from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .crypto import (
    _DATA_KEYS,
    Undecryptable,
    encrypted_fields,
    is_shredded,
    sealed,
)


def create_keys(label, subject_ids) -> dict:
    """{subject id: (key id, Fernet)}: new live data keys for subjects that have none yet (rows just created by a
    bulk writer: an import's people, the synthetic generator's), written set-based in one COPY on PostgreSQL
    (core.bulk.insert; the keys wrapped under FIELD_ENCRYPTION_KEYS on the way). Seal their values with
    `seal_token` / `seal_records` before the rows are written, so they are erasable from the start."""
    from .bulk import insert
    from .models import DataKey

    now = timezone.now()
    out, rows = {}, []
    for subject_id in subject_ids:
        raw = Fernet.generate_key()
        kid = secrets.token_hex(12)
        out[subject_id] = (kid, Fernet(raw))
        rows.append((label, str(subject_id), kid, raw.decode(), now, now, None))
    if rows:
        insert(DataKey, ["subject_type", "subject_id", "kid", "wrapped", "created_at", "updated_at", "destroyed_at"],
               rows)
    return out


def live_keys(label, subject_ids, create=True) -> dict:
    """{subject id: (key id, Fernet)} of the live data keys of subjects of type `label` ("people.person"), one
    query per 1000 subjects, the missing ones created (`create_keys`) unless `create` is False."""
    from .models import DataKey

    wanted = {str(pk): pk for pk in subject_ids if pk is not None}
    found = {}
    names = list(wanted)
    for start in range(0, len(names), 1000):
        for subject_id, kid, wrapped in (DataKey.objects.filter(
                subject_type=label, subject_id__in=names[start:start + 1000], destroyed_at__isnull=True)
                .exclude(wrapped="").order_by("pk").values_list("subject_id", "kid", "wrapped")):
            found[wanted[subject_id]] = (kid, wrapped)  # the newest live key wins, as in core.crypto.data_key_id
    out = {pk: (kid, Fernet(str(wrapped).encode())) for pk, (kid, wrapped) in found.items()}
    if create:
        out.update(create_keys(label, [pk for s, pk in wanted.items() if pk not in out]))
    return out


def seal_token(text: str, key) -> str:
    """The stored token of `text` sealed under `key` (key id, Fernet): what core.crypto writes for a sealed value."""
    from .crypto import SEAL_PREFIX, encrypt

    kid, data_fernet = key
    return encrypt(f"{SEAL_PREFIX}{kid}:{data_fernet.encrypt(text.encode()).decode()}")


def seal_records(model, records, keys, subject="person_id") -> None:
    """Seal, in place, the encrypted values of plain records (dicts written by core.bulk) under the key of each
    record's subject (`record[subject]`, a key of `keys` from `create_keys`/`live_keys`): each value becomes its
    stored token, so the live row and its history row share it. A record whose subject has no key keeps its value
    (core.bulk encrypts it under the deployment keys only)."""
    from .crypto import is_encrypted_token

    fields = [(f.attname, f.to_text) for f in encrypted_fields(model)]
    for record in records:
        key = keys.get(record.get(subject))
        if key is None:
            continue
        for attname, to_text in fields:
            value = record.get(attname)
            if value in (None, "", {}) or is_encrypted_token(value):
                continue
            text = to_text(value)
            if text:
                record[attname] = seal_token(text, key)


def seal_objects(objects, keys, subject="person_id") -> None:
    """The same for model instances a bulk writer saves (core.bulk.update_rows): each encrypted value is marked to
    be sealed under its subject's key on the way to the database (the instance keeps its plain value)."""
    now = time.monotonic()
    for kid, data_fernet in keys.values():
        _DATA_KEYS[kid] = (data_fernet, now)
    for obj in objects:
        key = keys.get(getattr(obj, subject))
        if key is None:
            continue
        for field in encrypted_fields(type(obj)):
            value = obj.__dict__.get(field.attname)
            if not (isinstance(value, Undecryptable) or is_shredded(value) or value in (None, "", {})):
                obj.__dict__[field.attname] = sealed(value, key[0])


def data_key_ids(label, subject_ids) -> dict:
    """{subject id: live data key id} for subjects of type `label` ("people.person"), creating the missing keys
    (`live_keys`), unwrapped into core.crypto's per-process cache."""
    keys = live_keys(label, subject_ids)
    now = time.monotonic()
    for kid, data_fernet in keys.values():
        _DATA_KEYS[kid] = (data_fernet, now)
    return {pk: kid for pk, (kid, _f) in keys.items()}


def _cached(key_id, now) -> bool:
    """Whether core.crypto's cache answers for `key_id` without a query (as core.sealing._data_fernet decides): a
    destroyed key for good, a live one for DATA_KEY_CACHE_SECONDS. A stale entry must be primed again, or every
    value under it asks for its key row by row (a retention run longer than that: 400 key look-ups per 1,000
    people at quarter size)."""
    hit = _DATA_KEYS.get(key_id)
    return hit is not None and (hit[0] is None or now - hit[1] < getattr(settings, "DATA_KEY_CACHE_SECONDS", 30))


def prime(key_ids):
    """Unwrap many data keys with one query into core.crypto's per-process cache."""
    from .models import DataKey

    now = time.monotonic()
    todo = [k for k in key_ids if not _cached(k, now)]
    for start in range(0, len(todo), 1000):
        chunk = todo[start:start + 1000]
        rows = dict((kid, (wrapped, destroyed)) for kid, wrapped, destroyed in
                    DataKey.objects.filter(kid__in=chunk).values_list("kid", "wrapped", "destroyed_at"))
        for kid in chunk:
            wrapped, destroyed = rows.get(kid, ("", True))
            _DATA_KEYS[kid] = (None if destroyed or not wrapped else Fernet(str(wrapped).encode()), now)


def open_tokens(tokens) -> list[str]:
    """The texts of many stored tokens of one text column (raw values, e.g. annotated through a join so the
    records need not be loaded): the data keys they are sealed under are unwrapped with one query per 1000
    (`prime`), not one per row. A value whose data key was destroyed opens to ""."""
    from .crypto import SEAL_PREFIX, _data_fernet, _split_sealed, decrypt, is_encrypted_token

    texts = [decrypt(t) if is_encrypted_token(t) else (t or "") for t in tokens]
    prime({_split_sealed(t)[0] for t in texts if t.startswith(SEAL_PREFIX)})
    out = []
    for text in texts:
        if text.startswith(SEAL_PREFIX):
            key_id, inner = _split_sealed(text)
            data_fernet = _data_fernet(key_id)
            text = "" if data_fernet is None else data_fernet.decrypt(inner.encode()).decode()
        out.append(text)
    return out


def prime_subjects(label, subject_ids):
    """Unwrap the live data keys of many subjects (a page of a list, before its rows are loaded) with one query per
    1000 into core.crypto's per-process cache, so opening their sealed values looks up no key row by row."""
    from .models import DataKey

    wanted = [str(s) for s in subject_ids if s is not None]
    now = time.monotonic()
    for start in range(0, len(wanted), 1000):
        for kid, wrapped in (DataKey.objects.filter(subject_type=label, subject_id__in=wanted[start:start + 1000],
                                                    destroyed_at__isnull=True).values_list("kid", "wrapped")):
            if wrapped and not _cached(kid, now):
                _DATA_KEYS[kid] = (Fernet(str(wrapped).encode()), now)


def subject_columns(model) -> list[tuple[str, str]]:
    """(data key label, values_list lookup of the subject's id) for each of the model's DATA_SUBJECT paths:
    ("person", "self") on a service request gives [("people.person", "person"), ("services.servicerequest", "pk")]."""
    from .crypto import subject_paths

    out = []
    for path in subject_paths(model):
        target = model
        for step in ([] if path == "self" else path.split(".")):
            target = target._meta.get_field(step).related_model
        column = (target._meta.label_lower, "pk" if path == "self" else path.replace(".", "__"))
        if column not in out:
            out.append(column)
    return out


def prime_rows(queryset, subjects=None):
    """Unwrap the data keys the rows of `queryset` are sealed under (their DATA_SUBJECT paths, or `subjects` as
    (label, lookup) pairs) with one query for the ids and one per label, before the rows themselves load."""
    subjects = subject_columns(queryset.model) if subjects is None else list(subjects)
    if not subjects:
        return
    found = list(queryset.values_list(*(lookup for _label, lookup in subjects)))
    for n, (label, _lookup) in enumerate(subjects):
        prime_subjects(label, {row[n] for row in found if row[n] is not None})


def with_keys(queryset) -> list:
    """The rows of a list whose sealed values open without a data-key query per row: keys primed (`prime_rows`),
    then the rows loaded. The one way a list of sealed records is read."""
    prime_rows(queryset)
    return list(queryset)


def update_where(model, key, attnames, rows):
    """executemany `UPDATE table SET a = %s, ... WHERE key = %s` with `rows` [(value, ..., key value)] (values as
    the database takes them: plain columns as they are). No signal and no history row: for rewrites that must
    not leave the old value anywhere (privacy erasure rewrites history by design)."""
    if not rows:
        return 0
    qn = connection.ops.quote_name
    fields = {f.attname: f for f in model._meta.concrete_fields}
    sets = ", ".join(f"{qn(fields[n].column)} = %s" for n in attnames)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(fields[key].column)} = %s", rows)
    return len(rows)


def seal_rows(model, subject_lookup, keys) -> int:
    """Seal every encrypted value of `model`'s rows whose `subject_lookup` (e.g. "person_id", "case__person_id")
    is a key of `keys` ({subject id: data key id}) under that subject's key. Values already sealed under it,
    empty, erased or unreadable are left alone. Returns the number of rows re-written."""
    return seal_subject_rows([(model, subject_lookup)], keys)


def seal_subject_rows(lookups, keys) -> int:
    """`seal_rows` for many models at once (`lookups`: [(model, lookup to the subject's id)], e.g. every model sealed
    under a person's key, `subject_lookups`): the rows about the subjects are found with one statement for all the
    models (`subject_rows`), then only the models holding some are read and re-written."""
    return _seal_found(lookups, keys, subject_rows(lookups, list(keys)))


def _seal_found(lookups, keys, found) -> int:
    if not found:
        return 0
    prime(set(keys.values()))
    return sum(_seal_model_rows(lookups[n][0], rows, keys) for n, rows in found.items())


# Bound parameters per statement: SQLite allows 32,766 (PostgreSQL 65,535).
_MAX_PARAMS = 30000


def subject_rows(lookups, subject_ids) -> dict:
    """{index in `lookups`: {row pk: subject id}}: the rows of each (model, lookup) of `lookups` whose lookup is one of
    `subject_ids`, for the models with encrypted fields only. One UNION ALL statement per 500 subjects (more only
    when the parameters would exceed the database's limit) instead of one per model: an erasure asks some 40 models,
    most of which hold nothing about the person."""
    wanted = [n for n, (model, _lookup) in enumerate(lookups) if encrypted_fields(model)]
    subjects = [s for s in subject_ids if s is not None]
    found = {}
    for start in range(0, len(subjects), 500):
        chunk = subjects[start:start + 500]
        per = max(1, _MAX_PARAMS // len(chunk))
        for group_start in range(0, len(wanted), per):
            sql, params = _union_sql(lookups, wanted[group_start:group_start + per], chunk)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                for n, pk, subject in cursor.fetchall():
                    found.setdefault(n, {})[pk] = subject
    return found


_UNION_SQL: dict = {}  # (lookups, how many subjects) -> (SQL, parts): compiled once per process


def _union_sql(lookups, numbers, chunk):
    """The UNION ALL of `lookups[n]` for n in `numbers`, each `lookup IN chunk`, and its parameters. For integer
    subject ids (people, cases) the SQL is kept per process and size of chunk once every part is seen to take
    exactly the ids (Django's compiler costs about a third of a millisecond of CPU per model, more than the statement
    itself on an idle database)."""
    plain = all(type(s) is int for s in chunk)
    key = (tuple((n, *lookups[n]) for n in numbers), len(chunk))
    if plain and key in _UNION_SQL:
        sql, parts = _UNION_SQL[key]
        return sql, list(chunk) * parts
    sql, params = _compiled(lookups, numbers, chunk)
    if plain and params == list(chunk) * len(numbers):
        if len(_UNION_SQL) > 100:
            _UNION_SQL.clear()
        _UNION_SQL[key] = (sql, len(numbers))
    return sql, params


def _compiled(lookups, numbers, chunk):
    parts, params = [], []
    for n in numbers:
        model, lookup = lookups[n]
        queryset = (model._base_manager.filter(**{f"{lookup}__in": chunk})
                    .values_list(model._meta.pk.attname, lookup).order_by())
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT {int(n)} AS n, t{int(n)}.* FROM ({sql}) t{int(n)}")
        params.extend(part_params)
    return " UNION ALL ".join(parts), params


def _seal_model_rows(model, found, keys) -> int:
    """Seal the encrypted values of `model`'s rows `found` ({pk: subject id}) under their subjects' keys (`keys`),
    500 rows per read; returns the rows re-written."""
    fields = encrypted_fields(model)
    names = [f.attname for f in fields]
    pk = model._meta.pk.attname
    rows = []
    ids = list(found)
    for start in range(0, len(ids), 500):
        for obj in model._base_manager.filter(pk__in=ids[start:start + 500]).only(pk, *names).order_by():
            key_id = keys[found[obj.pk]]
            changed = False
            values = []
            for field in fields:
                value = getattr(obj, field.attname)
                if not (isinstance(value, Undecryptable) or is_shredded(value) or value in (None, "", {})
                        or getattr(value, "data_key_id", None) == key_id):
                    value = sealed(value, key_id)
                    changed = True
                values.append(field.get_db_prep_save(value, connection))
            if changed:
                rows.append((*values, obj.pk))
    return update_where(model, pk, names, rows)


def destroy(label, subject_ids) -> int:
    """Crypto-shredding for many subjects: one UPDATE (per 1000) forgets every live key of theirs and returns the
    key ids, which are forgotten by this process's cache too."""
    from .models import DataKey

    subjects = [str(s) for s in subject_ids]
    if not subjects:
        return 0
    qn = connection.ops.quote_name
    column = {f.attname: qn(f.column) for f in DataKey._meta.concrete_fields}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    kids = []
    with connection.cursor() as cursor:
        for start in range(0, len(subjects), 1000):
            chunk = subjects[start:start + 1000]
            cursor.execute(
                f"UPDATE {qn(DataKey._meta.db_table)} SET {column['wrapped']} = %s, {column['destroyed_at']} = %s "
                f"WHERE {column['subject_type']} = %s AND {column['destroyed_at']} IS NULL AND "
                f"{column['subject_id']} IN ({', '.join(['%s'] * len(chunk))}) RETURNING {column['kid']}",
                ["", now, label, *chunk])
            kids.extend(kid for (kid,) in cursor.fetchall())
    for kid in kids:
        _DATA_KEYS[kid] = (None, 0)
    return len(kids)


# --- Data migrations: plain columns becoming encrypted (issue 19) --------------------------------------------------

def seal_plain_columns(connection, table, columns, subject_column, subject_type="people.person", batch=2000):
    """Encrypt the plain values of `columns` in `table` (a live or history table): sealed under the subject's
    live data key where the subject (`subject_column`, e.g. "person_id") has one, else under the deployment keys
    only (sealed at erasure, as bulk-written values are). `seal_table` without creating keys."""
    return seal_table(connection, table, columns, subject_column, subject_type=subject_type, create_keys=False,
                      batch=batch)


def open_sealed_columns(connection, table, columns):
    """The reverse of `seal_plain_columns`: plain text again (values whose data key was destroyed become "")."""
    from .crypto import SEAL_PREFIX, _split_sealed, decrypt, is_encrypted_token

    qn = connection.ops.quote_name
    pk = "history_id" if "historical" in table else "id"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(pk)}, {', '.join(qn(c) for c in columns)} FROM {qn(table)} WHERE " +
                       " OR ".join(f"{qn(c)} LIKE 'gAAAAA%%'" for c in columns))
        updates = []
        for row in cursor.fetchall():
            values = []
            for value in row[1:]:
                if is_encrypted_token(value):
                    value = decrypt(value)
                    if value.startswith(SEAL_PREFIX):
                        cursor.execute("SELECT wrapped FROM core_datakey WHERE kid = %s AND destroyed_at IS NULL",
                                       [_split_sealed(value)[0]])
                        found = cursor.fetchone()
                        value = (Fernet(decrypt(found[0]).encode()).decrypt(_split_sealed(value)[1].encode()).decode()
                                 if found and found[0] else "")
                values.append(value)
            updates.append((*values, row[0]))
        sets = ", ".join(f"{qn(c)} = %s" for c in columns)
        cursor.executemany(f"UPDATE {qn(table)} SET {sets} WHERE {qn(pk)} = %s", updates)
    return len(updates)


def seal_table(connection, table, columns, subject_column, *, derive=None, subject_type="people.person",
               create_keys=True, batch=5000, subject_sql=None, reseal=False) -> int:
    """Seal the plain values of `columns` in `table` (live or history) under each subject's data key, walking the
    table by primary key `batch` rows at a time (memory stays flat on the national data set). A subject without
    a live key gets one (`create_keys`): a backup taken after this opens to nothing once the person is erased,
    bulk-written rows included. `derive` {column: (source column or a tuple of them, function of their plain
    texts)} fills columns computed from plain values in the same pass (keyed hashes that search them). Values
    already tokens are left alone (a second run seals nothing). Raw SQL, so it runs inside a migration whatever
    the models look like later. Returns the number of rows re-written. One way: `open_sealed_columns` is the way back.
    `subject_sql` names the subject through another table instead of a column of this one (the table is `t`), e.g.
    "(SELECT p.person_id FROM migrants_placement p WHERE p.id = t.placement_id)" for a placement's documents."""
    from .crypto import decrypt, encrypt, is_encrypted_token

    derive = derive or {}
    qn = connection.ops.quote_name
    pk = "history_id" if "historical" in table else "id"
    index = {c: i for i, c in enumerate(columns)}
    subject = subject_sql or f"t.{qn(subject_column)}"
    select = (f"SELECT t.{qn(pk)}, {subject}, {', '.join('t.' + qn(c) for c in columns)} FROM {qn(table)} t "
              f"WHERE t.{qn(pk)} > %s ORDER BY t.{qn(pk)} LIMIT {int(batch)}")
    done, last = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(select, [last])
            rows = cursor.fetchall()
            if not rows:
                return done
            last = rows[-1][0]
            if reseal:
                # Tokens under the deployment keys only (bulk-written rows) are sealed too: opened here first.
                rows = [(r[0], r[1], *(_unsealed_text(v) for v in r[2:])) for r in rows]
            rows = [r for r in rows if any(v not in (None, "") and not is_encrypted_token(v) for v in r[2:])]
            if not rows:
                continue
            subjects = sorted({str(r[1]) for r in rows if r[1] is not None})
            keys = {}
            for start in range(0, len(subjects), 1000):
                chunk = subjects[start:start + 1000]
                cursor.execute("SELECT subject_id, kid, wrapped FROM core_datakey WHERE subject_type = %s AND "
                               "destroyed_at IS NULL AND wrapped <> '' AND subject_id IN (" +
                               ", ".join(["%s"] * len(chunk)) + ") ORDER BY id", [subject_type, *chunk])
                for subject_id, kid, wrapped in cursor.fetchall():
                    keys[subject_id] = (kid, Fernet(decrypt(wrapped).encode()))
            missing = [s for s in subjects if s not in keys] if create_keys else []
            if missing:
                now = connection.ops.adapt_datetimefield_value(timezone.now())
                new = []
                for subject_id in missing:
                    raw = Fernet.generate_key()
                    keys[subject_id] = (secrets.token_hex(12), Fernet(raw))
                    new.append((subject_type, subject_id, keys[subject_id][0], encrypt(raw.decode()), now, now, None))
                _write_rows(connection, cursor, "core_datakey", ["subject_type", "subject_id", "kid", "wrapped",
                                                                 "created_at", "updated_at", "destroyed_at"], new)
            updates = []
            for row in rows:
                key = keys.get(str(row[1])) if row[1] is not None else None
                values = []
                for value in row[2:]:
                    if value in (None, "") or is_encrypted_token(value):
                        values.append(value)
                    elif key is None:
                        values.append(encrypt(value))
                    else:
                        values.append(seal_token(value, key))
                for source, function in derive.values():
                    texts = (row[2 + index[s]] for s in (source if isinstance(source, tuple) else (source,)))
                    values.append(function(*("" if is_encrypted_token(v) else (v or "") for v in texts)))
                updates.append((*values, row[0]))
            _update_rows(connection, cursor, table, pk, [*columns, *derive], updates)
            done += len(updates)


def _unsealed_text(value):
    """A stored value as `seal_table` takes it: plain text stays, a token under the deployment keys only is opened to
    its text (to be sealed), a sealed token stays as it is."""
    from .crypto import SEAL_PREFIX, decrypt, is_encrypted_token

    if not is_encrypted_token(value):
        return value
    text = decrypt(value)
    return value if text.startswith(SEAL_PREFIX) or not text else text


def _write_rows(connection, cursor, table, columns, rows):
    """INSERT many rows: COPY on PostgreSQL (one round trip for thousands), executemany elsewhere."""
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    cursor.executemany(f"INSERT INTO {qn(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def _update_rows(connection, cursor, table, pk, columns, rows):
    """UPDATE many rows by primary key (`rows`: values of `columns`, then the key). On PostgreSQL one set-based
    UPDATE ... FROM a temporary table filled by COPY (thousands of single-row UPDATEs cost ten times more);
    executemany elsewhere."""
    qn = connection.ops.quote_name
    if connection.vendor != "postgresql":
        sets = ", ".join(f"{qn(c)} = %s" for c in columns)
        cursor.executemany(f"UPDATE {qn(table)} SET {sets} WHERE {qn(pk)} = %s", rows)
        return
    cursor.execute("DROP TABLE IF EXISTS seal_update")
    cursor.execute("CREATE TEMPORARY TABLE seal_update (" + ", ".join(f"c{i} text" for i in range(len(columns)))
                   + ", k bigint) ON COMMIT DROP")
    with cursor.cursor.copy("COPY seal_update FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    sets = ", ".join(f"{qn(c)} = u.c{i}" for i, c in enumerate(columns))
    cursor.execute(f"UPDATE {qn(table)} t SET {sets} FROM seal_update u WHERE t.{qn(pk)} = u.k")
    cursor.execute("DROP TABLE seal_update")


def shred_own(model, ids) -> int:
    """Crypto-shredding of records sealed under their own data keys (a `DATA_SUBJECT` of "self", or a tuple's
    fall-back on a record that names no person: an inbound message, a conversation, a case about someone never
    registered): every encrypted value of the rows `ids` and of their history rows is sealed under the row's own
    key first (values written before data keys, or by bulk writers, are plain deployment tokens), then those keys
    are destroyed, so the live rows, history rows and any copy of them open to nothing. Returns the keys destroyed."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return 0
    label = model._meta.label_lower
    keys = data_key_ids(label, ids)
    lookups = [(model, "pk")]
    history = getattr(model, "history", None)
    if history is not None and encrypted_fields(history.model):
        lookups.append((history.model, "id"))
    seal_subject_rows(lookups, keys)
    return destroy(label, ids)


def rekey(label, ids, lookups) -> int:
    """Give subjects `ids` of type `label` a new data key and destroy the old ones, so a copy of their rows taken
    before opens to nothing while the live rows stay readable: every encrypted value of `lookups` [(model, lookup to
    the subject's id)] not yet under the new key is sealed under it (opened with the old key first). For a record
    that outlives one of the people it names (a case whose complainant is erased, core.privacy hooks) once what
    was about that person has been blanked. Returns the rows re-written."""
    from .models import DataKey

    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return 0
    prime_subjects(label, ids)  # the old keys, to open the values
    new = create_keys(label, ids)
    now = time.monotonic()
    for kid, data_fernet in new.values():
        _DATA_KEYS[kid] = (data_fernet, now)
    keys = {pk: kid for pk, (kid, _f) in new.items()}
    found = subject_rows(lookups, ids)
    done = _seal_found(lookups, keys, found)
    done += _rewrap_audit(lookups, keys, found)
    old = (DataKey.objects.filter(subject_type=label, subject_id__in=[str(pk) for pk in ids],
                                  destroyed_at__isnull=True).exclude(kid__in=list(keys.values())))
    kids = list(old.values_list("kid", flat=True))
    old.update(wrapped="", destroyed_at=timezone.now())
    for kid in kids:
        _DATA_KEYS[kid] = (None, 0)
    return done


def _rewrap_audit(lookups, keys, found) -> int:
    """The audit entries about the records of `lookups` (live models) whose label, note or changes are sealed under a
    subject's old key, sealed again under its new one (`keys`: {subject id: new key id}; `found`: the rows of each
    lookup, `subject_rows`), read with one statement; the append-only log lets through only this rewrite of those
    columns (audit.models.AuditQuerySet.bulk_update)."""
    from django.db.models import Q

    from audit.models import AuditEntry

    of, wanted = {}, Q()
    for n, rows in found.items():
        model = lookups[n][0]
        if getattr(model, "history_id", None) is not None or model._meta.model_name.startswith("historical"):
            continue
        label = model._meta.label_lower
        of[label] = {str(pk): subject for pk, subject in rows.items()}
        wanted |= Q(object_type=label, object_id__in=list(of[label]))
    if not of:
        return 0
    entries = []
    for entry in AuditEntry.objects.filter(wanted):
        key_id = keys[of[entry.object_type][entry.object_id]]
        changed = False
        for name in ("object_repr", "note", "changes"):
            value = getattr(entry, name)
            if getattr(value, "data_key_id", None) not in (None, key_id) and value:
                setattr(entry, name, sealed(value, key_id))
                changed = True
        if changed:
            entries.append(entry)
    return AuditEntry.objects.bulk_update(entries, ["object_repr", "note", "changes"]) if entries else 0


def subject_lookups(label) -> list:
    """(model, lookup to the subject's id) of every live and history model whose values are sealed under data keys of
    subjects of type `label` ("people.person", "cases.case"): each DATA_SUBJECT path of the model that ends at that
    type ("self" on the type itself), history models through the same column."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if not encrypted_fields(model):
            continue
        for subject, column in subject_columns(model):
            if subject != label:
                continue
            lookup = "pk" if column == "pk" else column + "_id"
            found.append((model, lookup))
            history = getattr(model, "history", None)
            if history is not None and encrypted_fields(history.model):
                found.append((history.model, "id" if column == "pk" else lookup))
    return found
