import pytest

from tests.conftest import JATINOM
from tests.factories import CaseFactory

FAMILY = "+6281234567890"  # CaseFactory's complainant phone, normalised


@pytest.fixture
def gateways(settings):
    """Console gateways and short retries (the defaults of `make run`), set explicitly for the test."""
    settings.MESSAGING_WHATSAPP_GATEWAY = "console"
    settings.MESSAGING_SMS_GATEWAY = "console"
    settings.MESSAGING_AREA = "35.05"
    return settings


@pytest.fixture
def complaint(regions, gateways):
    """A public complaint whose complainant ticked the messages box."""
    def make(**extra):
        return CaseFactory(village=JATINOM, consent_process=True, consent_messages=True, **extra)

    return make


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks
