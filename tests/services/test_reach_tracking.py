"""Privacy on shared phones (issue 17 point 7): a service request's tracking code travels by POST only."""

from village_services.models import Service, ServiceRequest
from village_services.services import display_code, submit_request


def test_request_tracking_code_in_the_address_is_ignored_and_the_form_posts(client, jatinom_catalogue):
    service = Service.objects.get(village=jatinom_catalogue, code="domisili")
    submit_request(service=service, applicant_name="Warga Jatinom")
    code = display_code(ServiceRequest.objects.get().tracking_code)
    by_url = client.get("/layanan/lacak/", {"kode": code})
    assert by_url.status_code == 200 and 'data-testid="track-result"' not in by_url.content.decode()
    assert '<form method="post"' in by_url.content.decode()
    posted = client.post("/layanan/lacak/", {"kode": code})
    assert 'data-testid="track-result"' in posted.content.decode()
