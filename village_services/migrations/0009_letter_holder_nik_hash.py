"""Letters keep the keyed hash of their holder's NIK, so a letter drafted for someone not registered then is found for
that person's access file and erasure (issue 19.3); stored letters get theirs from their values."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from core.crypto import keyed_hash
    from core.datakeys import update_where

    Letter = apps.get_model("services", "Letter")
    rows = []
    for pk, values in Letter.objects.order_by("pk").values_list("pk", "values").iterator(chunk_size=2000):
        nik = values.get("nik") if isinstance(values, dict) else None  # undecryptable or shredded: none
        if nik:
            rows.append((keyed_hash(str(nik)), pk))
    for model in (Letter, apps.get_model("services", "HistoricalLetter")):
        update_where(model, "id", ["holder_nik_hash"], rows)


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0008_seal_signed_pdfs_of_unlinked_letters'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalletter',
            name='holder_nik_hash',
            field=models.CharField(blank=True, db_index=True, default='', editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='letter',
            name='holder_nik_hash',
            field=models.CharField(blank=True, db_index=True, default='', editable=False, max_length=64),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
