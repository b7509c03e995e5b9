import html

from django.urls import reverse

from audit.models import Action, AuditEntry
from cases import services
from cases.models import Case, Referral, ReferralStatus, ServiceStandard, Status
from tests.conftest import GOGODESO, JATINOM


def test_staff_pages_render_for_the_operator(jatinom_operator, make_case, client_for, bpjs):
    case = make_case(jatinom_operator, category="died_abroad", destination_country="HK", consent_share=True)
    referral = services.refer_case(jatinom_operator, case, bpjs, request="Klaim JKM")
    claim = services.open_claim(jatinom_operator, case, "jkm_death", heir_name="Sutrisno")
    client = client_for(jatinom_operator)
    for url in [reverse("cases:list"), reverse("cases:list") + "?status=open&q=Sri", reverse("cases:overdue"),
                reverse("cases:create"), reverse("cases:detail", args=[case.pk]), reverse("cases:edit", args=[case.pk]),
                reverse("cases:refer", args=[case.pk]), reverse("cases:referrals"),
                reverse("cases:referral", args=[referral.pk]), reverse("cases:claims"),
                reverse("cases:claim", args=[claim.pk]), reverse("cases:claim_create", args=[case.pk]),
                reverse("cases:standards"), reverse("cases:notifications"), reverse("core:home")]:
        assert client.get(url).status_code == 200, url
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Daftar periksa kematian dan pemulangan jenazah" in detail
    assert AuditEntry.objects.filter(action=Action.READ, object_type="cases.case", object_id=str(case.pk)).exists()


def test_case_of_another_village_is_404(jatinom_operator, gogodeso_operator, make_case, client_for):
    theirs = make_case(gogodeso_operator, village=GOGODESO)
    client = client_for(jatinom_operator)
    assert client.get(reverse("cases:detail", args=[theirs.pk])).status_code == 404
    assert theirs.worker_name not in client.get(reverse("cases:list")).content.decode()


def test_staff_intake_suggests_duplicates_before_saving(jatinom_operator, make_case, client_for):
    make_case(jatinom_operator, worker_nik="3505105203900001")
    client = client_for(jatinom_operator)
    data = {"channel": "phone", "village": JATINOM, "category": "unpaid_wages", "description": "Gaji belum dibayar",
            "complainant_role": "family", "complainant_name": "Sutrisno", "complainant_phone": "081234560000",
            "worker_name": "Sri W", "worker_nik": "3505105203900001"}
    response = client.post(reverse("cases:create"), data)
    assert response.status_code == 200
    assert "Kemungkinan kasus yang sama" in response.content.decode()
    assert Case.objects.count() == 1
    response = client.post(reverse("cases:create"), {**data, "confirm_new": "1"})
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_transition_via_screen_reports_illegal_moves(jatinom_operator, make_case, client_for):
    case = make_case(jatinom_operator)
    client = client_for(jatinom_operator)
    response = client.post(reverse("cases:transition", args=[case.pk]), {"to": "resolved"}, follow=True)
    assert "Masukkan pilihan yang valid" in html.unescape(response.content.decode())  # not offered from received
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    client.post(reverse("cases:transition", args=[case.pk]), {"to": "verified"})
    case.refresh_from_db()
    assert case.status == Status.VERIFIED


