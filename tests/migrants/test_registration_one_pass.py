"""A placement in one pass (issue 22.4): the status menu offers only what the lifecycle allows from here, an early
departure or return asks why and offers a case, and the document checklist is filled and verified on one page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.formats import date_format

from audit.models import Action, AuditEntry
from migrants import services
from migrants.models import DocumentKind, DocumentStatus, Status

from .conftest import JATINOM

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _menu(client, placement):
    form = client.get(f"/pmi/{placement.pk}/").context["transition_form"]
    return [value for value, _label in form.fields["status"].choices]


def test_the_status_menu_of_a_new_placement_offers_only_cancelling(make_placement, jatinom_operator, client_for):
    # Verification has its own button; 'departed' from 'interest' only for a non-procedural placement.
    assert _menu(client_for(jatinom_operator), make_placement()) == ["cancelled"]


def test_the_status_menu_offers_departed_from_interest_once_the_placement_is_non_procedural(
        make_placement, jatinom_operator, client_for):
    placement = make_placement()
    services.set_flag(jatinom_operator, placement, "non_procedural", True)
    assert _menu(client_for(jatinom_operator), placement) == ["departed", "cancelled"]


def test_the_status_menu_of_a_verified_placement_skips_the_jump_to_departed(make_placement, jatinom_operator,
                                                                           client_for):
    placement = make_placement()
    services.verify_placement(jatinom_operator, placement)
    assert _menu(client_for(jatinom_operator), placement) == ["process", "ready", "failed", "cancelled"]


def _ready(make_placement, complete_documents, actor, **data):
    placement = complete_documents(make_placement(**data))
    services.verify_placement(actor, placement)
    services.transition(actor, placement, Status.READY)
    return placement


def test_a_departure_weeks_before_the_contract_starts_asks_for_the_reason(make_placement, complete_documents,
                                                                          jatinom_operator):
    today = timezone.localdate()
    placement = _ready(make_placement, complete_documents, jatinom_operator,
                       contract_start=today + datetime.timedelta(days=40),
                       contract_end=today + datetime.timedelta(days=770))
    with pytest.raises(ValidationError) as exc:
        services.transition(jatinom_operator, placement, Status.DEPARTED, on=today)
    start = date_format(today + datetime.timedelta(days=40))
    assert exc.value.message_dict == {"note": [
        f"Berangkat 40 hari sebelum mulai kontrak ({start}). Tuliskan alasannya di Keterangan; bila ada masalah, "
        "buka kasus dari halaman penempatan."]}
    placement.refresh_from_db()
    assert placement.status == Status.READY
    services.transition(jatinom_operator, placement, Status.DEPARTED, on=today,
                        note="Berangkat lebih dulu untuk karantina atas permintaan agensi.")
    placement.refresh_from_db()
    assert placement.status == Status.DEPARTED


def test_a_departure_a_few_days_before_the_contract_starts_is_ordinary(make_placement, complete_documents,
                                                                       jatinom_operator):
    today = timezone.localdate()
    placement = _ready(make_placement, complete_documents, jatinom_operator,
                       contract_start=today + datetime.timedelta(days=5),
                       contract_end=today + datetime.timedelta(days=735))
    services.transition(jatinom_operator, placement, Status.DEPARTED, on=today)
    placement.refresh_from_db()
    assert placement.status == Status.DEPARTED


def _abroad(make_placement, complete_documents, actor):
    today = timezone.localdate()
    placement = _ready(make_placement, complete_documents, actor, contract_start=today - datetime.timedelta(days=200),
                       contract_end=today + datetime.timedelta(days=530))
    services.transition(actor, placement, Status.DEPARTED, on=today - datetime.timedelta(days=203))
    return placement


def test_a_return_long_before_the_contract_ends_asks_for_the_reason_then_offers_a_case(
        make_placement, complete_documents, jatinom_operator, client_for):
    placement = _abroad(make_placement, complete_documents, jatinom_operator)
    client = client_for(jatinom_operator)
    response = client.post(f"/pmi/{placement.pk}/status/", {"status": "returned", "on": ""}, follow=True)
    placement.refresh_from_db()
    assert placement.status == Status.DEPARTED  # refused: nothing written
    assert [str(m) for m in response.context["messages"]] == [
        f"Pulang 530 hari sebelum akhir kontrak ({date_format(placement.contract_end)}). Tuliskan alasannya di "
        "Keterangan; bila ada masalah, buka kasus dari halaman penempatan."]
    client.post(f"/pmi/{placement.pk}/status/", {"status": "returned", "note": "Dipulangkan majikan tanpa gaji."})
    placement.refresh_from_db()
    assert placement.status == Status.RETURNED
    body = client.get(f"/pmi/{placement.pk}/").content.decode()
    assert 'data-testid="early-return"' in body and "Dipulangkan majikan tanpa gaji." in body
    assert f'href="/kasus/baru/?penempatan={placement.pk}"' in body
    intake = client.get(f"/kasus/baru/?penempatan={placement.pk}")
    assert intake.status_code == 200
    initial = intake.context["form"].initial
    assert (initial["village"], initial["worker_name"], initial["category"], initial["description"]) == (
        JATINOM, placement.person.name, "early_dismissal", "Dipulangkan majikan tanpa gaji.")


def test_the_case_link_of_a_placement_outside_the_users_area_is_a_404(make_placement, gogodeso_operator,
                                                                      client_for):
    placement = make_placement()
    assert client_for(gogodeso_operator).get(f"/kasus/baru/?penempatan={placement.pk}").status_code == 404


def _field(document, name):
    return f"d{document.pk}_{name}"


def _checklist_post(placement, **changes):
    """The checklist as the page sends it: every document's current values, then `changes` by kind."""
    data = {}
    for document in placement.documents.all():
        values = {"status": document.status, "number": document.number, "note": document.note,
                  "issued_on": document.issued_on or "", "expires_on": document.expires_on or ""}
        values.update(changes.get(document.kind, {}))
        data.update({_field(document, name): value for name, value in values.items()})
    return data


