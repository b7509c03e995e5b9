import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import services
from portal.models import Guide, JobInfo, Publication, Status
from tests.conftest import GOGODESO, JATINOM

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def published(jatinom_operator):
    pub = services.create(jatinom_operator, Publication(kind="news", region_id=JATINOM, title="Berita terbit",
                                                        body="<p>Isi berita terbit</p>"))
    return services.publish(jatinom_operator, pub)


@pytest.fixture
def draft(jatinom_operator):
    return services.create(jatinom_operator, Publication(kind="news", region_id=JATINOM, title="Berita draf rahasia",
                                                         body="<p>Belum boleh dibaca</p>"))


def test_body_is_sanitised(jatinom_operator):
    pub = services.create(jatinom_operator, Publication(
        region_id=JATINOM, title="x",
        body='<p onclick="x()">Halo <script>alert(1)</script><a href="javascript:alert(1)">a</a>'
             '<a href="https://infest.or.id">b</a></p><iframe src="//evil"></iframe>'))
    assert pub.body == ('<p>Halo <a rel="noopener noreferrer nofollow">a</a>'
                        '<a href="https://infest.or.id" rel="noopener noreferrer nofollow">b</a></p>')


def test_empty_body_after_sanitising_is_refused(jatinom_operator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        services.create(jatinom_operator, Publication(region_id=JATINOM, title="x", body="<script>x</script>"))
    assert list(err.value.message_dict) == ["body"]


def test_new_publication_is_a_draft_and_publishing_is_audited(draft, jatinom_operator):
    from audit.models import Action, AuditEntry

    assert (draft.status, draft.published_at) == (Status.DRAFT, None)
    services.publish(jatinom_operator, draft)
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    entry = AuditEntry.objects.get(action=Action.TRANSITION, object_id=str(draft.pk))
    assert entry.changes == {"status": ["draft", "published"]}


def test_withdraw_needs_a_reason_and_back_to_draft(published, jatinom_operator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.withdraw(jatinom_operator, published, "")
    services.withdraw(jatinom_operator, published, "Salah tulis")
    assert published.status == Status.WITHDRAWN
    services.back_to_draft(jatinom_operator, published)
    assert published.status == Status.DRAFT


def test_operator_cannot_publish_for_another_village(gogodeso_operator, draft):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.publish(gogodeso_operator, draft)


def test_public_pages_show_only_published_content(client, published, draft):
    for url in ("/publik/", "/publik/berita/", f"/publik/desa/{JATINOM}/", "/publik/rss/", "/publik/atom/",
                f"/publik/desa/{JATINOM}/rss/"):
        body = client.get(url).content.decode()
        assert "Berita terbit" in body, url
        assert "Berita draf rahasia" not in body, url
    assert client.get(f"/publik/berita/{published.pk}/").status_code == 200
    assert client.get(f"/publik/berita/{draft.pk}/").status_code == 404


def test_withdrawn_publication_disappears_from_public_pages(client, published, jatinom_operator):
    services.withdraw(jatinom_operator, published, "Dicabut")
    assert client.get(f"/publik/berita/{published.pk}/").status_code == 404
    assert "Berita terbit" not in client.get("/publik/rss/").content.decode()


def test_scheduled_publication_is_hidden_until_its_time(client, draft, jatinom_operator):
    from django.utils import timezone

    services.publish(jatinom_operator, draft, at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(f"/publik/berita/{draft.pk}/").status_code == 404


def test_village_page_shows_network_news_but_not_other_villages(client, blitar_officer, gogodeso_operator):
    net = services.create(blitar_officer, Publication(region_id="35.05", title="Buletin KOPI Blitar", body="<p>x</p>"))
    services.publish(blitar_officer, net)
    other = services.create(gogodeso_operator, Publication(region_id=GOGODESO, title="Kabar Gogodeso",
                                                           body="<p>x</p>"))
    services.publish(gogodeso_operator, other)
    body = client.get(f"/publik/desa/{JATINOM}/").content.decode()
    assert "Buletin KOPI Blitar" in body and "Kabar Gogodeso" not in body


def test_cover_of_a_draft_is_not_served_publicly(client, draft, jatinom_operator):
    services.attach_files(jatinom_operator, draft, cover=SimpleUploadedFile("c.png", PNG, content_type="image/png"))
    assert client.get(f"/publik/berita/{draft.pk}/sampul/").status_code == 404
    services.publish(jatinom_operator, draft)
    response = client.get(f"/publik/berita/{draft.pk}/sampul/")
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")


def test_pdf_pretending_to_be_a_cover_is_refused(draft, jatinom_operator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.attach_files(jatinom_operator, draft,
                              cover=SimpleUploadedFile("c.png", b"%PDF-1.4\n%%EOF", content_type="image/png"))


def test_village_page_shows_profile_from_other_apps(client, jatinom_operator, kopi_jatinom):
    from community import services as community
    from governance import services as gov

    community.add_member(jatinom_operator, kopi_jatinom, name="Suliyati", role="chair")
    reg = gov.create_regulation(jatinom_operator, kind="perdes", village_id=JATINOM, title="Pelindungan PMI")
    gov.create_budget_line(jatinom_operator, village_id=JATINOM, year=datetime.date.today().year,
                           title="Pendataan PMI", category="data", planned=5_000_000)
    body = client.get(f"/publik/desa/{JATINOM}/").content.decode()
    assert "KOPI Jatinom" in body and "Suliyati" in body and "081234567890" in body
    assert f"{reg.get_kind_display()}: Pelindungan PMI — <strong>Penyusunan draf</strong>" in body
    assert "Rp 5.000.000" in body


def test_job_shows_the_agency_licence_status(client, blitar_officer):
    from migrants.models import Agency

    today = datetime.date.today()
    Agency.objects.create(name="PT Resmi", licence_number="SIP-1", licence_valid_from=today.replace(year=2020),
                          licence_valid_until=today + datetime.timedelta(days=100))
    Agency.objects.create(name="PT Kedaluwarsa", licence_number="SIP-2", licence_valid_until=datetime.date(2020, 1, 1))
    for number in ("SIP-1", "SIP-2", "SIP-X"):
        job = services.create(blitar_officer, JobInfo(
            region_id="35.05", position=f"Pekerja {number}", country="TW", agency_name="PT", vacancies=1,
            agency_licence_number=number, source="Disnaker", received_on=today))
        services.publish(blitar_officer, job)
    body = client.get("/publik/lowongan/").content.decode()
    assert body.count("Izin berlaku") == 1 and body.count("Izin kedaluwarsa") == 1
    assert body.count("Tidak terdaftar") == 1
    agencies = client.get("/publik/p3mi/?q=resmi").content.decode()
    assert "PT Resmi" in agencies and "PT Kedaluwarsa" not in agencies


def test_guide_lists_forbidden_costs(client, blitar_officer):
    guide = services.create(blitar_officer, Guide(region_id="35.05", title="Migrasi aman", steps="Daftar di desa",
                                                  forbidden_costs="Tiket pesawat\nVisa kerja"))
    assert client.get(f"/publik/panduan/{guide.pk}/").status_code == 404
    services.publish(blitar_officer, guide)
    body = client.get(f"/publik/panduan/{guide.pk}/").content.decode()
    assert "<li>Tiket pesawat</li>" in body and "<li>Visa kerja</li>" in body


def test_landing_links_to_complaint_and_letter_verification_when_present(client, db):
    from django.urls import NoReverseMatch, reverse

    body = client.get("/publik/").content.decode()
    for name, testid in (("cases:public_form", "complaint-link"), ("services:verify_form", "verify-link")):
        try:
            url = reverse(name)
        except NoReverseMatch:
            assert testid not in body
        else:
            assert f'href="{url}" data-testid="{testid}"' in body


def test_editor_list_is_scoped(client_for, jatinom_operator, gogodeso_operator, draft):
    assert "Berita draf rahasia" in client_for(jatinom_operator).get("/publik/kelola/berita/").content.decode()
    other = client_for(gogodeso_operator)
    assert "Berita draf rahasia" not in other.get("/publik/kelola/berita/").content.decode()
    assert other.get(f"/publik/kelola/berita/{draft.pk}/").status_code == 404
    assert other.post(f"/publik/kelola/berita/{draft.pk}/status/", {"action": "publish"}).status_code == 404
