from django.db import migrations

# Issue 19 point 3: the signed PDF of a letter that names no registered person (it prints the holder's NIK) was kept
# under the deployment keys only; it is now sealed under the letter's own data key ("services.letter", created where
# missing), as the letter's text is since 0007, so erasing the holder (the letter linked to them by their NIK through
# its request, village_services.privacy) destroys it and a backup taken after this opens to nothing. Through
# core.datakeys.seal_rows (the table's key is the letter's id, which core.datakeys.seal_table does not walk), 500 rows
# at a time. Nothing on the way back: the PDFs stay sealed, as new ones are.

BATCH = 1000


def seal(apps, schema_editor):
    from core.datakeys import data_key_ids, seal_rows
    from village_services.models import LetterSignature

    ids = list(LetterSignature.objects.filter(letter__person__isnull=True).order_by("letter_id")
               .values_list("letter_id", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        seal_rows(LetterSignature, "letter_id", data_key_ids("services.letter", chunk))


class Migration(migrations.Migration):

    dependencies = [
        ('services', '0007_seal_stored_requests_and_letters'),
    ]

    operations = [
        migrations.RunPython(seal, migrations.RunPython.noop, elidable=False),
    ]
