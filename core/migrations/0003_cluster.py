"""The database cache's table (CACHE_BACKEND=database, the default): every node shares it."""

import io

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Does nothing when the cache is Redis; run `manage.py createcachetable` after switching back.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0, stdout=io.StringIO())


class Migration(migrations.Migration):
    dependencies = [("core", "0002_key_fingerprint")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
