"""Encryption at rest for the personal data this app keeps (UU 27/2022): the applicant's NIK and the
text of issued letters (which prints NIK, address and destination).

Keys come from settings.FIELD_ENCRYPTION_KEYS (newest first, MultiFernet: old keys still decrypt);
exact lookup of a NIK goes through a keyed hash (settings.FIELD_HASH_KEY), never the plain value.
"""

import hashlib
import hmac
import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys):
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def fernet():
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value):
    if value in (None, ""):
        return ""
    return fernet().encrypt(str(value).encode()).decode()


def decrypt(token):
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # A value written under a key that is no longer configured: show nothing rather than crash.
        return ""


def keyed_hash(value):
    key = (settings.FIELD_HASH_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Plain text in Python, Fernet token in the database."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""


class EncryptedJSONField(models.TextField):
    """A JSON object in Python, encrypted JSON text in the database."""

    def from_db_value(self, value, expression, connection):
        text = decrypt(value) if value else ""
        return json.loads(text) if text else {}

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        return json.loads(value) if value else {}

    def get_prep_value(self, value):
        if not value:
            return ""
        return encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))
