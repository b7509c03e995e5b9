"""The one permission rule for placements: a role counts only in the regions of the membership that grants it.

The mixed-role user is village operator in Jatinom and community volunteer in Gogodeso: in Gogodeso they may do
what a volunteer does, never what only the operator does (verify a placement or a document, override a flag)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from migrants import imports, services
from migrants.models import DocumentKind, DocumentStatus, Placement, Status

from .conftest import GOGODESO, JATINOM, make_nik
from .test_import import row, xlsx

BLITAR = "35.05"


@pytest.fixture
def placements(make_placement, make_person, gogodeso_operator):
    """An interest-stage placement in each village."""
    return (make_placement(make_person(village=JATINOM)),
            make_placement(make_person(village=GOGODESO), actor=gogodeso_operator))


def _ready_with_blocking_flags(placement, operator):
    services.verify_placement(operator, placement)
    services.transition(operator, placement, Status.READY)
    placement.refresh_from_db()
    return placement


def test_mixed_user_verifies_in_jatinom_but_not_in_gogodeso_through_the_service(mixed_user, placements):
    jatinom, gogodeso = placements
    with pytest.raises(PermissionDenied):
        services.verify_placement(mixed_user, gogodeso)
    with pytest.raises(PermissionDenied):
        services.transition(mixed_user, gogodeso, Status.VERIFIED)
    services.verify_placement(mixed_user, jatinom)
    gogodeso.refresh_from_db()
    jatinom.refresh_from_db()
    assert (jatinom.status, gogodeso.status) == (Status.VERIFIED, Status.INTEREST)


def test_mixed_user_gets_403_verifying_in_gogodeso_and_no_verify_button(mixed_user, placements, client_for):
    jatinom, gogodeso = placements
    client = client_for(mixed_user)
    assert client.post(f"/pmi/{gogodeso.pk}/verifikasi/").status_code == 403
    page = client.get(f"/pmi/{gogodeso.pk}/").content.decode()
    assert 'data-testid="verify"' not in page
    assert 'data-testid="transition-form"' in page  # a volunteer still moves the lifecycle along
    assert 'data-testid="verify"' in client.get(f"/pmi/{jatinom.pk}/").content.decode()
    assert client.post(f"/pmi/{jatinom.pk}/verifikasi/").status_code == 302
    assert list(Placement.objects.order_by("id").values_list("status", flat=True)) == [Status.VERIFIED,
                                                                                        Status.INTEREST]


def test_mixed_user_gets_403_verifying_in_gogodeso_through_the_api(mixed_user, placements, api_client_for):
    jatinom, gogodeso = placements
    api = api_client_for(mixed_user)
    refused = api.post(f"/api/v1/placements/{gogodeso.pk}/transition/", {"status": "verified"}, format="json")
    assert refused.status_code == 403
    done = api.post(f"/api/v1/placements/{jatinom.pk}/transition/", {"status": "verified"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "verified"


def test_mixed_user_verifies_documents_only_in_jatinom(mixed_user, placements, client_for, api_client_for):
    jatinom, gogodeso = placements
    theirs = gogodeso.documents.get(kind=DocumentKind.PASSPORT)
    mine = jatinom.documents.get(kind=DocumentKind.PASSPORT)
    with pytest.raises(PermissionDenied):
        services.update_document(mixed_user, theirs, status=DocumentStatus.VERIFIED)
    api = api_client_for(mixed_user)
    assert api.patch(f"/api/v1/placement-documents/{theirs.pk}/", {"status": "verified"},
                     format="json").status_code == 403
    form = client_for(mixed_user).get(f"/pmi/{gogodeso.pk}/dokumen/{theirs.pk}/").context["form"]
    assert DocumentStatus.VERIFIED.value not in [value for value, _label in form.fields["status"].choices]
    # Submitting what a volunteer may (a number, "submitted") still works there.
    assert api.patch(f"/api/v1/placement-documents/{theirs.pk}/", {"status": "submitted"},
                     format="json").status_code == 200
    assert api.patch(f"/api/v1/placement-documents/{mine.pk}/", {"status": "verified"},
                     format="json").status_code == 200
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (mine.status, theirs.status) == (DocumentStatus.VERIFIED, DocumentStatus.SUBMITTED)


def test_mixed_user_overrides_a_blocking_flag_only_in_jatinom(mixed_user, make_placement, make_person,
                                                              jatinom_operator, gogodeso_operator):
    reason = "Dokumen asli dibawa P3MI, sudah dicek lewat telepon dengan BP3MI Jawa Timur."
    leaving = datetime.date(2025, 1, 5)
    jatinom = _ready_with_blocking_flags(make_placement(make_person(village=JATINOM), departure_date=leaving),
                                         jatinom_operator)
    gogodeso = _ready_with_blocking_flags(
        make_placement(make_person(village=GOGODESO), actor=gogodeso_operator, departure_date=leaving),
        gogodeso_operator)
    with pytest.raises(PermissionDenied):
        services.transition(mixed_user, gogodeso, Status.DEPARTED, override_reason=reason)
    services.transition(mixed_user, jatinom, Status.DEPARTED, override_reason=reason)
    jatinom.refresh_from_db()
    gogodeso.refresh_from_db()
    assert (jatinom.status, gogodeso.status) == (Status.DEPARTED, Status.READY)


def test_a_viewer_without_an_editing_role_there_gets_403_for_every_placement_action(make_placement, make_user,
                                                                                     client_for):
    # District officer of Blitar (sees Jatinom), volunteer in Gogodeso only: in Jatinom they may edit nothing.
    user = make_user("petugas.relawan", (Role.DISTRICT_OFFICER, BLITAR), (Role.COMMUNITY_VOLUNTEER, GOGODESO))
    placement = make_placement()
    doc = placement.documents.first()
    client = client_for(user)
    assert client.get(f"/pmi/{placement.pk}/").status_code == 200
    for path, data in ((f"/pmi/{placement.pk}/ubah/", None), (f"/pmi/{placement.pk}/status/", {"status": "cancelled"}),
                       (f"/pmi/{placement.pk}/tanda/", {"flag": "lost_contact", "value": "1"}),
                       (f"/pmi/{placement.pk}/biaya/", {"component": "visa", "amount": "1"}),
                       (f"/pmi/{placement.pk}/kontak/", {"contacted_on": "2025-01-01", "channel": "phone"}),
                       (f"/pmi/{placement.pk}/dokumen/{doc.pk}/", None),
                       (f"/pmi/baru/?person={placement.person_id}", None)):
        response = client.post(path, data) if data else client.get(path)
        assert response.status_code == 403, path
    placement.refresh_from_db()
    assert (placement.status, placement.lost_contact, placement.costs.count()) == (Status.INTEREST, False, 0)


def test_an_import_row_in_a_village_where_the_user_holds_no_editing_role_is_refused(regions, agency, make_user):
    user = make_user("petugas.relawan", (Role.DISTRICT_OFFICER, BLITAR), (Role.COMMUNITY_VOLUNTEER, GOGODESO))
    preview = imports.validate(xlsx(row(), row(nik=make_nik(serial="0002"), kode_desa=GOGODESO)), user, "a.xlsx")
    assert preview.errors == [(2, "Kode desa", f"Desa {JATINOM} di luar wilayah kerja Anda.")]


def test_an_api_parent_out_of_scope_gets_the_same_answer_as_a_missing_one(make_placement, make_person,
                                                                         gogodeso_operator, jatinom_operator,
                                                                         api_client_for):
    theirs = make_placement(make_person(village=GOGODESO), actor=gogodeso_operator)
    api = api_client_for(jatinom_operator)
    missing_id = Placement.objects.order_by("-pk").first().pk + 1000
    answers = []
    for pk in (theirs.pk, missing_id):
        response = api.post("/api/v1/placement-costs/", {"placement": pk, "component": "visa", "amount": 1},
                            format="json")
        assert response.status_code == 400
        answers.append(response.json()["placement"][0].replace(str(pk), "<pk>"))
    person_answers = []
    for pk in (theirs.person_id, missing_id):
        response = api.post("/api/v1/placements/", {"person": pk, "destination_country": "HK"}, format="json")
        assert response.status_code == 400
        person_answers.append(response.json()["person"][0].replace(str(pk), "<pk>"))
    assert answers[0] == answers[1] and person_answers[0] == person_answers[1]
