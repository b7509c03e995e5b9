from importlib import import_module

from django.db import migrations

import core.crypto

# Issue 19 point 3: the changed values of an entry about a record that holds a person's data (a dusun, an RT/RW, a
# birth date: before and after) are sealed under that person's data key like its label and note (0004), so erasure
# leaves them unreadable in the database and in every backup taken after this. The column becomes text: plain JSON
# for other entries, ciphertext for these. An entry about someone already erased (a destroyed key) is sealed under a
# new key destroyed at once: it opens to nothing, as its label and note should (0004 had given such a subject a new
# live key; it is destroyed with the rest). An entry whose record is gone keeps its values. The log stays
# append-only: the PostgreSQL trigger lets `changes` change too, only to ciphertext and only in a transaction that
# set payung.audit_rewrap (this migration, key rotation). Batched by id; keys looked up and created set-based.

TRIGGER = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('payung.audit_rewrap', true) = 'on'
       AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.object_type, NEW.object_id,
            NEW.region_code, NEW.ip_address)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor_id, OLD.actor_name, OLD.action, OLD.object_type,
                                 OLD.object_id, OLD.region_code, OLD.ip_address)
       AND (NEW.changes IS NOT DISTINCT FROM OLD.changes OR NEW.changes LIKE 'gAAAAA%') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""
BATCH = 5000


def _keys(subjects):
    """{(subject type, subject id): (key id, Fernet)} for the subjects, and the subjects already erased (a destroyed
    key): every one gets a key, the erased ones a new one to be destroyed after sealing."""
    from core.datakeys import create_keys, live_keys
    from core.models import DataKey

    keys, erased = {}, set()
    for label in {s[0] for s in subjects}:
        ids = {s[1] for s in subjects if s[0] == label}
        gone = set(DataKey.objects.filter(subject_type=label, subject_id__in=[str(i) for i in ids],
                                          destroyed_at__isnull=False).values_list("subject_id", flat=True))
        found = {pk: key for pk, key in live_keys(label, ids - {i for i in ids if str(i) in gone},
                                                  create=False).items()}
        found.update(create_keys(label, [i for i in ids if i not in found]))
        keys.update({(label, pk): key for pk, key in found.items()})
        erased |= {(label, i) for i in ids if str(i) in gone}
    return keys, erased


def seal(apps, schema_editor):
    from core.crypto import is_encrypted_token
    from core.datakeys import destroy, seal_token

    earlier = import_module("audit.migrations.0004_seal_labels_and_notes")
    connection = schema_editor.connection
    postgres = connection.vendor == "postgresql"
    models = earlier._personal_types()
    types = sorted(models)
    if not types:
        return
    last, erased = 0, set()
    marks = ", ".join(["%s"] * len(types))
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(TRIGGER)
            cursor.execute("SET LOCAL payung.audit_rewrap = 'on'")
        while True:
            cursor.execute(f"SELECT id, object_type, object_id, changes FROM audit_auditentry WHERE id > %s "
                           f"AND object_type IN ({marks}) ORDER BY id LIMIT {BATCH}", [last, *types])
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            rows = [r for r in rows if r[3] not in (None, "", "{}") and not is_encrypted_token(r[3])]
            subjects = earlier._subjects_of({(r[1], r[2]) for r in rows}, models)
            keys, gone = _keys(set(subjects.values()))
            erased |= gone
            updates = [(seal_token(changes, keys[subjects[(object_type, object_id)]]), pk)
                       for pk, object_type, object_id, changes in rows if (object_type, object_id) in subjects]
            cursor.executemany("UPDATE audit_auditentry SET changes = %s WHERE id = %s", updates)
        if postgres:
            cursor.execute("SET LOCAL payung.audit_rewrap = 'off'")
    for label in {s[0] for s in erased}:
        destroy(label, [s[1] for s in erased if s[0] == label])


def unseal(apps, schema_editor):
    from core.datakeys import open_sealed_columns

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL payung.audit_rewrap = 'on'")
            cursor.execute(import_module("audit.migrations.0004_seal_labels_and_notes").TRIGGER.replace(
                "NEW.region_code, NEW.changes", "NEW.region_code").replace("OLD.region_code, OLD.changes",
                                                                           "OLD.region_code"))
    open_sealed_columns(connection, "audit_auditentry", ["changes"])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET changes = '{}' WHERE changes = ''")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL payung.audit_rewrap = 'off'")
            cursor.execute(import_module("audit.migrations.0004_seal_labels_and_notes").TRIGGER)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_seal_labels_and_notes'),
        ('core', '0004_privacy'),
        ('people', '0005_seal_names_phones'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='changes',
            field=core.crypto.SealableJSONField(blank=True, default=dict, verbose_name='perubahan'),
        ),
        migrations.RunPython(seal, unseal, elidable=False),
    ]