def test_the_checklist_page_fills_and_verifies_several_documents_in_one_save(make_placement, jatinom_operator,
                                                                            client_for, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    placement = make_placement()
    ktp = placement.documents.get(kind=DocumentKind.KTP)
    data = _checklist_post(placement, ktp={"status": "verified", "number": "3505-KTP"},
                           passport={"status": "submitted", "number": "C1234567", "expires_on": "2035-01-01"})
    data[_field(ktp, "scan")] = SimpleUploadedFile("ktp.png", PNG, content_type="image/png")
    response = client_for(jatinom_operator).post(f"/pmi/{placement.pk}/dokumen/", data)
    assert response.status_code == 302 and response["Location"] == f"/pmi/{placement.pk}/#dokumen"
    ktp.refresh_from_db()
    passport = placement.documents.get(kind=DocumentKind.PASSPORT)
    assert (ktp.status, ktp.number, ktp.verified_by, bool(ktp.scan)) == (
        DocumentStatus.VERIFIED, "3505-KTP", jatinom_operator, True)
    assert (passport.status, passport.number, passport.expires_on) == (
        DocumentStatus.SUBMITTED, "C1234567", datetime.date(2035, 1, 1))
    untouched = placement.documents.exclude(kind__in=[DocumentKind.KTP, DocumentKind.PASSPORT])
    assert set(untouched.values_list("status", flat=True)) == {DocumentStatus.MISSING}
    updates = AuditEntry.objects.filter(action=Action.UPDATE, object_type="migrants.placementdocument")
    assert sorted(updates.values_list("object_id", flat=True)) == sorted([str(ktp.pk), str(passport.pk)])


def test_one_bad_document_on_the_checklist_saves_none_and_names_the_document(make_placement, jatinom_operator,
                                                                           client_for):
    placement = make_placement()
    passport = placement.documents.get(kind=DocumentKind.PASSPORT)
    response = client_for(jatinom_operator).post(f"/pmi/{placement.pk}/dokumen/", _checklist_post(
        placement, ktp={"status": "verified", "number": "3505-KTP"},
        passport={"issued_on": "2030-01-01", "expires_on": "2029-01-01"}))
    assert response.status_code == 400
    assert response.context["form"].errors[_field(passport, "expires_on")] == [
        "Tanggal berlaku harus sesudah tanggal terbit."]
    assert response.context["form"][_field(passport, "expires_on")].label == "Paspor: berlaku sampai"
    assert set(placement.documents.values_list("status", flat=True)) == {DocumentStatus.MISSING}


def test_a_volunteer_fills_the_checklist_but_is_not_offered_verification(make_placement, make_user, client_for):
    from accounts.models import Role

    placement = make_placement()
    volunteer = make_user("relawan", (Role.COMMUNITY_VOLUNTEER, JATINOM))
    form = client_for(volunteer).get(f"/pmi/{placement.pk}/dokumen/").context["form"]
    ktp = placement.documents.get(kind=DocumentKind.KTP)
    assert "verified" not in [value for value, _label in form.fields[_field(ktp, "status")].choices]


def test_the_checklist_of_another_village_is_a_404(make_placement, gogodeso_operator, client_for):
    assert client_for(gogodeso_operator).get(f"/pmi/{make_placement().pk}/dokumen/").status_code == 404
