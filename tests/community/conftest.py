import datetime

import pytest

from tests.conftest import GOGODESO, JATINOM
from tests.factories import CommunityGroupFactory


@pytest.fixture
def volunteer(regions, make_user):
    from accounts.models import Role

    return make_user("relawan.jatinom", (Role.COMMUNITY_VOLUNTEER, JATINOM), full_name="Relawan Jatinom")


@pytest.fixture
def kopi_jatinom(jatinom_operator):
    return CommunityGroupFactory(actor=jatinom_operator, name="KOPI Jatinom", kind="kopi", village=JATINOM,
                                 founded_on=datetime.date(2018, 3, 1), contact_phone="081234567890")


@pytest.fixture
def kopi_gogodeso(gogodeso_operator):
    return CommunityGroupFactory(actor=gogodeso_operator, name="KOPI Gogodeso", kind="kopi", village=GOGODESO)
