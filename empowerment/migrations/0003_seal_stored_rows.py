from django.db import migrations

# Issue 19 point 3: program participants' names, phones and outcome notes, and enterprise owners' names and the
# enterprises' descriptions and support texts become ciphertext sealed under the data key of the person they are about
# (core.datakeys.seal_table, batched by primary key, missing keys created), live and history rows alike: under the
# registered person's key when the record names one, else under the record's own key ("empowerment.enrolment",
# "empowerment.enterprise"). Erasing the person destroys them (empowerment.privacy). The keyed hashes that find a
# participant's name (duplicate check) and an owner's name (search) are computed from the plain values in the first
# pass. One pass per kind of subject: the second (`reseal`) seals what the first left under the deployment keys only.


def _name_hash(text):
    from people.models import name_hash

    return name_hash(text)


def _name_index(text):
    from people.models import name_index

    return name_index(text)


ENROLMENT = ["name", "phone", "outcome_note"]
ENTERPRISE = ["owner_name", "description", "support_received"]


def _passes(subject, own, derive):
    return [(f"t.{subject}", "people.person", derive),
            (f"(CASE WHEN t.{subject} IS NULL THEN t.id END)", own, {})]


# (table, sealed columns, [(subject SQL, subject type, derived columns)] in order)
TABLES = [
    ("empowerment_enrolment", ENROLMENT,
     _passes("person_id", "empowerment.enrolment", {"name_key": ("name", _name_hash)})),
    ("empowerment_historicalenrolment", ENROLMENT, _passes("person_id", "empowerment.enrolment", {})),
    ("empowerment_enterprise", ENTERPRISE,
     _passes("owner_id", "empowerment.enterprise", {"owner_index": ("owner_name", _name_index)})),
    ("empowerment_historicalenterprise", ENTERPRISE, _passes("owner_id", "empowerment.enterprise", {})),
]


def seal(apps, schema_editor):
    from core.datakeys import seal_table

    for table, columns, passes in TABLES:
        for n, (subject_sql, subject_type, derive) in enumerate(passes):
            seal_table(schema_editor.connection, table, columns, None, subject_sql=subject_sql,
                       subject_type=subject_type, derive=derive, reseal=n > 0)


def unseal(apps, schema_editor):
    from core.datakeys import open_sealed_columns

    for table, columns, _passes_ in TABLES:
        open_sealed_columns(schema_editor.connection, table, columns)


class Migration(migrations.Migration):

    dependencies = [
        ('empowerment', '0002_seal_enrolments_and_enterprises'),
    ]

    operations = [
        migrations.RunPython(seal, unseal, elidable=False),
    ]
