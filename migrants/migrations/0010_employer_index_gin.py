"""The employer search finds its keyed prefix digests through an index (issue 19 point 3).

`employer_index` becomes a DigestIndexField (core.blindindex: the same text column, searched with `has_digests`) and,
on PostgreSQL, gets a GIN index on `string_to_array(employer_index, ' ')`, built CONCURRENTLY: the table stays writable
while it builds, hence `atomic = False`. Nothing on SQLite."""

from django.db import migrations

import core.blindindex


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("migrants", "0009_seal_employer_records")]

    operations = [
        # The column's type is unchanged: only the state learns the field class (no table rebuild on SQLite).
        migrations.SeparateDatabaseAndState(state_operations=[migrations.AlterField(
            model_name="placement",
            name="employer_index",
            field=core.blindindex.DigestIndexField(blank=True, default="", editable=False),
        )]),
        core.blindindex.digest_index_operation(
            "migrants_placement", "employer_index", "migrants_placement_employer_index_gin"),
    ]
