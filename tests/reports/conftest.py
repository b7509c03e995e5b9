"""Placements in the states the rollups read, written as bare rows (tests.factories.PlacementRowFactory)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from tests.factories import PlacementRowFactory


def aware(d):
    return timezone.make_aware(datetime(d.year, d.month, d.day, 10, 0))


@pytest.fixture
def make_placement(make_person):
    from migrants.models import Placement

    def make(village, sex="F", registered=date(2026, 1, 5), verified=None, **fields):
        placement = PlacementRowFactory(person=make_person(village, sex=sex), **fields)
        # created_at is auto_now_add: set the registration date the test describes (test setup only).
        Placement.objects.filter(pk=placement.pk).update(
            created_at=aware(registered), verified_at=aware(verified) if verified else None)
        placement.refresh_from_db()
        return placement

    return make
