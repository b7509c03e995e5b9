"""A placement's complaints reach the placement, agency and recruiter pages through the cases app's panels
(core.registry), and the overcharging complaint is the cases app's action: migrants imports no cases code."""

from cases import services as cases
from cases.models import Case, Category
from migrants import services

from .conftest import JATINOM


def _overcharged(make_placement, complete_documents, operator):
    placement = complete_documents(make_placement())
    services.add_cost(operator, placement, component="agency_fee", amount=12_500_000,
                      collected_by="recruiter", collector_name="Pak Sponsor")
    return placement


def test_the_overcharging_complaint_is_filed_as_the_overcharging_category_naming_the_placement(
        make_placement, complete_documents, jatinom_operator):
    placement = _overcharged(make_placement, complete_documents, jatinom_operator)
    case = cases.complain_overcharging(jatinom_operator, placement)
    assert (case.category, case.placement, case.agency, case.village_id) == (
        Category.OVERCHARGING, placement, placement.agency, JATINOM)


def test_placement_and_agency_pages_list_the_complaint_in_scope_only(make_placement, complete_documents,
                                                                     jatinom_operator, gogodeso_operator,
                                                                     client_for):
    placement = _overcharged(make_placement, complete_documents, jatinom_operator)
    case = cases.complain_overcharging(jatinom_operator, placement)
    link = f'href="/kasus/{case.pk}/"'
    client = client_for(jatinom_operator)
    assert link in client.get(f"/pmi/{placement.pk}/").content.decode()
    assert link in client.get(f"/pmi/p3mi/{placement.agency_id}/").content.decode()
    assert link not in client_for(gogodeso_operator).get(f"/pmi/p3mi/{placement.agency_id}/").content.decode()


def test_a_placement_without_flag_or_complaint_offers_no_complaint(make_placement, jatinom_operator, client_for):
    page = client_for(jatinom_operator).get(f"/pmi/{make_placement().pk}/").content.decode()
    assert 'data-testid="complaints-panel"' not in page
    assert Case.objects.count() == 0
