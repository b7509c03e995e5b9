import datetime

import pytest

from tests.conftest import GOGODESO, JATINOM


@pytest.fixture
def volunteer(regions, make_user):
    from accounts.models import Role

    return make_user("relawan.jatinom", (Role.COMMUNITY_VOLUNTEER, JATINOM), full_name="Relawan Jatinom")


@pytest.fixture
def kopi_jatinom(jatinom_operator):
    from community import services

    return services.create_group(jatinom_operator, name="KOPI Jatinom", kind="kopi", village_id=JATINOM,
                                 founded_on=datetime.date(2018, 3, 1), contact_phone="081234567890")


@pytest.fixture
def kopi_gogodeso(gogodeso_operator):
    from community import services

    return services.create_group(gogodeso_operator, name="KOPI Gogodeso", kind="kopi", village_id=GOGODESO)
