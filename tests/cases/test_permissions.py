"""The one permission rule in cases: a role counts only in the regions of its own membership; the worker's full NIK
only for roles that may reveal it; API creates find their parent case through the user's scope."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from cases import services
from cases.models import Case, Claim, Referral, TimelineEntry
from tests.conftest import GOGODESO, JATINOM, PANDANARUM

NIK = "3505105203900001"
MASKED_NIK = "3505**********01"


@pytest.fixture
def officer_and_volunteer(regions, make_user):
    """District officer over Pandanarum's kecamatan (35.05.12), community volunteer in Gogodeso."""
    return make_user("petugas.campuran", (Role.DISTRICT_OFFICER, "35.05.12"), (Role.COMMUNITY_VOLUNTEER, GOGODESO))


@pytest.fixture
def jatinom_volunteer(regions, make_user):
    return make_user("relawan.jatinom", (Role.COMMUNITY_VOLUNTEER, JATINOM))


def _refer(user, case, organisation):
    return services.refer_case(user, case, organisation, request="Laporan TPPO",
                               override_reason="Korban dalam bahaya, pengadu belum dapat dihubungi.")


# --- Mixed roles ----------------------------------------------------------------------------------------------------


def test_consent_override_counts_only_where_the_officer_role_holds(officer_and_volunteer, make_case, police):
    gogodeso_case = make_case(village=GOGODESO, category="trafficking")
    with pytest.raises(PermissionDenied):
        _refer(officer_and_volunteer, gogodeso_case, police)
    assert not Referral.objects.exists()
    pandanarum_case = make_case(village=PANDANARUM, category="trafficking")
    assert _refer(officer_and_volunteer, pandanarum_case, police).consent_override is True


def test_consent_override_screen_refuses_in_the_volunteer_village(officer_and_volunteer, make_case, police,
                                                                  client_for):
    gogodeso_case = make_case(village=GOGODESO, category="trafficking")
    pandanarum_case = make_case(village=PANDANARUM, category="trafficking")
    client = client_for(officer_and_volunteer)
    data = {"organisation": police.pk, "request": "Laporan TPPO", "override_reason": "Korban dalam bahaya."}
    page = client.get(reverse("cases:refer", args=[gogodeso_case.pk])).content.decode()
    assert 'name="override_reason"' not in page
    # A reason posted anyway is not read: the form has no such field for this user, so the page asks for consent.
    refused = client.post(reverse("cases:refer", args=[gogodeso_case.pk]), data)
    assert refused.status_code == 400
    assert "Pengadu belum menyetujui datanya dibagikan. Catat persetujuannya dulu" in refused.content.decode()
    assert 'href="#id_override_reason"' not in refused.content.decode()
    assert not Referral.objects.exists()
    assert 'name="override_reason"' in client.get(reverse("cases:refer", args=[pandanarum_case.pk])).content.decode()
    assert client.post(reverse("cases:refer", args=[pandanarum_case.pk]), data).status_code == 302
    assert list(Referral.objects.values_list("case_id", "consent_override")) == [(pandanarum_case.pk, True)]


def test_consent_override_api_refuses_in_the_volunteer_village(officer_and_volunteer, make_case, police,
                                                               api_client_for):
    gogodeso_case = make_case(village=GOGODESO, category="trafficking")
    pandanarum_case = make_case(village=PANDANARUM, category="trafficking")
    api = api_client_for(officer_and_volunteer)
    data = {"organisation": police.pk, "request": "Laporan TPPO", "override_reason": "Korban dalam bahaya."}
    assert api.post("/api/v1/referrals/", {**data, "case": gogodeso_case.pk}, format="json").status_code == 403
    assert api.post("/api/v1/referrals/", {**data, "case": pandanarum_case.pk}, format="json").status_code == 201
    assert list(Referral.objects.values_list("case_id", flat=True)) == [pandanarum_case.pk]


def test_mixed_role_user_handles_cases_in_both_villages_and_overrides_in_neither(mixed_user, make_case, police):
    for village in (JATINOM, GOGODESO):
        case = make_case(mixed_user, village=village)
        assert services.add_entry(mixed_user, case, "call", "Menelepon pengadu").case == case
        with pytest.raises(PermissionDenied):
            _refer(mixed_user, case, police)
    assert not Referral.objects.exists()


def test_case_worker_role_in_one_village_does_not_record_cases_in_another(jatinom_operator, make_case):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        make_case(jatinom_operator, village=GOGODESO)
    assert exc.value.message_dict == {"village": ["Desa ini di luar wilayah kerja Anda."]}
    assert not Case.objects.exists()


# --- The worker's NIK on the edit form ------------------------------------------------------------------------------


def _edit_data(case, **changes):
    return {"category": case.category, "priority": case.priority, "due_date": case.due_date.isoformat(),
            "description": case.description, "worker_name": case.worker_name, "worker_nik": MASKED_NIK,
            "destination_country": "", "agency_name": "", "recruiter_name": "", "employer_name": "",
            "complainant_phone": case.complainant_phone, "ministry_ticket": "", "ministry_filed_at": "", **changes}


def test_edit_form_masks_the_nik_for_a_volunteer(jatinom_volunteer, jatinom_operator, make_case, client_for):
    case = make_case(jatinom_operator, worker_nik=NIK)
    page = client_for(jatinom_volunteer).get(reverse("cases:edit", args=[case.pk])).content.decode()
    assert NIK not in page
    assert f'value="{MASKED_NIK}"' in page


