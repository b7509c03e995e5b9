import pytest

from accounts.models import Role
from tests.conftest import BLITAR

KEDIRI = "35.06"


@pytest.fixture
def system_admin(regions, make_user):
    return make_user("admin.sistem", (Role.SYSTEM_ADMIN, None), full_name="Admin Sistem")


@pytest.fixture
def kediri(regions):
    """Kabupaten Kediri (35.06) beside Blitar: villages outside the Blitar officer's regency."""
    from regions import loader

    loader.load(only=KEDIRI)


@pytest.fixture
def kediri_village(kediri):
    from regions.models import Region

    return Region.objects.villages().filter(code__startswith=KEDIRI + ".").order_by("code").first()


@pytest.fixture
def kediri_officer(kediri, make_user):
    return make_user("petugas.kediri", (Role.DISTRICT_OFFICER, KEDIRI), full_name="Petugas Kediri")


@pytest.fixture
def kanigoro_village(regions):
    """A Blitar village nobody works in yet (Kanigoro district)."""
    from regions.models import Region

    return Region.objects.villages().filter(code__startswith="35.05.").exclude(
        code__in=["35.05.10.2002", "35.05.10.2003", "35.05.12.2001", "35.05.15.2001"]).order_by("code").first()


@pytest.fixture
def blitar_regency(regions):
    from regions.models import Region

    return Region.objects.get(code=BLITAR)
