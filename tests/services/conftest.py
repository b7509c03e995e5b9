import datetime

import pytest

from tests.conftest import GOGODESO, JATINOM
from tests.factories import AgencyFactory, PersonFactory, PlacementRowFactory

# A valid NIK: district 35.05.10, born 5 August 1990 (a woman: day + 40), serial 0001.
NIK = "3505104508900001"
NIK_FAMILY = "3505101203650002"


@pytest.fixture
def jatinom(regions):
    from regions.models import Region

    return Region.objects.get(code=JATINOM)


@pytest.fixture
def gogodeso(regions):
    from regions.models import Region

    return Region.objects.get(code=GOGODESO)


@pytest.fixture
def jatinom_catalogue(jatinom, jatinom_operator):
    from village_services.services import copy_default_catalogue

    copy_default_catalogue(jatinom_operator, jatinom)
    return jatinom


@pytest.fixture
def gogodeso_catalogue(gogodeso, gogodeso_operator):
    from village_services.services import copy_default_catalogue

    copy_default_catalogue(gogodeso_operator, gogodeso)
    return gogodeso


@pytest.fixture
def family_permission(jatinom_catalogue):
    from village_services.models import LetterType

    return LetterType.objects.get(village=jatinom_catalogue, code="izin-keluarga")


@pytest.fixture
def domicile(jatinom_catalogue):
    from village_services.models import LetterType

    return LetterType.objects.get(village=jatinom_catalogue, code="domisili")


def domicile_values(**extra):
    return {"nama": "Siti Aminah", "nik": NIK, "tempat_lahir": "Blitar", "tanggal_lahir": "5 Agustus 1990",
            "jenis_kelamin": "Perempuan", "pekerjaan": "Ibu rumah tangga", "alamat": "RT 01 RW 02 Jatinom",
            "keperluan": "Pendaftaran calon PMI", **extra}


def family_values(**extra):
    return {**domicile_values(), "nama_keluarga": "Ahmad Basuki", "nik_keluarga": NIK_FAMILY,
            "hubungan_keluarga": "Suami", "tujuan": "Hong Kong", "p3mi": "PT Contoh Jasa Penempatan", **extra}


@pytest.fixture
def jatinom_secretary(regions, make_user):
    from accounts.models import Role

    return make_user("sekdes.jatinom", (Role.VILLAGE_SECRETARY, JATINOM), full_name="Agus Santoso")


@pytest.fixture
def jatinom_head(regions, make_user):
    from accounts.models import Role

    return make_user("kades.jatinom", (Role.VILLAGE_HEAD, JATINOM), full_name="Suprapto")


@pytest.fixture
def gogodeso_officials(regions, make_user):
    """(sekretaris desa, kepala desa) of Gogodeso."""
    from accounts.models import Role

    return (make_user("sekdes.gogodeso", (Role.VILLAGE_SECRETARY, GOGODESO), full_name="Dwi Handayani"),
            make_user("kades.gogodeso", (Role.VILLAGE_HEAD, GOGODESO), full_name="Sulastri"))


def issue_through(letter_type, values, *, operator, secretary, head, signed_on=None, **kwargs):
    """A letter the whole way: drafted by the operator, checked by the sekretaris desa, signed by the kepala desa
    (the number is taken then) and issued through the signature provider."""
    from village_services.services import check_letter, draft_letter, sign_letter

    letter = draft_letter(operator, letter_type, values, **kwargs)
    check_letter(secretary, letter)
    return sign_letter(head, letter, signed_on=signed_on or datetime.date(2026, 3, 2))


@pytest.fixture
def issue(jatinom_operator, jatinom_secretary, jatinom_head, domicile):
    """issue(letter_type=domicile, values=..., user=operator, issued_on=2 March 2026, **draft kwargs) -> the issued
    letter of Jatinom, drafted, checked and signed (issued_on is the signing day: the letter's date)."""

    def make(letter_type=None, values=None, user=None, issued_on=None, **kwargs):
        return issue_through(letter_type or domicile, values or domicile_values(), operator=user or jatinom_operator,
                             secretary=jatinom_secretary, head=jatinom_head,
                             signed_on=issued_on or datetime.date(2026, 3, 2), **kwargs)

    return make


@pytest.fixture
def person(jatinom):
    return PersonFactory(village=jatinom, nik=NIK, kk="", name="Siti Aminah", sex="F", birth_place="Blitar",
                         birth_date=datetime.date(1990, 8, 5), rt="001", rw="002", dusun="Krajan")


@pytest.fixture
def placement(person):
    # A bare row: the letter tests only read a placement to prefill a letter.
    agency = AgencyFactory(name="PT Contoh Jasa Penempatan", licence_number="SIP3MI-1", licence_valid_from=None,
                           licence_valid_until=None)
    return PlacementRowFactory(person=person, destination_country="HK", agency=agency,
                               position_detail="Penata laksana rumah tangga")
