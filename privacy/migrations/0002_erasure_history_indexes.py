"""Indexes for erasure's reads of history tables (PostgreSQL only; issue 19.8).

An erasure finds every row about the person, history rows included (core.datakeys.subject_rows). The placement and
family-contact history tables carry no index on person_id (migrants and people dropped their history indexes: an
import writes one history row per record and nothing else searched them), so each erasure read them whole. Erasure
is the only reader, so the indexes live here; built CONCURRENTLY (core.dbindexes).
"""

from django.db import migrations

from core.dbindexes import concurrent_indexes


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("privacy", "0001_privacy"),
        ("migrants", "0012_seal_collector_name"),
        ("people", "0008_dusun_search_index"),
    ]

    operations = [concurrent_indexes({
        "erasure_historicalplacement_person": "migrants_historicalplacement (person_id)",
        "erasure_historicalfamilycontact_person": "people_historicalfamilycontact (person_id)",
    })]
