from django.db import migrations

# Issue 19.3: the name, phone and notes of every stored field recruiter become ciphertext sealed under the recruiter's
# own data key ("migrants.recruiter", created where missing; core.datakeys.seal_table, batched by primary key), live
# and history rows alike, so a backup taken after this holds only ciphertext and erasing a recruiter
# (migrants.services.erase_recruiter) leaves every copy unreadable. The keyed hashes that find a recruiter
# (Recruiter.hidden_columns: whole name, phone, word prefixes of the name) are computed from the plain values in the
# same pass, on the live table only (history keeps none). A second run seals nothing. Reversible: the way back opens
# the values to plain text again (a value whose key was destroyed by an erasure becomes ""); the hashes stay until
# 0013's way back drops their columns.

COLUMNS = ["name", "phone", "notes"]
OWN_KEY = "migrants.recruiter"


def _hidden(column):
    def derive(name, phone=""):
        from migrants.models.agencies import Recruiter

        return Recruiter.hidden_columns(name, phone)[column]

    return derive


DERIVE = {"name_key": (("name", "phone"), _hidden("name_key")),
          "phone_hash": (("name", "phone"), _hidden("phone_hash")),
          "name_index": (("name", "phone"), _hidden("name_index"))}
# (table, derived columns)
TABLES = [("migrants_recruiter", DERIVE), ("migrants_historicalrecruiter", {})]


def seal(apps, schema_editor):
    from core.datakeys import seal_table

    for table, derive in TABLES:
        seal_table(schema_editor.connection, table, COLUMNS, "id", subject_type=OWN_KEY, derive=derive)


def unseal(apps, schema_editor):
    from core.datakeys import open_sealed_columns

    for table, _derive in TABLES:
        open_sealed_columns(schema_editor.connection, table, COLUMNS)


class Migration(migrations.Migration):

    dependencies = [
        ('migrants', '0013_recruiter_encrypted'),
        ('core', '0004_privacy'),  # the data keys the values are sealed under
        ('people', '0006_seal_bulk_written_values'),  # the keyed name normalisation
    ]

    operations = [
        migrations.RunPython(seal, unseal, elidable=False),
    ]
