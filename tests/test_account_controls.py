"""Issue 13 point 7: accounts a user controls — password change, expiring revocable API tokens, logging out
everywhere, and the forced change of an administrator-set password."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from accounts.services import issue_token

PASSWORD = "Rahasia-Uji-123"
NEW_PASSWORD = "Payung-Baru-2026"


def token_client(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def logged_in(user, password=PASSWORD):
    client = Client()
    assert client.post("/akun/masuk/", {"username": user.username, "password": password}).status_code == 302
    return client


# --- Password change ------------------------------------------------------------------------------------

def test_user_menu_links_to_password_change_and_tokens(client_for, jatinom_operator):
    body = client_for(jatinom_operator).get("/", follow=True).content.decode()
    assert 'href="/akun/kata-sandi/"' in body and 'href="/akun/token/"' in body


def test_password_change_page_speaks_indonesian(client_for, jatinom_operator):
    body = client_for(jatinom_operator).get("/akun/kata-sandi/").content.decode()
    assert "Ganti kata sandi" in body and "Kata sandi lama" in body and "Ulangi kata sandi baru" in body


def test_wrong_old_password_is_refused_with_an_indonesian_message(client_for, jatinom_operator):
    response = client_for(jatinom_operator).post("/akun/kata-sandi/", {
        "old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert "Kata sandi lama salah." in response.content.decode()
    jatinom_operator.refresh_from_db()
    assert jatinom_operator.check_password(PASSWORD)


def test_password_change_keeps_this_session_ends_the_others_and_revokes_tokens(jatinom_operator):
    here, elsewhere = logged_in(jatinom_operator), logged_in(jatinom_operator)
    _token, key = issue_token(jatinom_operator, "Integrasi")
    response = here.post("/akun/kata-sandi/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    jatinom_operator.refresh_from_db()
    assert jatinom_operator.check_password(NEW_PASSWORD)
    assert here.get("/akun/token/").status_code == 200
    assert elsewhere.get("/akun/token/").status_code == 302  # sent to the login page
    assert ApiToken.objects.filter(user=jatinom_operator).count() == 0
    assert token_client(key).get("/api/v1/people/").status_code == 401


# --- API tokens -------------------------------------------------------------------------------------------

def test_token_created_on_the_accounts_page_is_shown_once_and_stored_only_as_a_hash(client_for, jatinom_operator):
    client = client_for(jatinom_operator)
    response = client.post("/akun/token/", {"name": "Aplikasi desa"})
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    body = response.content.decode()
    key = body.split('data-testid="new-token">')[1].split("<")[0]
    token = ApiToken.objects.get(user=jatinom_operator)
    assert token.name == "Aplikasi desa" and token.prefix == key[:8] and key not in token.key_hash
    assert key not in client.get("/akun/token/").content.decode()
    assert token_client(key).get("/api/v1/people/").status_code == 200


def test_token_without_a_name_is_refused_with_the_field_named(client_for, jatinom_operator):
    response = client_for(jatinom_operator).post("/akun/token/", {"name": "  "})
    assert response.status_code == 400
    assert "Isi nama token, misalnya &quot;Sinkronisasi aplikasi desa&quot;." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_lives_api_token_ttl_days_and_an_expired_one_gets_401_in_indonesian(jatinom_operator, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    token, key = issue_token(jatinom_operator, "Integrasi")
    assert abs((token.expires_at - timezone.now()) - timedelta(days=30)) < timedelta(minutes=1)
    assert token_client(key).get("/api/v1/people/").status_code == 200
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    response = token_client(key).get("/api/v1/people/")
    assert response.status_code == 401
    assert response.json()["detail"] == ("Token API ini sudah kedaluwarsa. Buat token baru di halaman Token API "
                                         "(menu akun Anda).")


def test_unknown_token_gets_401_in_indonesian(regions):
    response = token_client("bukan-token-yang-ada").get("/api/v1/people/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Token API tidak dikenal atau sudah dicabut."


def test_user_lists_and_revokes_own_tokens_but_not_someone_elses(client_for, jatinom_operator, gogodeso_operator):
    mine, key = issue_token(jatinom_operator, "Punya saya")
    theirs, their_key = issue_token(gogodeso_operator, "Punya orang lain")
    client = client_for(jatinom_operator)
    body = client.get("/akun/token/").content.decode()
    assert "Punya saya" in body and "Punya orang lain" not in body
    assert client.post(f"/akun/token/{theirs.pk}/cabut/").status_code == 404
    assert client.post(f"/akun/token/{mine.pk}/cabut/").status_code == 302
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["Punya orang lain"]
    assert token_client(key).get("/api/v1/people/").status_code == 401
    assert token_client(their_key).get("/api/v1/people/").status_code == 200


def test_a_user_holds_several_named_tokens(jatinom_operator):
    issue_token(jatinom_operator, "A")
    issue_token(jatinom_operator, "B")
    assert sorted(jatinom_operator.api_tokens.values_list("name", flat=True)) == ["A", "B"]


def test_logout_everywhere_ends_every_session_and_revokes_every_token(jatinom_operator, gogodeso_operator):
    here, elsewhere = logged_in(jatinom_operator), logged_in(jatinom_operator)
    other_user = logged_in(gogodeso_operator)
    _t, key = issue_token(jatinom_operator, "Integrasi")
    response = here.post("/akun/keluar-semua/")
    assert response.status_code == 302 and response["Location"] == "/akun/masuk/"
    assert here.get("/akun/token/").status_code == 302
    assert elsewhere.get("/akun/token/").status_code == 302
    assert other_user.get("/akun/token/").status_code == 200
    assert token_client(key).get("/api/v1/people/").status_code == 401
    assert Session.objects.count() == 1  # the other user's


# --- Administrator-set passwords ---------------------------------------------------------------------------

def test_existing_users_need_not_change_their_password(jatinom_operator):
    assert jatinom_operator.must_change_password is False


def test_admin_created_user_must_change_password_first(admin_client, regions):
    response = admin_client.post("/admin/accounts/user/add/", {
        "username": "baru", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="baru").must_change_password is True


def test_admin_set_password_forces_a_change_and_revokes_tokens(admin_client, jatinom_operator):
    issue_token(jatinom_operator, "Integrasi")
    response = admin_client.post(f"/admin/accounts/user/{jatinom_operator.pk}/password/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    jatinom_operator.refresh_from_db()
    assert jatinom_operator.must_change_password is True and jatinom_operator.check_password(NEW_PASSWORD)
    assert not ApiToken.objects.filter(user=jatinom_operator).exists()


def test_user_with_admin_set_password_is_sent_to_change_it_until_they_do(jatinom_operator):
    jatinom_operator.must_change_password = True
    jatinom_operator.save()
    client = logged_in(jatinom_operator)
    assert client.get("/warga/")["Location"] == "/akun/kata-sandi/"
    assert client.get("/akun/token/")["Location"] == "/akun/kata-sandi/"
    api = client.get("/api/v1/people/")
    assert api.status_code == 403 and "Ganti kata sandi Anda dulu" in api.json()["detail"]
    page = client.get("/akun/kata-sandi/")
    assert page.status_code == 200 and 'data-testid="must-change"' in page.content.decode()

    client.post("/akun/kata-sandi/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    jatinom_operator.refresh_from_db()
    assert jatinom_operator.must_change_password is False
    assert client.get("/warga/").status_code == 200


def test_user_who_must_change_password_may_still_log_out(jatinom_operator):
    jatinom_operator.must_change_password = True
    jatinom_operator.save()
    client = logged_in(jatinom_operator)
    assert client.post("/akun/keluar/")["Location"] == "/akun/masuk/"
