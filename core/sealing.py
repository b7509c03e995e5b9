"""Per-person data keys and crypto-shredding (issue 19, UU 27/2022 art. 16(2)h, 43): the values core.crypto's
fields seal, and the keys they are sealed under. Re-exported by core.crypto (the one kit)."""

import secrets
import time

from cryptography.fernet import Fernet
from django.conf import settings

# --- Per-person data keys and crypto-shredding (issue 19, UU 27/2022 art. 16(2)h, 43) ---------------------------
#
# A model that holds a person's data names that person with `DATA_SUBJECT` ("self" for people.Person, or a
# path such as "person" / "placement.person"; a tuple of paths tries each in turn: ("person", "self") is the
# registered person when the record names one, else the record's own subject key, as a case about someone never
# registered has). On save its encrypted fields are sealed: the value is encrypted
# with the person's own data key (core.models.DataKey, itself stored encrypted under FIELD_ENCRYPTION_KEYS),
# and that token is encrypted again with the deployment keys, so `rotate_encryption_keys` and the key checks
# work unchanged. Destroying the data key (`destroy_data_key`) makes every copy (live row, history rows,
# backups) unreadable at once: such a value loads as empty (`shredded`), is no key problem, and can be saved
# back without being decrypted. Tokens written before (or by bulk writers) are plain deployment tokens and
# stay readable; `core.datakeys` seals them under their people's keys (privacy erasure does so before shredding).

SEAL_PREFIX = "dk1:"


class _SealedStr(str):
    def __reduce__(self):
        return (sealed, (str(self), self.data_key_id))


class _SealedDict(dict):
    def __reduce__(self):
        return (sealed, (dict(self), self.data_key_id))


class _SealedList(list):
    def __reduce__(self):
        return (sealed, (list(self), self.data_key_id))


class _ShreddedStr(str):
    def __reduce__(self):
        return (shredded, ("", self.shredded_raw))


class _ShreddedDict(dict):
    def __reduce__(self):
        return (shredded, ({}, self.shredded_raw))


def sealed(value, key_id):
    """`value` marked to be encrypted under data key `key_id` on save (str, dict or list; anything else as is)."""
    if isinstance(value, str):
        out = _SealedStr(value)
    elif isinstance(value, dict):
        out = _SealedDict(value)
    elif isinstance(value, list):
        out = _SealedList(value)
    else:
        return value
    out.data_key_id = key_id
    return out


def shredded(empty, raw):
    """An erased value: reads as empty, keeps the unreadable token (`raw`) so a save writes it back."""
    out = _ShreddedDict() if isinstance(empty, dict) else _ShreddedStr(empty or "")
    out.shredded_raw = raw
    return out


def is_shredded(value) -> bool:
    return getattr(value, "shredded_raw", None) is not None


def _split_sealed(text):
    key_id, _sep, inner = text[len(SEAL_PREFIX):].partition(":")
    return key_id, inner


# key id (DataKey.kid: random, never reused, so a cached entry cannot belong to another key) ->
# (Fernet or None when destroyed, loaded at)
_DATA_KEYS: dict[str, tuple] = {}


def _data_fernet(key_id):
    """The Fernet of one data key, None once destroyed. Cached per process for DATA_KEY_CACHE_SECONDS so a
    list of people does not look up each key twice; a destroyed key is cached as destroyed for good."""
    from .models import DataKey

    now = time.monotonic()
    hit = _DATA_KEYS.get(key_id)
    if hit is not None and (hit[0] is None or now - hit[1] < getattr(settings, "DATA_KEY_CACHE_SECONDS", 30)):
        return hit[0]
    row = DataKey.objects.filter(kid=key_id).values_list("wrapped", "destroyed_at").first()
    if row is None or row[1] is not None or not row[0]:
        entry = None
    else:
        entry = Fernet(str(row[0]).encode())  # loaded through the field: already unwrapped
    if len(_DATA_KEYS) > 10000:
        _DATA_KEYS.clear()
    _DATA_KEYS[key_id] = (entry, now)
    return entry


def seal_text(text: str, key_id: str) -> str:
    from .crypto import DecryptionError

    data_fernet = _data_fernet(key_id)
    if data_fernet is None:
        raise DecryptionError(f"data key {key_id} was destroyed: nothing can be sealed under it")
    return f"{SEAL_PREFIX}{key_id}:{data_fernet.encrypt(text.encode()).decode()}"


def data_key_id(subject, create=True):
    """The id of the live data key of `subject` (a model instance), created on first use. An unsaved subject's
    new key is written once the subject has its id (core.crypto's post_save: one INSERT, no UPDATE after)."""
    from .models import DataKey

    cached = subject.__dict__.get("_data_key_id")
    if cached is not None:
        return cached
    label = subject._meta.label_lower
    key = None
    if subject.pk is not None:
        key = (DataKey.objects.filter(subject_type=label, subject_id=str(subject.pk), destroyed_at__isnull=True)
               .order_by("-pk").only("kid").first())
    if key is None:
        if not create:
            return None
        key = DataKey(subject_type=label, subject_id="" if subject.pk is None else str(subject.pk),
                      kid=secrets.token_hex(12), wrapped=Fernet.generate_key().decode())
        if subject.pk is None:
            _DATA_KEYS[key.kid] = (Fernet(key.wrapped.encode()), time.monotonic())
            subject.__dict__["_pending_data_key"] = key
        else:
            key.save()
    subject.__dict__["_data_key_id"] = key.kid
    return key.kid


def destroy_data_key(subject) -> int:
    """Crypto-shredding: forget every data key of `subject`. Returns how many keys were destroyed."""
    from django.utils import timezone

    from .models import DataKey

    keys = list(DataKey.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk),
                                       destroyed_at__isnull=True))
    for key in keys:
        key.wrapped = ""
        key.destroyed_at = timezone.now()
        key.save(update_fields=["wrapped", "destroyed_at"])
        _DATA_KEYS[key.kid] = (None, 0)
    subject.__dict__.pop("_data_key_id", None)
    return len(keys)


def save_pending_key(subject):
    """Write the data key made for `subject` before it had an id (data_key_id), now that it has one."""
    key = subject.__dict__.pop("_pending_data_key", None)
    if key is not None:
        key.subject_id = str(subject.pk)
        key.save()


class SubjectRef:
    """A subject named by its model and id only (what data_key_id reads), so sealing a record does not load the
    row of the person it names."""

    def __init__(self, model, pk):
        self._meta = model._meta
        self.pk = pk


def subject_paths(model) -> tuple[str, ...]:
    path = getattr(model, "DATA_SUBJECT", None)
    return () if not path else (path,) if isinstance(path, str) else tuple(path)


def _follow(instance, path):
    if path == "self":
        return instance
    subject = instance
    steps = path.split(".")
    for n, step in enumerate(steps):
        field = subject._meta.get_field(step)
        if n == len(steps) - 1 and not field.is_cached(subject):
            pk = getattr(subject, field.attname)
            return None if pk is None else SubjectRef(field.related_model, pk)
        subject = getattr(subject, step, None)
        if subject is None:
            return None
    return subject


def data_subject(instance):
    """The instance a record's personal data belongs to (the first of its model's DATA_SUBJECT paths that names
    one), or None."""
    for path in subject_paths(type(instance)):
        subject = _follow(instance, path)
        if subject is not None:
            return subject
    return None
