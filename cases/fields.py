"""An encrypted text column for the worker's NIK on a case (UU 27/2022).

A complaint often names someone never registered in `people`, so the case keeps the NIK itself; like
the registry it stores a Fernet token made with settings.FIELD_ENCRYPTION_KEYS (newest key first), never
the plain number, so a database dump alone does not reveal it.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@lru_cache(maxsize=8)
def _fernet(keys):
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def encrypt(value):
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(value.encode()).decode()


def decrypt(token):
    try:
        return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken:
        # A value that cannot be decrypted is shown as unknown rather than crashing a whole page.
        return ""


def _is_token(value):
    return isinstance(value, str) and value.startswith("gAAAAA")


class EncryptedTextField(models.TextField):
    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def to_python(self, value):
        if _is_token(value):
            return decrypt(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value or _is_token(value):
            return value
        return encrypt(value)
