from django.db import migrations

# Issue 19 point 3: the name of whoever collected a worker's placement cost becomes ciphertext sealed under the
# worker's data key (through the placement, as the receipt number and note already are, migrants 0009), live and
# history rows alike; erasing the worker blanks it and destroys the key (migrants.privacy), so a backup taken after
# this opens to nothing. Kept apart from 0011 (schema) so that no sealing runs in a migration that changes a table on
# PostgreSQL.

THROUGH_PLACEMENT = "(SELECT p.person_id FROM migrants_placement p WHERE p.id = t.placement_id)"
TABLES = ["migrants_costitem", "migrants_historicalcostitem"]


def seal(apps, schema_editor):
    from core.datakeys import seal_table

    for table in TABLES:
        seal_table(schema_editor.connection, table, ["collector_name"], None, subject_sql=THROUGH_PLACEMENT,
                   reseal=True)


def unseal(apps, schema_editor):
    from core.datakeys import open_sealed_columns

    for table in TABLES:
        open_sealed_columns(schema_editor.connection, table, ["collector_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('migrants', '0011_collector_name_encrypted'),
        ('core', '0004_privacy'),  # the data keys the values are sealed under
    ]

    operations = [
        migrations.RunPython(seal, unseal, elidable=False),
    ]
