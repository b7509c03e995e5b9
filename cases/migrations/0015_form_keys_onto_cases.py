"""The single-use keys of public forms already sent move from their PublicFormUse rows onto their cases
(Case.form_key, 0014), so a replay of such a form still finds its complaint (issue 17.8/21.6)."""

from django.db import migrations

FORWARD = """
UPDATE cases_case SET form_key = (SELECT u.key FROM cases_publicformuse u WHERE u.case_id = cases_case.id)
WHERE id IN (SELECT case_id FROM cases_publicformuse WHERE case_id IS NOT NULL)
"""


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FORWARD)


def backward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("INSERT INTO cases_publicformuse (key, case_id, at) SELECT form_key, id, received_at "
                       "FROM cases_case WHERE form_key IS NOT NULL AND id NOT IN "
                       "(SELECT case_id FROM cases_publicformuse WHERE case_id IS NOT NULL)")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0014_case_form_key"),
    ]

    operations = [migrations.RunPython(forward, backward)]
