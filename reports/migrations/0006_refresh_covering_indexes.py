"""Covering indexes for the rollups' reads of other apps' tables (PostgreSQL only; issue 23.4).

A village refresh stages the village's placements joined to their people: without these, one placement heap page
and one person heap page per placement (the largest national village: ~28,000 random page reads, half a second
and more, most of the refresh). With them the staging query is two index-only scans: the village's range of
`rollup_placement_village` and one probe per person into `rollup_person_sex`, a few hundred pages. The same
holds for a village's cases, and for its referrals and claims, read through its cases (`case_id` with the
columns the indicators count).

They are read by reports only, so they live here; each is built CONCURRENTLY (core.dbindexes: the tables stay
writable, an invalid index left by a failed build is built again). Nothing on SQLite (its test databases are small).
"""

from django.db import migrations

from core.dbindexes import concurrent_indexes

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


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reports", "0005_rebuildrun_latest_index"),
        ("migrants", "0012_seal_collector_name"),
        ("people", "0008_dusun_search_index"),
        ("cases", "0010_name_index_gin"),
    ]

    operations = [concurrent_indexes(INDEXES)]
