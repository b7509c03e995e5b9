"""Encryption at rest for personal data (UU 27/2022): the one field family every app uses.

Values are encrypted with Fernet keys from settings.FIELD_ENCRYPTION_KEYS (newest first, kept apart from
SECRET_KEY). MultiFernet encrypts with the first key and decrypts with any listed key, so a new key can be put
in front, `manage.py rotate_encryption_keys` re-encrypts every encrypted field of every model (history tables
included), and the old key is then removed. Exact lookup and uniqueness use a keyed hash (HMAC-SHA256 with
settings.FIELD_HASH_KEY): without that key the hash cannot be brute-forced over the small NIK space.

A stored value that no configured key can decrypt is never shown as "" and never written back: the field
loads an `Undecryptable` placeholder that raises `DecryptionError` when used, and refuses to be saved, so the
ciphertext in the database survives until the right key is configured. `core.middleware` turns the error
into the Indonesian key-problem page; `core.checks` stops the start when the keys do not match the database.
"""

import json
from functools import cache, lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.signals import post_save, pre_save


class DecryptionError(Exception):
    """A stored value cannot be decrypted with settings.FIELD_ENCRYPTION_KEYS: the key it was written with is
    not configured (removed before rotation, or a wrong key). A server misconfiguration, never bad input."""


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: personal data cannot be stored")
    try:
        return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds an invalid Fernet key: {exc}") from exc


def fernet() -> MultiFernet:
    # Keyed by the tuple of keys so tests that override settings get their own instance.
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str, what: str = "a stored value") -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError(
            f"{what} cannot be decrypted with FIELD_ENCRYPTION_KEYS (was a key removed before "
            "`manage.py rotate_encryption_keys`, or is a wrong key configured?)"
        ) from exc


def rotate_token(token: str) -> str:
    """Re-encrypt one stored token with the newest key."""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("a stored value cannot be decrypted with any FIELD_ENCRYPTION_KEYS key") from exc


from .blindindex import (  # noqa: E402,F401  (the one kit: core.crypto names them all)
    PREFIX_DIGEST_CHARS,
    PREFIX_MAX,
    PREFIX_MIN,
    blind_index,
    keyed_hash,
    prefix_digests,
    prefix_query,
)
from .sealing import (  # noqa: E402,F401
    _DATA_KEYS,
    SEAL_PREFIX,
    _data_fernet,
    _split_sealed,
    data_key_id,
    data_subject,
    destroy_data_key,
    is_shredded,
    save_pending_key,
    seal_text,
    sealed,
    shredded,
    subject_paths,
)


def is_encrypted_token(value) -> bool:
    # Fernet tokens are url-safe base64 of a blob starting with version byte 0x80 ("gAAAAA").
    return isinstance(value, str) and value.startswith("gAAAAA")


class Undecryptable:
    """What an encrypted field holds when its stored token could not be decrypted. Reading it in any way
    (str, format, truth, length, indexing, comparison, attributes) raises DecryptionError, and saving it is
    refused, so a page never shows a blank instead of the value and a save never writes "" over the ciphertext.
    repr() stays safe for debuggers and logs."""

    __slots__ = ("label", "error")

    def __init__(self, label: str, error: DecryptionError):
        self.label = label
        self.error = error

    def _fail(self, *args, **kwargs):
        raise DecryptionError(str(getattr(self, "error", "an encrypted value could not be decrypted")))

    __str__ = __format__ = __bool__ = __len__ = __iter__ = __getitem__ = __contains__ = _fail
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = __add__ = __radd__ = _fail

    def __getattr__(self, name):
        if name.startswith("__") or name in self.__slots__:
            raise AttributeError(name)  # protocol probes (copy, pickle) and unset slots stay ordinary
        self._fail()

    def __repr__(self):
        return f"<Undecryptable {self.label}>"


def refuse_undecryptable(value, label):
    if isinstance(value, Undecryptable):
        raise DecryptionError(
            f"refusing to save {label}: its stored value could not be decrypted when it was loaded, and writing "
            "it back would destroy the ciphertext. Configure the key it was written with."
        )


class EncryptedField(models.TextField):
    """Base of the family: a Python value in memory, a Fernet token in the database. Not searchable: pair it
    with a keyed hash (`keyed_hash`) for exact lookup. Subclasses convert between the value and its text."""

    description = "Encrypted text"

    def label(self) -> str:
        model = getattr(self, "model", None)
        return f"{model._meta.label}.{self.name}" if model is not None else self.name

    def empty(self, value):
        return value

    def to_text(self, value) -> str:
        return value

    def from_text(self, text):
        return text

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return self.empty(value)
        try:
            return self.open(decrypt(value, self.label()))
        except DecryptionError as exc:
            return Undecryptable(self.label(), exc)

    def open(self, text):
        """The value of a decrypted token: a sealed one (per-person data key) is opened with its data key and
        keeps that key for the next save; one whose data key was destroyed loads as erased (empty)."""
        if not text.startswith(SEAL_PREFIX):
            return self.from_text(text)
        key_id, inner = _split_sealed(text)
        data_fernet = _data_fernet(key_id)
        if data_fernet is None:
            return shredded(self.empty(""), text)
        try:
            plain = data_fernet.decrypt(inner.encode()).decode()
        except InvalidToken as exc:
            raise DecryptionError(f"{self.label()}: data key {key_id} does not open its value") from exc
        return sealed(self.from_text(plain), key_id)

    def to_python(self, value):
        if is_encrypted_token(value):
            return self.open(decrypt(value, self.label()))
        return value

    def get_prep_value(self, value):
        refuse_undecryptable(value, self.label())
        if value is None:
            return None
        raw = getattr(value, "shredded_raw", None)
        if raw is not None:
            return encrypt(raw)  # re-wrapped with the newest deployment key; the inner value stays unreadable
        text = self.to_text(value)
        if text == "" or is_encrypted_token(text):
            return text
        key_id = getattr(value, "data_key_id", None)
        if key_id is not None:
            # A sealed value keeps the token it was last written as: the history row written after the live row
            # (django-simple-history copies the same value) reuses it instead of two more Fernet encryptions. Only
            # while the text, its data key and the deployment keys are the same (a dict may have been changed).
            deployment = fernet()
            kept = value.__dict__.get("_sealed_token")
            if (kept is not None and kept[0] == text and kept[1] == key_id and kept[2] is deployment
                    and _data_fernet(key_id) is not None):  # a key destroyed since refuses the save, as before
                return kept[3]
            token = deployment.encrypt(seal_text(text, key_id).encode()).decode()
            value.__dict__["_sealed_token"] = (text, key_id, deployment, token)
            return token
        return encrypt(text)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        refuse_undecryptable(value, self.label())
        return self.to_text(value) if value is not None else None


