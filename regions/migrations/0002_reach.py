# Region search (issue 17): an indexed, normalised name for every region already loaded.

import re

from django.db import migrations, models


def search_key(name):
    # A copy of regions.models.search_key as of this migration (migrations do not import model code).
    return " ".join(w for w in re.split(r"[^\w']+", (name or "").lower()) if w)[:120]


def fill_keys(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    batch = []
    for region in Region.objects.only("code", "name").iterator(chunk_size=5000):
        region.search_key = search_key(region.name)
        batch.append(region)
        if len(batch) >= 5000:
            Region.objects.bulk_update(batch, ["search_key"])
            batch = []
    Region.objects.bulk_update(batch, ["search_key"])
    # Planner statistics: without them SQLite reads the villages through the `level` index, not the key's range.
    schema_editor.execute(f"ANALYZE {schema_editor.quote_name(Region._meta.db_table)}")


class Migration(migrations.Migration):

    dependencies = [
        ('regions', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='region',
            name='search_key',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=120, verbose_name='kunci pencarian'),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
