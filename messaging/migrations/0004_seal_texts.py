from django.db import migrations

import core.crypto

# Issue 19 point 3: what a number sends or is sent is sealed like its number. Message bodies and parameters and
# consent givers are sealed under the person's data key where the row names a person, else under the row's own key
# (DATA_SUBJECT ("person", "self")); inbound texts, LAPOR answers and the numbers of inbound messages, conversations,
# opt-outs and number languages (until now under the deployment keys only) under each row's own key ("self"), so
# erasing the person whose number it is can destroy those keys (messaging.privacy.erase_matching). Batched by
# primary key (core.datakeys.seal_table), keys created set-based; a second run seals nothing. The way back opens
# every value again (values whose key was destroyed become "").

PERSON_OR_OWN = [  # (table, columns): person_id names the person; rows naming no one get their own key
    ("messaging_consent", ["phone", "given_by"], "messaging.consent"),
    ("messaging_message", ["to", "body", "params"], "messaging.message"),
]
OWN = [  # (table, columns, subject type, subject column)
    ("messaging_inboundmessage", ["phone", "text"], "messaging.inboundmessage", "id"),
    ("messaging_conversation", ["phone", "data"], "messaging.conversation", "id"),
    ("messaging_optout", ["phone"], "messaging.optout", "id"),
    ("messaging_numberlanguage", ["phone"], "messaging.numberlanguage", "id"),
    ("messaging_historicalnumberlanguage", ["phone"], "messaging.numberlanguage", "id"),
]


def seal(apps, schema_editor):
    from core.datakeys import seal_table

    connection = schema_editor.connection
    with connection.cursor() as cursor:  # an empty parameter set is an empty value (EncryptedJSONField)
        cursor.execute("UPDATE messaging_message SET params = '' WHERE params IN ('{}', 'null')")
    for table, columns, own in PERSON_OR_OWN:
        seal_table(connection, table, columns, "person_id", reseal=True)
        seal_table(connection, table, columns, None, subject_type=own, reseal=True,
                   subject_sql="CASE WHEN t.person_id IS NULL THEN t.id END")
    for table, columns, own, column in OWN:
        seal_table(connection, table, columns, column, subject_type=own, reseal=True)


def unseal(apps, schema_editor):
    from core.datakeys import open_sealed_columns

    connection = schema_editor.connection
    for table, columns, _own in PERSON_OR_OWN:
        open_sealed_columns(connection, table, columns)
    for table, columns, _own, _column in OWN:
        open_sealed_columns(connection, table, columns)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE messaging_message SET params = '{}' WHERE params = ''")


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0003_seal_numbers'),
        ('core', '0004_privacy'),
    ]

    operations = [
        migrations.AlterField(model_name='consent', name='given_by',
                              field=core.crypto.EncryptedCharField(max_length=150, verbose_name='diberikan oleh')),
        migrations.AlterField(model_name='message', name='body',
                              field=core.crypto.EncryptedTextField(verbose_name='isi')),
        migrations.AlterField(model_name='message', name='params',
                              field=core.crypto.EncryptedJSONField(blank=True, default=dict)),
        migrations.RunPython(seal, unseal, elidable=False),
    ]
