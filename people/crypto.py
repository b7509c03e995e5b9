"""Field encryption for NIK and KK (UU 27/2022): a dump or backup alone must not reveal them.

Values are encrypted with Fernet keys from settings.FIELD_ENCRYPTION_KEYS (newest first, kept apart from
SECRET_KEY). MultiFernet encrypts with the first key and decrypts with any listed key, so a new key can be
put in front, `manage.py rotate_encryption_keys` re-encrypts every row, and the old key is then removed.
Exact lookup and uniqueness use a keyed hash (HMAC-SHA256 with settings.FIELD_HASH_KEY): without that key
the hash cannot be brute-forced over the small NIK space.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class DecryptionError(Exception):
    pass


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: NIK/KK cannot be stored")
    try:
        return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds an invalid Fernet key: {exc}") from exc


def fernet() -> MultiFernet:
    # Keyed by the tuple of keys so tests that override settings get their own instance.
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError(
            "a stored value cannot be decrypted with FIELD_ENCRYPTION_KEYS (was a key removed before rotation?)"
        ) from exc


def rotate_token(token: str) -> str:
    """Re-encrypt one stored token with the newest key."""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("a stored value cannot be decrypted with any FIELD_ENCRYPTION_KEYS key") from exc


def keyed_hash(value: str) -> str:
    key = settings.FIELD_HASH_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is empty")
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def is_encrypted_token(value: str) -> bool:
    # Fernet tokens are url-safe base64 of a blob starting with version byte 0x80 ("gAAAAA").
    return isinstance(value, str) and value.startswith("gAAAAA")


class EncryptedCharField(models.TextField):
    """Holds plaintext in Python, a Fernet token in the database. Not searchable: pair it with a hash."""

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value):
        if isinstance(value, str) and is_encrypted_token(value):
            return decrypt(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if is_encrypted_token(value):
            return value
        return encrypt(value)
