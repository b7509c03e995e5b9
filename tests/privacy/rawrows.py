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