def test_organisation_user_answers_referral_in_the_app(jatinom_operator, make_case, client_for, bpjs, bpjs_staff):
    referred = make_case(jatinom_operator, consent_share=True)
    other = make_case(jatinom_operator, worker_name="Tidak Dirujuk")
    referral = services.refer_case(jatinom_operator, referred, bpjs, request="Klaim")
    client = client_for(bpjs_staff)
    assert client.get(reverse("cases:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("cases:detail", args=[referred.pk])).status_code == 200
    inbox = client.get(reverse("cases:referrals")).content.decode()
    assert referred.reference in inbox and other.reference not in inbox
    client.post(reverse("cases:referral", args=[referral.pk]), {"action": "answer", "decision": "accept",
                                                                "external_reference": "BPJS-1"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    # Organisation staff cannot move the case itself.
    client.post(reverse("cases:transition", args=[referred.pk]), {"to": "in_progress"})
    referred.refresh_from_db()
    assert referred.status == Status.REFERRED


def test_referral_letter_is_a_pdf_with_the_chronology(jatinom_operator, make_case, client_for, bpjs):
    case = make_case(jatinom_operator, consent_share=True)
    referral = services.refer_case(jatinom_operator, case, bpjs, request="Klaim JKK")
    from cases.letters import referral_letter_html

    text = referral_letter_html(referral, jatinom_operator)
    assert "Kartu peserta BPJS Ketenagakerjaan" in text and "Pengaduan diterima melalui" in text
    response = client_for(jatinom_operator).get(reverse("cases:referral_letter", args=[referral.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_only_officers_edit_service_standards(jatinom_operator, blitar_officer, client_for):
    data = {"prefix": "trafficking", "trafficking-category": "trafficking", "trafficking-working_days": "3",
            "trafficking-priority": "urgent", "trafficking-note": "Keputusan rapat"}
    assert client_for(jatinom_operator).post(reverse("cases:standards"), data).status_code == 403
    client_for(blitar_officer).post(reverse("cases:standards"), data)
    standard = ServiceStandard.objects.get(category="trafficking")
    assert (standard.working_days, standard.note) == (3, "Keputusan rapat")


def test_api_is_scoped_and_uses_the_same_rules(jatinom_operator, gogodeso_operator, make_case, api_client_for,
                                               bpjs, bpjs_staff):
    mine = make_case(jatinom_operator)
    make_case(gogodeso_operator, village=GOGODESO)
    api = api_client_for(jatinom_operator)
    listed = api.get("/api/v1/cases/").json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    assert "worker_nik" not in listed["results"][0]
    created = api.post("/api/v1/cases/", {"village": JATINOM, "category": "trafficking", "description": "TPPO",
                                          "worker_name": "Korban", "complainant_name": "Ibu"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["priority"] == "urgent"
    outside = api.post("/api/v1/cases/", {"village": GOGODESO, "category": "other", "description": "x",
                                          "worker_name": "X"}, format="json")
    assert outside.status_code == 400
    bad = api.post(f"/api/v1/cases/{mine.pk}/transition/", {"to": "resolved"}, format="json")
    assert bad.status_code == 400
    ok = api.post(f"/api/v1/cases/{mine.pk}/transition/", {"to": "verified"}, format="json")
    assert ok.json()["status"] == "verified"
    entry = api.post("/api/v1/case-timeline/", {"case": mine.pk, "kind": "call", "text": "Menelepon"},
                     format="json")
    assert entry.status_code == 201
    refused = api.post("/api/v1/referrals/", {"case": mine.pk, "organisation": bpjs.pk, "request": "Klaim"},
                       format="json")
    assert refused.status_code == 400 and "override_reason" in refused.json()
    services.record_consent(jatinom_operator, mine, "share", given_by="Sutrisno")
    referral = api.post("/api/v1/referrals/", {"case": mine.pk, "organisation": bpjs.pk, "request": "Klaim"},
                        format="json").json()
    staff_api = api_client_for(bpjs_staff)
    assert [c["id"] for c in staff_api.get("/api/v1/cases/").json()["results"]] == [mine.pk]
    answered = staff_api.post(f"/api/v1/referrals/{referral['id']}/answer/", {"decision": "accept"}, format="json")
    assert answered.json()["status"] == "accepted"
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED
    claim = api.post("/api/v1/claims/", {"case": mine.pk, "claim_type": "jht"}, format="json")
    assert claim.status_code == 201 and len(claim.json()["documents"]) == 4
    assert api_client_for(gogodeso_operator).get(f"/api/v1/claims/{claim.json()['id']}/").status_code == 404
