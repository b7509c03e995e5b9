"""Onboarding screens (issue 22.1): scoped (another regency's village is a 404, a role without the right a 403),
bad input a 400 naming the field with nothing written, the sign-in sheet's code shown once and usable once."""

import re

from django.core import mail

from accounts.models import Invitation, Membership, Role, User
from tests.conftest import JATINOM
from village_services import defaults
from village_services.models import Letterhead, Service

NEW_PASSWORD = "Payung-Pertama-2026"


def _invite_by_sheet(client, village, name="Sri Wahyuni", role=Role.VILLAGE_OPERATOR):
    answer = client.post(f"/kelola/desa/{village.code}/undang/",
                         {"full_name": name, "role": role, "channel": "sheet"})
    assert answer.status_code == 200
    code = re.search(r'data-testid="sheet-code">([A-Z0-9-]+)<', answer.content.decode()).group(1)
    return answer, code


def test_district_officer_adds_a_village_from_a_payung_screen(client_for, blitar_officer, kanigoro_village):
    client = client_for(blitar_officer)
    assert client.get("/kelola/desa/tambah/").status_code == 200
    answer = client.post("/kelola/desa/tambah/", {"village": kanigoro_village.code, "address": "Jl. Kanigoro 1"})
    assert answer.status_code == 302 and answer["Location"] == f"/kelola/desa/{kanigoro_village.code}/"
    assert Service.objects.filter(village=kanigoro_village).count() == len(defaults.SERVICES)
    assert Letterhead.objects.get(village=kanigoro_village).address == "Jl. Kanigoro 1"
    page = client.get(answer["Location"])
    assert f"Katalog layanan: {len(defaults.SERVICES)} layanan".encode() in page.content


def test_a_village_of_another_regency_is_not_found_for_the_district_officer(client_for, blitar_officer,
                                                                           kediri_village):
    client = client_for(blitar_officer)
    for url in (f"/kelola/desa/{kediri_village.code}/", f"/kelola/desa/{kediri_village.code}/undang/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/kelola/desa/{kediri_village.code}/undang/",
                       {"full_name": "X", "role": Role.VILLAGE_OPERATOR, "channel": "sheet"}).status_code == 404
    assert client.post(f"/kelola/desa/{kediri_village.code}/lembar-masuk/").status_code == 404
    # Typed into the add form, it is an unknown village (400 on the field), and nothing is copied.
    answer = client.post("/kelola/desa/tambah/", {"village": kediri_village.code})
    assert answer.status_code == 400
    assert b'data-testid="error-village"' in answer.content
    assert Service.objects.filter(village=kediri_village).count() == 0
    assert not User.objects.filter(full_name="X").exists()


def test_a_village_operator_may_not_onboard(client_for, jatinom_operator):
    client = client_for(jatinom_operator)
    assert client.get("/kelola/desa/").status_code == 403
    assert client.get("/kelola/desa/tambah/").status_code == 403
    assert client.get(f"/kelola/desa/{JATINOM}/").status_code == 403
    assert client.get(f"/kelola/desa/{JATINOM}/undang/").status_code == 403


def test_the_menu_offers_onboarding_to_district_officers_only(client_for, blitar_officer, jatinom_operator):
    assert b'href="/kelola/desa/"' in client_for(blitar_officer).get("/").content
    assert b'href="/kelola/desa/"' not in client_for(jatinom_operator).get("/").content


def test_the_village_list_shows_villages_with_users_in_the_regency(client_for, blitar_officer, jatinom_operator,
                                                                   make_user, kediri_village):
    make_user("op.kediri", (Role.VILLAGE_OPERATOR, kediri_village.code))
    page = client_for(blitar_officer).get("/kelola/desa/")
    assert page.status_code == 200
    assert page.content.count(b'data-testid="village-row"') == 1
    assert f"/kelola/desa/{JATINOM}/".encode() in page.content
    assert client_for(blitar_officer).get("/kelola/desa/?region=35.0x").status_code == 400


def test_an_empty_invitation_is_refused_naming_each_field(client_for, blitar_officer, kanigoro_village):
    users = User.objects.count()
    answer = client_for(blitar_officer).post(f"/kelola/desa/{kanigoro_village.code}/undang/", {})
    assert answer.status_code == 400
    for field in ("full_name", "role", "channel"):
        assert f'data-testid="error-{field}"'.encode() in answer.content
    assert User.objects.count() == users


