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


@pytest.fixture
def agency(db):
    from migrants.models import Agency

    return Agency.objects.create(name="PT Maju Jaya", licence_number="SIP3MI/001/2024",
                                 licence_valid_from=datetime.date(2024, 1, 1),
                                 licence_valid_until=datetime.date(2029, 1, 1))


@pytest.fixture
def make_placement(make_person, jatinom_operator, agency):
    from migrants import services

    def make(person=None, actor=None, **data):
        person = person or make_person()
        defaults = dict(destination_country="HK", sector="domestic", position="housekeeper",
                        employer_type="household", scheme="p2p", agency=agency,
                        contract_start=datetime.date(2025, 1, 10), contract_end=datetime.date(2027, 1, 9))
        defaults.update(data)
        return services.create_placement(actor or jatinom_operator, person, **defaults)

    return make


@pytest.fixture
def complete_documents(jatinom_operator):
    """Every checklist document verified, passport valid well past the contract."""
    from migrants import services
    from migrants.models import DocumentKind

    def complete(placement):
        for doc in placement.documents.all():
            expires = datetime.date(2035, 1, 1) if doc.kind == DocumentKind.PASSPORT else None
            services.update_document(jatinom_operator, doc, status="verified", number=f"N-{doc.kind}",
                                     expires_on=expires)
        placement.refresh_from_db()
        return placement

    return complete
