import pytest

from tests.migrants.conftest import agency, complete_documents, make_placement  # noqa: F401


@pytest.fixture
def admin_user_(regions, make_user):
    from accounts.models import Role

    return make_user("admin.sistem", (Role.SYSTEM_ADMIN, None))