class EncryptedCharField(EncryptedField):
    """A short value (NIK, KK, an address). A text column, because the token is longer than the value; a
    `max_length` is the value's (forms and the API check it) and forms get a one-line input."""

    def to_text(self, value):
        return str(value)

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class EncryptedTextField(EncryptedField):
    """Free text (a letter body)."""

    def to_text(self, value):
        return str(value)


class SealableTextField(EncryptedTextField):
    """Text stored plain unless marked sealed under a data key (`sealed(text, key_id)`), then ciphertext that opens to
    nothing once the key is destroyed: for a column that holds personal text only on some rows (the audit log's
    label and note, personal when the entry is about a person's record). Plain rows stay searchable."""

    def from_db_value(self, value, expression, connection):
        if value is None or not is_encrypted_token(value):
            return value
        return super().from_db_value(value, expression, connection)

    def get_prep_value(self, value):
        marked = isinstance(value, Undecryptable) or getattr(value, "data_key_id", None) is not None or \
            getattr(value, "shredded_raw", None) is not None or is_encrypted_token(value)
        if not marked:
            return None if value is None else str(value)
        return super().get_prep_value(value)


class EncryptedJSONField(EncryptedField):
    """A JSON object in Python, encrypted JSON text in the database; empty is {}."""

    description = "Encrypted JSON"

    def empty(self, value):
        return {}

    def to_text(self, value):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""

    def from_text(self, text):
        return json.loads(text) if text else {}

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        if is_encrypted_token(value):
            return super().to_python(value)
        return json.loads(value) if value else {}

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        refuse_undecryptable(value, self.label())
        return json.dumps(value, ensure_ascii=False, sort_keys=True)


class SealableJSONField(EncryptedJSONField):
    """A JSON object stored as plain JSON text unless marked sealed under a data key (`sealed(value, key_id)`), then
    ciphertext that opens to {} once the key is destroyed (`is_shredded`): SealableTextField's twin for a column
    personal on some rows only (the before/after values of the audit log's changes)."""

    description = "JSON, sealed on some rows"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return {}
        if isinstance(value, dict):
            return value
        if not is_encrypted_token(value):
            return json.loads(value)
        return super().from_db_value(value, expression, connection)

    def get_prep_value(self, value):
        marked = isinstance(value, Undecryptable) or getattr(value, "data_key_id", None) is not None or \
            getattr(value, "shredded_raw", None) is not None or is_encrypted_token(value)
        if not marked:
            return json.dumps(value if value is not None else {}, ensure_ascii=False, sort_keys=True)
        return super().get_prep_value(value)


def _seal_for_subject(sender, instance, raw=False, **kwargs):
    if raw:
        return
    fields = encrypted_fields(sender)
    if not fields:
        return
    subject = data_subject(instance)
    if subject is None:
        return
    key_id = None
    for field in fields:
        value = instance.__dict__.get(field.attname)
        if isinstance(value, Undecryptable) or is_shredded(value) or value in (None, "", {}, []):
            continue
        key_id = key_id or data_key_id(subject)
        if getattr(value, "data_key_id", None) != key_id:
            instance.__dict__[field.attname] = sealed(value, key_id)


def _name_new_subject(sender, instance, created=False, raw=False, **kwargs):
    if created:
        save_pending_key(instance)


@cache
def encrypted_fields(model) -> tuple[EncryptedField, ...]:
    return tuple(f for f in model._meta.concrete_fields if isinstance(f, EncryptedField))


def encrypted_models():
    """(model, fields) for every installed concrete model with encrypted fields, django-simple-history's
    historical models included (they are installed models with copies of the same fields)."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = encrypted_fields(model)
        if fields:
            yield model, fields


def _refuse_saving_undecryptable(sender, instance, update_fields=None, **kwargs):
    # Refused even when update_fields leaves the encrypted field out: the history row written after the save
    # would copy the placeholder, and a record the server cannot read must not change at all.
    for field in encrypted_fields(sender):
        refuse_undecryptable(instance.__dict__.get(field.attname), f"{sender._meta.label}.{field.name}")


pre_save.connect(_refuse_saving_undecryptable, dispatch_uid="core.crypto.refuse_saving_undecryptable")
pre_save.connect(_seal_for_subject, dispatch_uid="core.crypto.seal_for_subject")
post_save.connect(_name_new_subject, dispatch_uid="core.crypto.name_new_subject")
