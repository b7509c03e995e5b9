import django.db.models
from django.db import migrations, models

import core.crypto

# Issue 19 point 3: every number column becomes ciphertext (sealed under the person's data key where the row names a
# person: consents and messages; under the deployment keys elsewhere) with its keyed hash `phone_hash` beside it,
# computed in the same pass (core.datakeys.seal_table, batched by primary key). Uniqueness moves from the number to its
# hash once every hash is filled. The way back opens the numbers again.

TABLES = [  # (table, number column, subject column or None)
    ("messaging_consent", "phone", "person_id"),
    ("messaging_optout", "phone", None),
    ("messaging_numberlanguage", "phone", None),
    ("messaging_historicalnumberlanguage", "phone", None),
    ("messaging_message", "to", "person_id"),
    ("messaging_inboundmessage", "phone", None),
    ("messaging_conversation", "phone", None),
]


def _number_hash(text):
    from people.models import phone_hash

    return phone_hash(text)


def seal(apps, schema_editor):
    from core.datakeys import seal_table

    for table, column, subject in TABLES:
        seal_table(schema_editor.connection, table, [column], subject, subject_sql=None if subject else "NULL",
                   derive={"phone_hash": (column, _number_hash)}, reseal=True)


def unseal(apps, schema_editor):
    from core.datakeys import open_sealed_columns

    for table, column, _subject in TABLES:
        open_sealed_columns(schema_editor.connection, table, [column])


def _hash(**extra):
    return models.CharField(max_length=64, blank=True, default="", editable=False, **extra)


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0002_number_language_reply_templates'),
        ('core', '0004_privacy'),
        ('people', '0005_seal_names_phones'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='consent', name='messaging_one_active_consent'),
        migrations.AlterField(model_name='consent', name='phone',
                              field=core.crypto.EncryptedCharField(max_length=20, verbose_name='nomor')),
        migrations.AlterField(model_name='optout', name='phone', field=core.crypto.EncryptedCharField(max_length=20)),
        migrations.AlterField(model_name='numberlanguage', name='phone',
                              field=core.crypto.EncryptedCharField(max_length=20, verbose_name='nomor')),
        migrations.AlterField(model_name='historicalnumberlanguage', name='phone',
                              field=core.crypto.EncryptedCharField(max_length=20, verbose_name='nomor')),
        migrations.AlterField(model_name='message', name='to',
                              field=core.crypto.EncryptedCharField(max_length=20, verbose_name='ke')),
        migrations.AlterField(model_name='inboundmessage', name='phone',
                              field=core.crypto.EncryptedCharField(max_length=20)),
        migrations.AlterField(model_name='conversation', name='phone',
                              field=core.crypto.EncryptedCharField(max_length=20)),
        migrations.AddField(model_name='consent', name='phone_hash', field=_hash(db_index=True)),
        migrations.AddField(model_name='optout', name='phone_hash', field=_hash()),
        migrations.AddField(model_name='numberlanguage', name='phone_hash', field=_hash()),
        migrations.AddField(model_name='historicalnumberlanguage', name='phone_hash', field=_hash(db_index=True)),
        migrations.AddField(model_name='message', name='phone_hash', field=_hash(db_index=True)),
        migrations.AddField(model_name='inboundmessage', name='phone_hash', field=_hash(db_index=True)),
        migrations.AddField(model_name='conversation', name='phone_hash', field=_hash()),
        migrations.RunPython(seal, unseal, elidable=False),
        migrations.AlterField(model_name='optout', name='phone_hash',
                              field=models.CharField(max_length=64, unique=True, editable=False)),
        migrations.AlterField(model_name='numberlanguage', name='phone_hash',
                              field=models.CharField(max_length=64, unique=True, editable=False)),
        migrations.AlterField(model_name='conversation', name='phone_hash',
                              field=models.CharField(max_length=64, unique=True, editable=False)),
        migrations.AlterField(model_name='historicalnumberlanguage', name='phone_hash',
                              field=models.CharField(max_length=64, db_index=True, editable=False)),
        migrations.AddConstraint(
            model_name='consent',
            constraint=models.UniqueConstraint(condition=django.db.models.Q(('withdrawn_at', None)),
                                               fields=('phone_hash', 'purpose'), name='messaging_one_active_consent'),
        ),
    ]
