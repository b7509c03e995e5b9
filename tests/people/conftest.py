import datetime

import pytest

JATINOM = "35.05.10.2002"
GOGODESO = "35.05.10.2003"


def make_nik(district="350510", birth=datetime.date(1995, 5, 17), sex="F", serial="0001"):
    day = birth.day + (40 if sex == "F" else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial}"


@pytest.fixture
def make_person(regions, django_user_model):
    from people.models import Person

    counter = {"n": 0}

    def make(village=JATINOM, name=None, sex="F", birth=datetime.date(1995, 5, 17), nik=None, **extra):
        counter["n"] += 1
        n = counter["n"]
        person = Person(
            village_id=village, name=name or f"Warga {n}", sex=sex, birth_date=birth,
            nik=nik or make_nik(birth=birth, sex=sex, serial=f"{n:04d}"), kk=extra.pop("kk", f"35051001010{n:05d}"),
            **extra,
        )
        person.save()
        return person

    return make
