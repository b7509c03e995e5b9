"""Small fixtures for the reports tests: people and placements written straight through the models."""

import itertools
from datetime import date, datetime

import pytest
from django.utils import timezone

_serial = itertools.count(1)


def aware(d):
    return timezone.make_aware(datetime(d.year, d.month, d.day, 10, 0))


@pytest.fixture
def make_person(regions):
    from people.models import Person

    def make(village, sex="F", name=None):
        n = next(_serial)
        birth = date(1990, 1, 1 + n % 27)
        day = birth.day + (40 if sex == "F" else 0)
        nik = f"350510{day:02d}0190{n:04d}"
        return Person.objects.create(village_id=village, nik=nik, name=name or f"Warga {n}", sex=sex,
                                     birth_date=birth)

    return make


@pytest.fixture
def make_placement(make_person):
    from migrants.models import Placement

    def make(village, sex="F", registered=date(2026, 1, 5), verified=None, **fields):
        person = make_person(village, sex=sex)
        placement = Placement.objects.create(village_id=village, person=person, **fields)
        # created_at is auto_now_add: set the registration date the test describes (test setup only).
        Placement.objects.filter(pk=placement.pk).update(
            created_at=aware(registered), verified_at=aware(verified) if verified else None)
        placement.refresh_from_db()
        return placement

    return make
