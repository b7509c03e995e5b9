import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services
from cases.forms import make_form_token
from cases.models import Case, Consent, ConsentKind, Status
from tests.conftest import JATINOM

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(**overrides):
    data = {
        "complainant_role": "family", "complainant_name": "Sutrisno", "complainant_relation": "suami",
        "complainant_phone": "0812-3456-7890", "worker_name": "Sri Wahyuni", "village": JATINOM,
        "destination_country": "HK", "category": "document_withholding",
        "description": "Paspor ditahan majikan sejak Januari.", "consent_process": "on", "consent_share": "on",
        "website": "", "form_token": make_form_token(time.time() - 30),
    }
    data.update(overrides)
    return data


def submit(client, address="10.0.0.1", **overrides):
    return client.post(reverse("cases:public_form"), form_data(**overrides), REMOTE_ADDR=address)


def test_public_form_creates_case_with_consent_and_shows_code(client, regions):
    response = submit(client)
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.channel, case.status, case.village_id, case.phone_last4) == ("web", Status.RECEIVED, JATINOM, "7890")
    consents = Consent.objects.filter(case=case).order_by("kind")
    assert [(c.kind, c.given_by, c.text_version) for c in consents] == [
        (ConsentKind.PROCESS, "Sutrisno", "2026-01"), (ConsentKind.SHARE, "Sutrisno", "2026-01")]
    done = client.get(response["Location"])
    assert case.tracking_code in done.content.decode()


def test_public_form_without_consent_is_refused(client, regions):
    response = submit(client, consent_process="")
    assert response.status_code == 200
    assert "Persetujuan pengolahan data wajib dicentang" in response.content.decode()
    assert Case.objects.count() == 0


def test_honeypot_submission_looks_accepted_but_keeps_nothing(client, regions):
    response = submit(client, website="http://spam.example")
    assert response.status_code == 200
    assert "Pengaduan Anda sudah kami terima" in response.content.decode()
    assert Case.objects.count() == 0


def test_too_fast_or_forged_timing_token_is_refused(client, regions, settings):
    # A minimum far above any machine's slowness: "issued now" is too fast however long the request takes.
    settings.CASES_FORM_MIN_SECONDS = 3600
    response = submit(client, form_token=make_form_token(time.time()))
    assert "terlalu cepat" in response.content.decode()
    response = submit(client, form_token="123:forged")
    assert "Formulir tidak sah" in response.content.decode()
    assert Case.objects.count() == 0


def test_submissions_are_throttled_per_address(client, regions, settings):
    settings.CASES_PUBLIC_SUBMISSIONS_PER_HOUR = 2
    assert submit(client).status_code == 302
    assert submit(client).status_code == 302
    blocked = submit(client)
    assert blocked.status_code == 429
    assert "Terlalu banyak pengaduan" in blocked.content.decode()
    assert submit(client, address="10.0.0.2").status_code == 302
    assert Case.objects.count() == 3
    assert 0 < int(blocked["Retry-After"]) <= 2 * 3600


def test_tracking_shows_status_and_dates_only(client, regions, make_case, jatinom_operator):
    case = make_case(jatinom_operator, worker_nik="3505105203900001", complainant_phone="081299998888",
                     agency_name="PT Maju Jaya", description="Majikan memukul, nomor majikan 0852")
    services.add_entry(jatinom_operator, case, "note", "Catatan rahasia penangan")
    response = client.post(reverse("cases:public_track"), {"code": case.tracking_code, "last4": "8888"})
    body = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "Diterima" in body and case.tracking_code in body
    for secret in ("Sri Wahyuni", "Sutrisno", "3505105203900001", "081299998888", "PT Maju Jaya", "Majikan memukul",
                   "Catatan rahasia", "Operator Jatinom", "Jatinom"):
        assert secret not in body, secret


def test_wrong_pair_answers_exactly_like_an_unknown_code(client, regions, make_case, jatinom_operator):
    case = make_case(jatinom_operator, complainant_phone="081299998888")
    url = reverse("cases:public_track")
    wrong = client.post(url, {"code": case.tracking_code, "last4": "1111"}).content.decode()
    unknown = client.post(url, {"code": "ZZZZ-ZZZZ-ZZZZ", "last4": "1111"}).content.decode()

    def strip(html):
        # The only differences allowed: the code typed back into the form and the per-response CSRF mask.
        html = html.replace(case.tracking_code, "").replace("ZZZZ-ZZZZ-ZZZZ", "")
        return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', "", html)

    assert strip(wrong) == strip(unknown)
    assert "Pengaduan tidak ditemukan" in wrong


def test_tracking_shows_referred_after_referral(client, regions, make_case, jatinom_operator, bpjs):
    case = make_case(jatinom_operator, consent_share=True)
    services.refer_case(jatinom_operator, case, bpjs, request="Klaim JKM")
    body = client.post(reverse("cases:public_track"), {"code": case.tracking_code.lower().replace("-", ""),
                                                      "last4": "7890"}).content.decode()
    assert "Dirujuk" in body
    assert "BPJS" not in body


def test_public_attachment_with_hostile_name_is_stored_sanitised(client, regions):
    upload = SimpleUploadedFile("../../etc/<script>passwd.pdf", PDF, content_type="application/pdf")
    response = submit(client, attachments=upload)
    assert response.status_code == 302
    attachment = Case.objects.get().attachments.get()
    assert attachment.original_name == "script_passwd.pdf"


def test_public_form_with_executable_keeps_nothing(client, regions):
    upload = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = submit(client, attachments=upload)
    assert response.status_code == 200
    assert "bukan PDF, JPEG atau PNG" in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.parametrize("path", ["cases:public_form", "cases:public_track"])
def test_public_pages_need_no_login(client, regions, path):
    assert client.get(reverse(path)).status_code == 200
