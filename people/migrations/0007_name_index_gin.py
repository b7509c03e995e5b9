"""The name search finds its keyed prefix digests through an index (issue 19 point 3).

`name_index` becomes a DigestIndexField (core.blindindex: the same text column, searched with `has_digests`) and,
on PostgreSQL, gets a GIN index on `string_to_array(name_index, ' ')`, built CONCURRENTLY: the table stays writable
while it builds, hence `atomic = False`. Nothing on SQLite."""

from django.db import migrations

import core.blindindex


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("people", "0006_seal_bulk_written_values")]

    operations = [
        # The column's type is unchanged: only the state learns the field class (no table rebuild on SQLite).
        migrations.SeparateDatabaseAndState(state_operations=[migrations.AlterField(
            model_name="person",
            name="name_index",
            field=core.blindindex.DigestIndexField(blank=True, default="", editable=False),
        )]),
        core.blindindex.digest_index_operation(
            "people_person", "name_index", "people_person_name_index_gin"),
    ]
