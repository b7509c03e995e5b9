"""The rows about someone as the database stores them: the raw-row proof that erasure leaves nothing readable
(issue 19.3). `tables` lists (table, key column or a WHERE clause with one %s, sealed columns)."""

from django.db import connection

from core.crypto import SEAL_PREFIX, decrypt


def _where(key):
    return key if "%s" in key else f"{key} = %s"


def raw_values(tables, subject_id):
    """{(table, column): [stored non-empty values]} of the sealed columns."""
    found = {}
    with connection.cursor() as cursor:
        for table, key, columns in tables:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {_where(key)}", [subject_id])
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value:
                        found.setdefault((table, column), []).append(value)
    return found


def raw_cells(tables, subject_id):
    """Every text cell of every row about the subject, all columns."""
    cells = []
    with connection.cursor() as cursor:
        for table, key, _columns in tables:
            cursor.execute(f"SELECT * FROM {table} WHERE {_where(key)}", [subject_id])
            cells += [v for row in cursor.fetchall() for v in row if isinstance(v, str)]
    return cells


def opened(token):
    """The plain text of a stored token, or None when its data key is gone."""
    from core.crypto import _data_fernet, _split_sealed

    text = decrypt(token)
    if not text.startswith(SEAL_PREFIX):
        return text
    key_id, inner = _split_sealed(text)
    data_fernet = _data_fernet(key_id)
    return None if data_fernet is None else data_fernet.decrypt(inner.encode()).decode()


def opened_all(values):
    """The plain texts of every stored token in `values` (raw_values' result); None for one whose key is gone."""
    return {opened(v) for vs in values.values() for v in vs}


def all_sealed(values):
    """Every stored token in `values` is sealed under a data key (not only under the deployment keys)."""
    from core.crypto import is_encrypted_token

    return all(is_encrypted_token(v) and decrypt(v).startswith(SEAL_PREFIX) for vs in values.values() for v in vs)


def key_kinds(values):
    """The subject types of the data keys the tokens in `values` are sealed under."""
    from core.crypto import _split_sealed
    from core.models import DataKey

    return {DataKey.objects.get(kid=_split_sealed(decrypt(v))[0]).subject_type for vs in values.values() for v in vs}
