"""Bulk reading by other systems: cursor pages over every placement in scope, filtered by `changed_since`."""

import datetime

from django.utils import timezone

from migrants.models import Placement
from tests.conftest import GOGODESO
from tests.factories import PlacementRowFactory, make_nik


def _pull(api, url):
    ids, pages = [], 0
    while url:
        answer = api.get(url)
        assert answer.status_code == 200, answer.content
        body = answer.json()
        ids += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    return ids, pages


def test_a_cursor_walks_every_placement_in_scope_once(api_client_for, jatinom_operator, make_person):
    mine = [PlacementRowFactory(person=make_person(nik=make_nik(serial=f"{i:04d}"))).pk for i in range(1, 6)]
    PlacementRowFactory(person=make_person(village=GOGODESO, nik=make_nik(serial="0099")))
    ids, pages = _pull(api_client_for(jatinom_operator), "/api/v1/placements-bulk/?page_size=2")
    assert (sorted(ids), pages) == (sorted(mine), 3)


def test_changed_since_returns_only_what_changed(api_client_for, jatinom_operator, make_person):
    old = PlacementRowFactory(person=make_person(nik=make_nik(serial="0001")))
    new = PlacementRowFactory(person=make_person(nik=make_nik(serial="0002")))
    last_week = timezone.now() - datetime.timedelta(days=7)
    Placement.objects.filter(pk=old.pk).update(updated_at=last_week)  # a bare row: no history to keep
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    answer = api_client_for(jatinom_operator).get("/api/v1/placements-bulk/", {"changed_since": since})
    assert [row["id"] for row in answer.json()["results"]] == [new.pk]
    bad = api_client_for(jatinom_operator).get("/api/v1/placements-bulk/", {"changed_since": "kemarin"})
    assert bad.status_code == 400 and "changed_since" in bad.json()


def test_the_bulk_read_is_in_the_openapi_document(api_client_for, jatinom_operator):
    schema = api_client_for(jatinom_operator).get("/api/v1/schema/")
    text = schema.content.decode()
    assert "/api/v1/placements-bulk/" in text and "changed_since" in text and "cursor" in text
