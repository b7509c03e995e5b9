"""What every signed-in page needs — the user, their memberships, their menu — is kept in the shared cache
(accounts.usercache, core.navcache) and read with no statement on those tables, yet a change to any of them
shows on the very next request: a role granted or taken away, a user deactivated, a password changed, a new
complaint or notification counted in the menu, every session ended by logging out everywhere."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, Role
from tests.conftest import GOGODESO, JATINOM


def statements_on(client, url, *tables):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return [q["sql"] for q in ctx.captured_queries if any(f'"{t}"' in q["sql"] for t in tables)]


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_signed_in_page_reads_no_user_membership_or_menu_rows_once_kept(client, jatinom_operator):
    signed_in(client, jatinom_operator)
    client.get(f"/laporan/dasbor/{JATINOM}/")
    assert statements_on(client, f"/laporan/dasbor/{JATINOM}/", "accounts_user", "accounts_membership",
                         "cases_notification", "cases_case") == []


def test_a_role_granted_on_another_node_counts_on_the_next_request(client, regions, make_user):
    user = make_user("relawan.baru", (Role.COMMUNITY_VOLUNTEER, GOGODESO))
    signed_in(client, user)
    assert client.get(f"/laporan/dasbor/{JATINOM}/").status_code == 404
    Membership.objects.create(user=user, role=Role.VILLAGE_OPERATOR, region_id=JATINOM)
    assert client.get(f"/laporan/dasbor/{JATINOM}/").status_code == 200


def test_a_role_taken_away_stops_counting_on_the_next_request(client, jatinom_operator):
    signed_in(client, jatinom_operator)
    assert client.get(f"/laporan/dasbor/{JATINOM}/").status_code == 200
    membership = jatinom_operator.memberships.get()
    membership.is_active = False
    membership.save()
    assert client.get(f"/laporan/dasbor/{JATINOM}/").status_code == 404
    assert "Operator desa" not in client.get("/").content.decode()


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, jatinom_operator):
    signed_in(client, jatinom_operator)
    assert client.get("/").status_code == 200
    jatinom_operator.is_active = False
    jatinom_operator.save()
    assert client.get("/").status_code == 302


def test_a_password_changed_elsewhere_ends_this_session(client, jatinom_operator):
    from accounts.models import User

    signed_in(client, jatinom_operator)
    assert client.get("/").status_code == 200
    elsewhere = User.objects.get(pk=jatinom_operator.pk)
    elsewhere.set_password("Kata-Sandi-Baru-2026")
    elsewhere.save()
    assert client.get("/").status_code == 302


def test_the_menu_counts_a_new_notification_on_the_next_request(client, jatinom_operator):
    from cases.models import Notification

    signed_in(client, jatinom_operator)
    assert "Pemberitahuan (1)" not in client.get("/").content.decode()
    Notification.objects.create(user=jatinom_operator, message="Kasus baru")
    assert "Pemberitahuan (1)" in client.get("/").content.decode()


def test_each_language_keeps_its_own_menu(client, jatinom_operator):
    signed_in(client, jatinom_operator)
    assert "Warga" in client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    assert ">Residents<" in english and ">Warga<" not in english


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.db",
                                    "django.contrib.sessions.backends.cached_db"])
def test_logging_out_everywhere_ends_sessions_kept_in_the_cache_too(client, jatinom_operator, engine):
    from django.test import Client

    with override_settings(SESSION_ENGINE=engine):
        other = signed_in(Client(), jatinom_operator)
        signed_in(client, jatinom_operator)
        assert other.get("/").status_code == 200
        client.post("/akun/keluar-semua/")
        assert other.get("/").status_code == 302


def test_the_kept_user_holds_no_password_hash_and_loads_it_only_for_a_password_check(client, jatinom_operator):
    import pickle

    from django.core.cache import cache

    from accounts.models import User
    from accounts.usercache import load_user
    from tests.factories import PASSWORD

    signed_in(client, jatinom_operator)
    assert client.get("/").status_code == 200
    raw = pickle.dumps(cache.get(f"accounts:user:{jatinom_operator.pk}"))
    assert jatinom_operator.password.encode() not in raw
    kept = load_user(jatinom_operator.pk)
    assert "password" not in kept.__dict__
    assert kept.get_session_auth_hash() == jatinom_operator.get_session_auth_hash()
    kept.full_name = "Nama Baru"
    kept.save()  # a save of the kept copy leaves the stored password alone
    stored = User.objects.get(pk=kept.pk)
    assert (stored.full_name, stored.password) == ("Nama Baru", jatinom_operator.password)
    assert load_user(jatinom_operator.pk).check_password(PASSWORD) is True
