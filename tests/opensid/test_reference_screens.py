"""The screens for national identifiers: a placement's ID PMI / E-KPMI / national reference and a case's
SISKOP2MI number and LAPOR! ticket are recorded on a form page reached from the record's page, with state and
date; refusals name the field (400, nothing written); scope is 404, role 403; the case list offers the filter."""

import datetime

from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEntry
from cases.models import CaseReference
from migrants.models import PlacementReference, ReferenceState
from migrants.services.references import record_reference
from tests.factories import CaseFactory


def test_the_placement_page_lists_every_identifier_kind_with_an_edit_link(client_for, jatinom_operator,
                                                                          make_placement):
    placement = make_placement()
    record_reference(jatinom_operator, placement, "ekpmi", value="KPMI-5", state=ReferenceState.SENT,
                     state_on=datetime.date(2026, 11, 2))
    page = client_for(jatinom_operator).get(reverse("migrants:detail", args=[placement.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="external-references"' in html
    for kind in ("id_pmi", "ekpmi", "national"):
        assert reverse("migrants:reference", args=[placement.pk, kind]) in html
    assert "KPMI-5" in html and 'data-testid="ref-state-ekpmi"' in html and "2 November 2026" in html


def test_a_placement_identifier_is_recorded_on_its_form_page_and_audited(client_for, jatinom_operator,
                                                                         make_placement):
    placement = make_placement()
    url = reverse("migrants:reference", args=[placement.pk, "id_pmi"])
    client = client_for(jatinom_operator)
    assert client.get(url).status_code == 200
    answer = client.post(url, {"value": " E-PMI  123 ", "state": "acknowledged", "state_on": "2026-11-20"})
    assert answer.status_code == 302 and answer["Location"].endswith(f"/pmi/{placement.pk}/#identitas")
    ref = PlacementReference.objects.get(placement=placement)
    assert (ref.kind, ref.value, ref.state, ref.state_on) == ("id_pmi", "E-PMI 123", "acknowledged",
                                                              datetime.date(2026, 11, 20))
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="migrants.placementreference",
                                     object_id=str(ref.pk)).count() == 1
    answer = client.post(url, {"value": "E-PMI 123", "state": "error", "state_on": ""})
    ref.refresh_from_db()
    assert (answer.status_code, ref.state, ref.state_on) == (302, "error", timezone.localdate())


def test_an_acknowledged_identifier_without_a_number_is_refused_on_the_field(client_for, jatinom_operator,
                                                                            make_placement):
    placement = make_placement()
    answer = client_for(jatinom_operator).post(reverse("migrants:reference", args=[placement.pk, "ekpmi"]),
                                               {"value": "", "state": "acknowledged"})
    assert answer.status_code == 400
    assert answer.context["form"].errors == {"value": ["Nomor wajib diisi bila sudah diterima sistem tujuan."]}
    assert not PlacementReference.objects.exists()


def test_a_future_date_and_an_unknown_state_are_refused(client_for, jatinom_operator, make_placement):
    placement = make_placement()
    url = reverse("migrants:reference", args=[placement.pk, "national"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    answer = client_for(jatinom_operator).post(url, {"state": "sent", "state_on": tomorrow.isoformat()})
    assert answer.status_code == 400
    assert answer.context["form"].errors == {"state_on": ["Tanggal status tidak boleh di masa depan."]}
    answer = client_for(jatinom_operator).post(url, {"state": "lost"})
    assert answer.status_code == 400 and list(answer.context["form"].errors) == ["state"]
    assert not PlacementReference.objects.exists()


def test_an_unknown_kind_is_404_another_village_404_and_a_reader_403(client_for, jatinom_operator,
                                                                     gogodeso_operator, blitar_officer,
                                                                     make_placement):
    placement = make_placement()
    assert client_for(jatinom_operator).get(
        reverse("migrants:reference", args=[placement.pk, "paspor"])).status_code == 404
    url = reverse("migrants:reference", args=[placement.pk, "id_pmi"])
    assert client_for(gogodeso_operator).post(url, {"state": "sent"}).status_code == 404
    assert client_for(blitar_officer).post(url, {"state": "sent"}).status_code == 403
    assert not PlacementReference.objects.exists()
    page = client_for(blitar_officer).get(reverse("migrants:detail", args=[placement.pk])).content.decode()
    assert 'data-testid="external-references"' in page and url not in page  # shown, not editable


def test_a_case_number_is_recorded_from_the_case_page(client_for, jatinom_operator):
    case = CaseFactory(actor=jatinom_operator)
    client = client_for(jatinom_operator)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    url = reverse("cases:reference", args=[case.pk, "lapor"])
    assert url in page and reverse("cases:reference", args=[case.pk, "siskop2mi"]) in page
    answer = client.post(url, {"value": "LAPOR-77", "state": "sent", "state_on": "2026-11-30"})
    assert answer.status_code == 302 and answer["Location"].endswith(f"/kasus/{case.pk}/#identitas")
    ref = CaseReference.objects.get(case=case)
    assert (ref.kind, ref.value, ref.state, ref.state_on) == ("lapor", "LAPOR-77", "sent",
                                                              datetime.date(2026, 11, 30))
    assert "LAPOR-77" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_a_case_number_out_of_scope_is_404_and_an_unknown_kind_404(client_for, jatinom_operator, gogodeso_operator):
    case = CaseFactory(actor=jatinom_operator)
    assert client_for(gogodeso_operator).post(reverse("cases:reference", args=[case.pk, "lapor"]),
                                              {"state": "sent"}).status_code == 404
    assert client_for(jatinom_operator).get(reverse("cases:reference", args=[case.pk, "bpjs"])).status_code == 404
    assert not CaseReference.objects.exists()


def test_the_case_list_offers_the_not_yet_sent_upward_filter(client_for, jatinom_operator):
    page = client_for(jatinom_operator).get(reverse("cases:list"))
    html = page.content.decode()
    assert 'name="upward"' in html and "belum dikirim ke atas" in html
    assert client_for(jatinom_operator).get(reverse("cases:list"), {"upward": "semua"}).status_code == 400
