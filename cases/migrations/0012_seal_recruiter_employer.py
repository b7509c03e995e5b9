from django.db import migrations

# Issue 19 point 3: the recruiter (sponsor, calo) and employer names of every stored case become ciphertext sealed as
# the case's other personal values are (Case.DATA_SUBJECT): under the registered worker's data key when the case names
# one, else under the case's own key ("cases.case"), missing keys created (core.datakeys.seal_table, batched by
# primary key), live and history rows alike; erasing the worker destroys both (cases.privacy). The keyed word-prefix
# index that finds a recruiter (Case.hidden_columns) is computed from the plain names in the first pass. One pass per
# kind of subject: the second (`reseal`) seals what the first left under the deployment keys only.

COLUMNS = ["recruiter_name", "employer_name"]


def _recruiter_index(text):
    from cases.models.case import recruiter_index

    return recruiter_index(text)


def _passes(derive):
    return [("t.person_id", "people.person", derive),
            ("(CASE WHEN t.person_id IS NULL THEN t.id END)", "cases.case", {})]


# (table, [(subject SQL, subject type, derived columns)] in order)
TABLES = [
    ("cases_case", _passes({"recruiter_index": ("recruiter_name", _recruiter_index)})),
    ("cases_historicalcase", _passes({})),
]


def seal(apps, schema_editor):
    from core.datakeys import seal_table

    for table, passes in TABLES:
        for n, (subject_sql, subject_type, derive) in enumerate(passes):
            seal_table(schema_editor.connection, table, COLUMNS, None, subject_sql=subject_sql,
                       subject_type=subject_type, derive=derive, reseal=n > 0)


def unseal(apps, schema_editor):
    from core.datakeys import open_sealed_columns

    for table in dict(TABLES):
        open_sealed_columns(schema_editor.connection, table, COLUMNS)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_recruiter_employer_encrypted'),
        ('core', '0004_privacy'),  # the data keys the values are sealed under
        ('people', '0006_seal_bulk_written_values'),  # the keyed name normalisation
    ]

    operations = [
        migrations.RunPython(seal, unseal, elidable=False),
    ]
