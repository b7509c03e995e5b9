"""Wrong keys stop the start (system checks, registered in core.apps).

The database records a fingerprint of the keys that wrote it (core.models.KeyFingerprint: a Fernet token of a
fixed text and an HMAC of a fixed text, never the keys). Starting with other keys would show every NIK and
letter as undecryptable, or, with another hash key, register every known NIK a second time on the next import;
so the check reports an error and the server does not start.

How the check reaches the database: Django runs checks before runserver, migrate, `check` (also `--deploy`)
and the other management commands that declare all checks; none of them wraps checks in a transaction. It
always looks at the default database (or the ones `check --database`/`migrate --database` name), because
runserver and `check --deploy` pass no database; it stays quiet when the database is unreachable (the outage
has its own error page) or not migrated yet (the first `migrate` on an empty database must run), and it writes
the fingerprint when there is none yet. call_command() and pytest skip checks, so the test suite is not
touched. gunicorn runs no checks: payung/wsgi.py calls `refuse_to_start_with_wrong_keys()`, so a worker with
wrong keys fails to boot; it is not done in AppConfig.ready, which also runs for migrate on an empty database.
"""

import hmac

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from .crypto import encrypt, encrypted_models, fernet, keyed_hash

FINGERPRINT_TEXT = "payung key fingerprint v1"


def _table_ready(using) -> bool:
    from .models import KeyFingerprint

    return KeyFingerprint._meta.db_table in connections[using].introspection.table_names()


def _key_setting_errors() -> list[Error]:
    errors = []
    try:
        fernet()
    except ImproperlyConfigured as exc:
        errors.append(Error(str(exc), hint="Set FIELD_ENCRYPTION_KEYS to Fernet keys, newest first.",
                            id="payung.E003"))
    try:
        keyed_hash(FINGERPRINT_TEXT)
    except ImproperlyConfigured as exc:
        errors.append(Error(str(exc), hint="Set FIELD_HASH_KEY to the key this database was written with.",
                            id="payung.E004"))
    return errors


def _undecryptable_sample(using) -> str | None:
    """The first encrypted column (model.field) whose first stored value the configured keys cannot decrypt,
    so a fingerprint is never recorded for keys that do not fit data already in the database."""
    from .crypto import Undecryptable

    for model, fields in encrypted_models():
        for field in fields:
            values = (model._base_manager.using(using).exclude(**{field.attname: ""})
                      .exclude(**{f"{field.attname}__isnull": True}).values_list(field.attname, flat=True)[:1])
            if any(isinstance(value, Undecryptable) for value in values):
                return f"{model._meta.label}.{field.name}"
    return None


def record_key_fingerprint(using=DEFAULT_DB_ALIAS, force=False) -> list[Error]:
    """Write the fingerprint of the configured keys if there is none (or always, with force: after
    rotate_encryption_keys). Returns errors instead of recording keys that cannot decrypt existing data."""
    from .models import KeyFingerprint

    errors = _key_setting_errors()
    if errors:
        return errors
    row = KeyFingerprint.objects.using(using).order_by("pk").first()
    if row is not None and not force:
        return []
    if row is None:
        column = _undecryptable_sample(using)
        if column:
            return [Error(
                f"FIELD_ENCRYPTION_KEYS cannot decrypt the data already stored in {column}; no key fingerprint "
                "was recorded.",
                hint="Configure the encryption key this database was written with.", id="payung.E001")]
        row = KeyFingerprint()
    row.encryption_token = encrypt(FINGERPRINT_TEXT)
    row.hash_digest = keyed_hash(FINGERPRINT_TEXT)
    row.save(using=using)
    return []


def key_fingerprint_errors(using=DEFAULT_DB_ALIAS) -> list[Error]:
    """Errors when the configured keys are not the ones recorded in the database."""
    from .models import KeyFingerprint

    try:
        if not _table_ready(using):
            return []
        row = KeyFingerprint.objects.using(using).order_by("pk").first()
        if row is None:
            return record_key_fingerprint(using)
    except DatabaseError:
        return []
    errors = _key_setting_errors()
    if errors:
        return errors
    try:
        readable = fernet().decrypt(row.encryption_token.encode()).decode() == FINGERPRINT_TEXT
    except InvalidToken:
        readable = False
    if not readable:
        errors.append(Error(
            "FIELD_ENCRYPTION_KEYS cannot decrypt the key fingerprint recorded in the database: none of the "
            "configured keys is the one its NIKs, letters and other encrypted fields were written with.",
            hint="Configure the key this database was written with (keep old keys listed until "
                 "`manage.py rotate_encryption_keys` has run).",
            id="payung.E001"))
    if not hmac.compare_digest(row.hash_digest, keyed_hash(FINGERPRINT_TEXT)):
        errors.append(Error(
            "FIELD_HASH_KEY is not the key this database was written with: NIK lookups would find nobody and "
            "an import would register every known NIK a second time.",
            hint="Configure the FIELD_HASH_KEY this database was written with.", id="payung.E002"))
    return errors


@register(Tags.database)
def check_key_fingerprint(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or [DEFAULT_DB_ALIAS]:
        errors.extend(key_fingerprint_errors(alias))
    return errors


@register(Tags.security, deploy=True)
def check_development_keys(app_configs=None, **kwargs):
    dev = getattr(settings, "DEVELOPMENT_KEYS", {})
    errors = []
    if dev.get("SECRET_KEY") and settings.SECRET_KEY == dev["SECRET_KEY"]:
        errors.append(Error("SECRET_KEY is the development key committed in payung/settings.py.",
                            hint="Set SECRET_KEY to a long random value.", id="payung.E010"))
    if dev.get("FIELD_ENCRYPTION_KEYS") and dev["FIELD_ENCRYPTION_KEYS"] in settings.FIELD_ENCRYPTION_KEYS:
        errors.append(Error(
            "FIELD_ENCRYPTION_KEYS holds the development key committed in payung/settings.py: anyone with the "
            "source code can decrypt the personal data.",
            hint="Generate a key (Fernet.generate_key()), put it first, run `manage.py rotate_encryption_keys`, "
                 "then remove the development key.", id="payung.E011"))
    if dev.get("FIELD_HASH_KEY") and settings.FIELD_HASH_KEY == dev["FIELD_HASH_KEY"]:
        errors.append(Error(
            "FIELD_HASH_KEY is the development key committed in payung/settings.py: NIK hashes can be "
            "brute-forced by anyone with the source code.",
            hint="Set FIELD_HASH_KEY to a long random value before the first NIK is stored (changing it later "
                 "needs every hash recomputed).", id="payung.E012"))
    return errors


def refuse_to_start_with_wrong_keys():
    """For web servers that run no system checks (gunicorn, via payung/wsgi.py)."""
    errors = check_key_fingerprint()
    if errors:
        raise ImproperlyConfigured("Payung refuses to start: " + " ".join(f"[{e.id}] {e.msg}" for e in errors))


def record_after_migrate(using=DEFAULT_DB_ALIAS, **kwargs):
    # post_migrate: the first migrate records the keys it ran with (skipped quietly if they do not fit the data;
    # the check then reports it).
    try:
        if _table_ready(using):
            record_key_fingerprint(using)
    except DatabaseError:
        pass  # e.g. `migrate core` alone: other apps' tables are not there yet; the next check records it
