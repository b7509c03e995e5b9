import datetime

import pytest

from tests.migrants.conftest import agency, complete_documents, make_placement  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_rules():
    """The rule cache is per process: a test that changes rules must not leave them to the next test (its
    transaction is rolled back, but no signal says so)."""
    from lawbook import store

    store.clear()
    yield
    store.clear()


@pytest.fixture
def admin(regions, make_user):
    from accounts.models import Role

    return make_user("admin.hukum", (Role.SYSTEM_ADMIN, None), full_name="Admin Hukum")


@pytest.fixture
def law():
    """law(topic, key, on=None) -> the version in force on `on` (today by default)."""
    from django.utils import timezone

    from lawbook import store

    def get(topic, key, on=None):
        return store.rule(topic, key, on or timezone.localdate())

    return get


DAY = datetime.timedelta(days=1)
