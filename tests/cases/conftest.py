import pytest

from tests.conftest import GOGODESO, JATINOM


@pytest.fixture
def make_case(regions):
    from cases import services

    def make(actor=None, village=JATINOM, category="unpaid_wages", **extra):
        extra.setdefault("worker_name", "Sri Wahyuni")
        extra.setdefault("complainant_name", "Sutrisno")
        extra.setdefault("complainant_phone", "081234567890")
        return services.intake_case(actor, village=village, category=category,
                                    description=extra.pop("description", "Gaji 4 bulan belum dibayar."), **extra)

    return make


@pytest.fixture
def bpjs(regions):
    from accounts.models import Organisation, OrganisationKind

    return Organisation.objects.create(name="BPJS Ketenagakerjaan Blitar", kind=OrganisationKind.BPJS,
                                       region_id="35.05")


@pytest.fixture
def police(regions):
    from accounts.models import Organisation, OrganisationKind

    return Organisation.objects.create(name="Polres Blitar", kind=OrganisationKind.POLICE, region_id="35.05")


@pytest.fixture
def bpjs_staff(make_user, bpjs):
    from accounts.models import Membership, Role

    user = make_user("staf.bpjs", full_name="Staf BPJS", email="staf@bpjs.test")
    Membership.objects.create(user=user, role=Role.ORGANISATION_STAFF, region_id="35.05", organisation=bpjs)
    return user


@pytest.fixture
def police_staff(make_user, police):
    from accounts.models import Membership, Role

    user = make_user("staf.polres", full_name="Staf Polres")
    Membership.objects.create(user=user, role=Role.ORGANISATION_STAFF, region_id="35.05", organisation=police)
    return user


__all__ = ["GOGODESO", "JATINOM"]