def test_edit_form_shows_the_nik_to_the_operator(jatinom_operator, make_case, client_for):
    case = make_case(jatinom_operator, worker_nik=NIK)
    page = client_for(jatinom_operator).get(reverse("cases:edit", args=[case.pk])).content.decode()
    assert f'value="{NIK}"' in page


def test_masked_nik_sent_back_keeps_the_stored_nik(jatinom_volunteer, jatinom_operator, make_case, client_for):
    case = make_case(jatinom_operator, worker_nik=NIK)
    hash_before = case.worker_nik_hash
    response = client_for(jatinom_volunteer).post(reverse("cases:edit", args=[case.pk]),
                                                  _edit_data(case, worker_name="Sri Wahyuningsih"))
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert (case.worker_name, case.worker_nik, case.worker_nik_hash) == ("Sri Wahyuningsih", NIK, hash_before)


def test_edited_mask_is_refused_and_nothing_is_saved(jatinom_volunteer, jatinom_operator, make_case, client_for):
    case = make_case(jatinom_operator, worker_nik=NIK)
    response = client_for(jatinom_volunteer).post(
        reverse("cases:edit", args=[case.pk]),
        _edit_data(case, worker_nik="3505**********09", worker_name="Sri Wahyuningsih"))
    assert response.status_code == 400
    assert ("Ketik NIK lengkap (16 angka), atau biarkan NIK tersamar seperti semula agar tidak berubah."
            in response.content.decode())
    case = Case.objects.get(pk=case.pk)
    assert (case.worker_name, case.worker_nik) == ("Sri Wahyuni", NIK)


def test_volunteer_may_type_a_new_full_nik(jatinom_volunteer, jatinom_operator, make_case, client_for):
    case = make_case(jatinom_operator, worker_nik=NIK)
    new_nik = "3505104508900002"
    response = client_for(jatinom_volunteer).post(reverse("cases:edit", args=[case.pk]),
                                                  _edit_data(case, worker_nik=new_nik))
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).worker_nik == new_nik


# --- API creates name their parent case through the user's scope ----------------------------------------------------


def _not_found(pk):
    return {"case": [f'Data dengan nomor "{pk}" tidak ditemukan di wilayah kerja Anda.']}


@pytest.mark.parametrize("url, payload", [
    ("/api/v1/case-timeline/", {"kind": "call", "text": "Menelepon"}),
    ("/api/v1/referrals/", {"request": "Klaim"}),
    ("/api/v1/claims/", {"claim_type": "jht"}),
])
def test_create_naming_another_villages_case_reads_like_a_missing_case(jatinom_operator, gogodeso_operator,
                                                                       make_case, api_client_for, bpjs, url, payload):
    theirs = make_case(gogodeso_operator, village=GOGODESO, consent_share=True)
    payload = {**payload, "organisation": bpjs.pk} if "referrals" in url else payload
    api = api_client_for(jatinom_operator)
    entries_before = TimelineEntry.objects.count()
    other = api.post(url, {**payload, "case": theirs.pk}, format="json")
    missing = api.post(url, {**payload, "case": 999999}, format="json")
    assert (other.status_code, other.json()) == (400, _not_found(theirs.pk))
    assert (missing.status_code, missing.json()) == (400, _not_found(999999))
    assert TimelineEntry.objects.count() == entries_before
    assert not Referral.objects.exists() and not Claim.objects.exists()


def test_organisation_staff_write_only_to_cases_referred_to_them(jatinom_operator, make_case, api_client_for, bpjs,
                                                                 bpjs_staff):
    referred = make_case(jatinom_operator, consent_share=True)
    other = make_case(jatinom_operator, worker_name="Lain")
    services.refer_case(jatinom_operator, referred, bpjs, request="Klaim")
    api = api_client_for(bpjs_staff)
    note = api.post("/api/v1/case-timeline/", {"case": referred.pk, "kind": "note", "text": "Berkas diterima"},
                    format="json")
    assert note.status_code == 201
    refused = api.post("/api/v1/case-timeline/", {"case": other.pk, "kind": "note", "text": "x"}, format="json")
    assert (refused.status_code, refused.json()) == (400, _not_found(other.pk))
    # The case is in their sight, but referring onwards and opening claims are the case workers' work.
    assert api.post("/api/v1/referrals/", {"case": referred.pk, "organisation": bpjs.pk, "request": "x"},
                    format="json").status_code == 403
    assert api.post("/api/v1/claims/", {"case": referred.pk, "claim_type": "jht"}, format="json").status_code == 403
    assert api.patch(f"/api/v1/cases/{referred.pk}/", {"description": "x"}, format="json").status_code == 403
    assert Referral.objects.count() == 1 and not Claim.objects.exists()


def test_organisation_staff_screens_answer_403_for_case_worker_actions(jatinom_operator, make_case, client_for, bpjs,
                                                                       bpjs_staff):
    case = make_case(jatinom_operator, consent_share=True)
    referral = services.refer_case(jatinom_operator, case, bpjs, request="Klaim")
    client = client_for(bpjs_staff)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client.post(reverse("cases:transition", args=[case.pk]), {"to": "in_progress"}).status_code == 403
    assert client.post(reverse("cases:consent", args=[case.pk]),
                       {"kind": "process", "given_by": "Sutrisno", "channel": "phone"}).status_code == 403
    assert client.post(reverse("cases:referral", args=[referral.pk]),
                       {"action": "revoke", "reason": "Salah lembaga"}).status_code == 403
    assert client.post(reverse("cases:entry", args=[case.pk]), {"kind": "note", "text": "Berkas diterima"},
                       ).status_code == 302
    case.refresh_from_db()
    referral.refresh_from_db()
    assert (case.status, referral.status, case.consents.count()) == ("referred", "sent", 1)
