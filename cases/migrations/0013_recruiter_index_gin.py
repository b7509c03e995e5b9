"""The case search finds a recruiter's keyed prefix digests through an index (issue 19 point 3): on PostgreSQL a GIN
index on `string_to_array(recruiter_index, ' ')`, built CONCURRENTLY (the table stays writable while it builds), hence
`atomic = False`. Nothing on SQLite."""

from django.db import migrations

import core.blindindex


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0012_seal_recruiter_employer")]

    operations = [
        core.blindindex.digest_index_operation("cases_case", "recruiter_index", "cases_case_recruiter_index_gin"),
    ]
