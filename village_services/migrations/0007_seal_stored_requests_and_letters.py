from django.db import migrations

# Issue 19 point 3: the applicant's name, phone and NIK, the purpose and the decision note of every stored service
# request, and the holder's name, body, values and the return and revocation notes of every stored letter become
# ciphertext sealed under the data key of the person they are about (core.datakeys.seal_table, batched by primary
# key, missing keys created), live and history rows alike: under the registered person's key when the record names
# one, else under the record's own key ("services.servicerequest", "services.letter"). Erasing the person destroys
# both (village_services.privacy), so a backup taken after this opens to nothing. One pass per kind of subject: the
# second (`reseal`) seals what the first left under the deployment keys only (the NIK, body and values of records
# naming no one were deployment tokens until now). Kept apart from 0006 (schema): on PostgreSQL no sealing UPDATE
# runs in a migration that changes a table.

REQUEST = ["applicant_name", "applicant_phone", "applicant_nik", "purpose", "decision_note"]
REQUEST_HISTORY = ["applicant_name", "purpose", "decision_note"]  # the phone and NIK are not kept in history
LETTER = ["holder_name", "return_note", "revocation_reason", "body", "values"]
LETTER_HISTORY = ["holder_name", "return_note", "revocation_reason"]  # body and values are not kept in history


def _passes(own):
    return [("t.person_id", "people.person"), ("(CASE WHEN t.person_id IS NULL THEN t.id END)", own)]


# (table, sealed columns, [(subject SQL, subject type)] in order)
TABLES = [
    ("services_servicerequest", REQUEST, _passes("services.servicerequest")),
    ("services_historicalservicerequest", REQUEST_HISTORY, _passes("services.servicerequest")),
    ("services_letter", LETTER, _passes("services.letter")),
    ("services_historicalletter", LETTER_HISTORY, _passes("services.letter")),
]
# Sealed before this migration (body, values, the NIK of a linked request): the way back leaves them sealed.
EARLIER = {"applicant_nik", "body", "values"}


def seal(apps, schema_editor):
    from core.datakeys import seal_table

    for table, columns, passes in TABLES:
        for n, (subject_sql, subject_type) in enumerate(passes):
            seal_table(schema_editor.connection, table, columns, None, subject_sql=subject_sql,
                       subject_type=subject_type, reseal=n > 0)


def unseal(apps, schema_editor):
    from core.datakeys import open_sealed_columns

    for table, columns, _subjects in TABLES:
        open_sealed_columns(schema_editor.connection, table, [c for c in columns if c not in EARLIER])


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0006_seal_requests_and_letters'),
        ('core', '0004_privacy'),
    ]

    operations = [
        migrations.RunPython(seal, unseal, elidable=False),
    ]
