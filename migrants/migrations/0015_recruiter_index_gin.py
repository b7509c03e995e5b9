"""The recruiter register's search finds its keyed prefix digests through an index (issue 19.3): on PostgreSQL a GIN
index on `string_to_array(name_index, ' ')`, built CONCURRENTLY (the table stays writable while it builds), hence
`atomic = False`. Nothing on SQLite."""

from django.db import migrations

import core.blindindex


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("migrants", "0014_seal_recruiters")]

    operations = [
        core.blindindex.digest_index_operation(
            "migrants_recruiter", "name_index", "migrants_recruiter_name_index_gin"),
    ]