def test_an_email_invitation_without_an_address_is_refused_on_the_email_field(client_for, blitar_officer,
                                                                              kanigoro_village):
    answer = client_for(blitar_officer).post(f"/kelola/desa/{kanigoro_village.code}/undang/", {
        "full_name": "Sri", "role": Role.VILLAGE_OPERATOR, "channel": "email"})
    assert answer.status_code == 400
    assert b'data-testid="error-email"' in answer.content
    assert not User.objects.filter(full_name="Sri").exists()


def test_the_district_officer_is_offered_village_roles_only(client_for, blitar_officer, kanigoro_village):
    page = client_for(blitar_officer).get(f"/kelola/desa/{kanigoro_village.code}/undang/").content.decode()
    offered = set(re.findall(r'<option value="(\w+)"', page))
    assert offered == {"village_operator", "village_secretary", "village_head", "community_volunteer",
                       "ngo_facilitator"}


def test_a_printed_sheet_lets_the_user_choose_a_password_once(client, client_for, blitar_officer,
                                                              kanigoro_village):
    answer, code = _invite_by_sheet(client_for(blitar_officer), kanigoro_village)
    assert "no-store" in answer["Cache-Control"]
    user = User.objects.get(full_name="Sri Wahyuni")
    assert f'data-testid="sheet-username">{user.username}<'.encode() in answer.content
    client.logout()
    # The user types the code (small letters and spaces are fine), then chooses the password.
    typed = client.post("/kelola/aktivasi/", {"code": code.lower().replace("-", " ")})
    assert typed.status_code == 302 and typed["Location"] == "/kelola/aktivasi/kata-sandi/"
    weak = client.post("/kelola/aktivasi/kata-sandi/", {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 400 and b'data-testid="error-new_password2"' in weak.content
    done = client.post("/kelola/aktivasi/kata-sandi/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/akun/masuk/"
    signed_in = client.post("/akun/masuk/", {"username": user.username, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    client.logout()
    again = client.post("/kelola/aktivasi/", {"code": code})
    assert again.status_code == 400 and b'data-testid="error-code"' in again.content


def test_an_email_link_takes_the_key_out_of_the_address(client, client_for, blitar_officer, kanigoro_village):
    client_for(blitar_officer).post(f"/kelola/desa/{kanigoro_village.code}/undang/", {
        "full_name": "Sri", "role": Role.VILLAGE_OPERATOR, "channel": "email", "email": "sri@desa.example"})
    link = re.search(r"/kelola/aktivasi/([A-Z0-9]+)/", mail.outbox[0].body).group(0)
    client.logout()
    answer = client.get(link)
    assert answer.status_code == 302 and answer["Location"] == "/kelola/aktivasi/kata-sandi/"
    assert client.get("/kelola/aktivasi/kata-sandi/").status_code == 200


def test_an_unknown_link_says_the_invitation_is_not_valid(client, db):
    answer = client.get("/kelola/aktivasi/ABCDEFGHJKMNPQRSTUVWXYZ234567892/")
    assert answer.status_code == 404
    assert "Undangan tidak berlaku" in answer.content.decode()
    assert client.get("/kelola/aktivasi/kata-sandi/").status_code == 404


def test_guessing_codes_is_throttled(client, regions):
    for _ in range(10):
        assert client.post("/kelola/aktivasi/", {"code": "AAAA-BBBB-CCCC"}).status_code == 400
    assert client.post("/kelola/aktivasi/", {"code": "AAAA-BBBB-CCCC"}).status_code == 429


def test_sheets_for_everyone_who_never_signed_in(client_for, blitar_officer, kanigoro_village):
    client = client_for(blitar_officer)
    _invite_by_sheet(client, kanigoro_village, "Sri Wahyuni")
    _invite_by_sheet(client, kanigoro_village, "Budi Santoso", Role.VILLAGE_HEAD)
    answer = client.post(f"/kelola/desa/{kanigoro_village.code}/lembar-masuk/")
    assert answer.status_code == 200
    assert answer.content.count(b'data-testid="sheet"') == 2
    assert Invitation.objects.filter(used_at__isnull=True, revoked_at__isnull=True).count() == 2


def test_deactivating_a_user_from_their_page(client_for, blitar_officer, jatinom_operator):
    client = client_for(blitar_officer)
    assert client.get(f"/kelola/pengguna/{jatinom_operator.pk}/").status_code == 200
    answer = client.post(f"/kelola/pengguna/{jatinom_operator.pk}/nonaktifkan/")
    assert answer.status_code == 302
    jatinom_operator.refresh_from_db()
    assert jatinom_operator.is_active is False


def test_a_user_outside_the_regency_is_not_found_and_one_also_working_elsewhere_is_forbidden(
        client_for, blitar_officer, national_officer, make_user, kediri):
    client = client_for(blitar_officer)
    assert client.post(f"/kelola/pengguna/{national_officer.pk}/nonaktifkan/").status_code == 404
    shared = make_user("fasilitator.dua", (Role.NGO_FACILITATOR, JATINOM), (Role.NGO_FACILITATOR, "35.06"))
    assert client.get(f"/kelola/pengguna/{shared.pk}/").status_code == 403
    assert client.post(f"/kelola/pengguna/{shared.pk}/nonaktifkan/").status_code == 403
    shared.refresh_from_db()
    assert shared.is_active is True


def test_giving_and_taking_away_a_role(client_for, blitar_officer, jatinom_operator):
    client = client_for(blitar_officer)
    answer = client.post(f"/kelola/pengguna/{jatinom_operator.pk}/peran/",
                         {"role": Role.COMMUNITY_VOLUNTEER, "region": "35.05.10"})
    assert answer.status_code == 302
    membership = Membership.objects.get(user=jatinom_operator, role=Role.COMMUNITY_VOLUNTEER)
    assert membership.region_id == "35.05.10"
    wrong_level = client.post(f"/kelola/pengguna/{jatinom_operator.pk}/peran/",
                              {"role": Role.VILLAGE_OPERATOR, "region": "35.05.10"})
    assert wrong_level.status_code == 400 and b'data-testid="error-region"' in wrong_level.content
    officer = client.post(f"/kelola/pengguna/{jatinom_operator.pk}/peran/",
                          {"role": Role.DISTRICT_OFFICER, "region": "35.05"})
    assert officer.status_code == 400 and b'data-testid="error-role"' in officer.content  # not offered
    assert client.post(f"/kelola/peran/{membership.pk}/cabut/").status_code == 302
    membership.refresh_from_db()
    assert membership.is_active is False


# --- The Django admin: system administrators only, Payung's names in Indonesian -----------------------------

def test_the_django_admin_refuses_a_staff_account_that_is_not_a_system_administrator(client_for, blitar_officer):
    blitar_officer.is_staff = True
    blitar_officer.save()
    answer = client_for(blitar_officer).get("/admin/")
    assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/")


def test_the_django_admin_opens_for_a_staff_system_administrator(client_for, system_admin):
    system_admin.is_staff = True
    system_admin.save()
    assert client_for(system_admin).get("/admin/").status_code == 200


def test_the_django_admin_names_payung_sections_and_models_in_indonesian(admin_client, regions):
    page = admin_client.get("/admin/").content.decode()
    for name in ("Pengguna", "Warga", "Pemberdayaan", "Komunitas", "Tata kelola desa",
                 "Portal publik", "Laporan dan indikator", "Undangan pengguna", "Administrasi sistem Payung"):
        assert name in page, name
    for english in ("Empowerment", "Governance", "People", "Community", "Reports", "Django administration"):
        assert english not in page, english


def test_every_payung_app_and_admin_model_has_its_own_indonesian_name():
    from django.apps import apps
    from django.contrib import admin
    from django.utils.text import camel_case_to_spaces

    from tests.test_app_layers import LEVEL

    payung = [c for c in apps.get_app_configs() if c.name in LEVEL]
    assert len(payung) == len(LEVEL)
    assert [c.name for c in payung if str(c.verbose_name) == c.label.title()] == []
    unnamed = [m._meta.label for m in admin.site._registry if m._meta.app_config in payung
               and str(m._meta.verbose_name) == camel_case_to_spaces(m.__name__)]
    assert unnamed == []
