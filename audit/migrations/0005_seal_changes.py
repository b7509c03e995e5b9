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
# set payung.audit_rewrap (this migration, key rotation). The sealing itself is audit.sealing.seal_entries (as in
# 0004 and 0006): batched by id, keys looked up and created set-based.

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

def seal(apps, schema_editor):
    from audit.sealing import seal_entries

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(TRIGGER)
    seal_entries(connection, ["changes"])


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
