"""Covering indexes for the rollups' reads of other apps' tables (PostgreSQL only; issue 23.4).

A village refresh stages the village's placements joined to their people: without these, one placement heap page
and one person heap page per placement (the largest national village: ~28,000 random page reads, half a second
and more, most of the refresh). With them the staging query is two index-only scans: the village's range of
`rollup_placement_village` and one probe per person into `rollup_person_sex`, a few hundred pages. The same
holds for a village's cases, and for its referrals and claims, read through its cases (`case_id` with the
columns the indicators count).

They are read by reports only, so they live here; each is built CONCURRENTLY (the tables stay writable), hence
`atomic = False`. A build that failed half-way leaves an invalid index: it is dropped and built again. Nothing
on SQLite (no covering indexes there; its test databases are small).
"""

from django.db import migrations

INDEXES = {
    "rollup_placement_village": (
        "migrants_placement (village_id) INCLUDE (person_id, status, created_at, verified_at, departure_date, "
        "actual_return, expected_return, non_procedural, lost_contact, destination_country, sector, scheme)"),
    "rollup_person_sex": "people_person (id) INCLUDE (sex)",
    "rollup_case_village": (
        "cases_case (village_id) INCLUDE (id, received_at, resolved_at, due_date, category, status)"),
    "rollup_referral_case": "cases_referral (case_id) INCLUDE (sent_at, status, organisation_id)",
    "rollup_claim_case": "cases_claim (case_id) INCLUDE (created_at, paid_date, status, claim_type, amount_paid)",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, target in INDEXES.items():
        valid = _valid(schema_editor, name)
        if valid:
            continue
        if valid is False:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {target}")


def _valid(schema_editor, name):
    """True: the index exists and is valid; False: it exists but a build failed; None: it does not exist."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname = %s AND pg_table_is_visible(c.oid)", [name])
        row = cursor.fetchone()
    return None if row is None else row[0]


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reports", "0005_rebuildrun_latest_index"),
        ("migrants", "0012_seal_collector_name"),
        ("people", "0008_dusun_search_index"),
        ("cases", "0010_name_index_gin"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
