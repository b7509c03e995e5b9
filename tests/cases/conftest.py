import pytest

from accounts.models import OrganisationKind, Role
from tests.conftest import BLITAR, GOGODESO, JATINOM
from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def make_case(regions):
    def make(actor=None, village=JATINOM, category="unpaid_wages", **extra):
        return CaseFactory(actor=actor, village=village, category=category, **extra)

    return make


@pytest.fixture
def bpjs(regions):
    return OrganisationFactory(name="BPJS Ketenagakerjaan Blitar", kind=OrganisationKind.BPJS, region=BLITAR)


@pytest.fixture
def police(regions):
    return OrganisationFactory(name="Polres Blitar", kind=OrganisationKind.POLICE, region=BLITAR)


@pytest.fixture
def bpjs_staff(make_user, bpjs):
    user = make_user("staf.bpjs", full_name="Staf BPJS", email="staf@bpjs.test")
    MembershipFactory(user=user, role=Role.ORGANISATION_STAFF, region=BLITAR, organisation=bpjs)
    return user


@pytest.fixture
def police_staff(make_user, police):
    user = make_user("staf.polres", full_name="Staf Polres")
    MembershipFactory(user=user, role=Role.ORGANISATION_STAFF, region=BLITAR, organisation=police)
    return user


__all__ = ["GOGODESO", "JATINOM"]
