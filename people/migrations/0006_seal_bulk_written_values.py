from django.db import migrations

# Issue 19 point 3: values that bulk writers (the importer before it created data keys, the synthetic generator) left
# encrypted under the deployment keys only are sealed under each person's data key, created here for a person who has
# none; a backup taken after this opens to nothing once the person is erased (before, only erasure itself sealed them,
# so an earlier backup stayed readable with the deployment keys). Set-based: keys created with COPY and each batch of
# rows rewritten with one UPDATE ... FROM on PostgreSQL (core.datakeys.seal_table); values already sealed are left
# alone, so a second run writes nothing. Nothing to undo: the values read the same either way.

TABLES = [
    ("people_person", ["nik", "kk", "name", "birth_place", "address", "phone", "notes"], "id"),
    ("people_historicalperson", ["nik", "kk", "name", "birth_place", "address", "phone", "notes"], "id"),
    ("people_familycontact", ["name", "phone", "address"], "person_id"),
    ("people_historicalfamilycontact", ["name", "phone", "address"], "person_id"),
]


def seal(apps, schema_editor):
    from core.datakeys import seal_table

    for table, columns, subject in TABLES:
        seal_table(schema_editor.connection, table, columns, subject, reseal=True)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0005_seal_names_phones'),
        ('core', '0004_privacy'),
    ]

    operations = [
        migrations.RunPython(seal, migrations.RunPython.noop, elidable=False),
    ]
