"""Letter ready for collection: issuing the letter of a request tells the applicant's number (with consent), with
the request's tracking code and the village only — nothing of the letter's contents."""

import pytest

from messaging.models import Event, Message
from messaging.services.consent import give_consent
from tests.services.conftest import (  # noqa: F401 - the letter workflow's own fixtures
    NIK,
    domicile,
    domicile_values,
    issue_through,
    jatinom,
    jatinom_catalogue,
    jatinom_head,
    jatinom_secretary,
)
from village_services.models import Service
from village_services.services import set_requirements, submit_request

pytestmark = pytest.mark.django_db

APPLICANT = "+6285712345678"


def test_issuing_a_requests_letter_tells_the_applicant_it_is_ready(  # noqa: F811 - fixtures imported above
        gateways, jatinom_operator, jatinom_secretary, jatinom_head, domicile):  # noqa: F811
    service = Service.objects.get(village=domicile.village, code="domisili")
    request = submit_request(service=service, applicant_name="Siti Aminah", phone="085712345678",
                             actor=jatinom_operator)
    set_requirements(jatinom_operator, request, service.requirement_list())
    give_consent(jatinom_operator, phone=APPLICANT, purpose="services", given_by="Siti Aminah", how="di kantor desa")
    letter = issue_through(domicile, domicile_values(), operator=jatinom_operator, secretary=jatinom_secretary,
                           head=jatinom_head, request=request)
    message = Message.objects.get(event=Event.LETTER_READY)
    assert (message.to, message.body) == (APPLICANT, f"Payung: surat Anda dari Desa Jatinom siap diambil di kantor "
                                                     f"desa. Kode {request.tracking_code}.")
    assert [word for word in (NIK, letter.number, "RT 01 RW 02", "Pendaftaran calon PMI") if word in message.body] == []
