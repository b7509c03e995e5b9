import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher

from accounts.models import Membership, Role

from .conftest import JATINOM


def test_passwords_are_hashed_with_argon2(jatinom_operator):
    assert identify_hasher(jatinom_operator.password).algorithm == "argon2"


def test_repeated_failed_logins_lock_the_account_out(client, jatinom_operator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/akun/masuk/", {"username": "op.jatinom", "password": "salah"})
    response = client.post("/akun/masuk/", {"username": "op.jatinom", "password": "Rahasia-Uji-123"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()


def test_bad_login_shows_indonesian_message_and_no_session(client, jatinom_operator):
    response = client.post("/akun/masuk/", {"username": "op.jatinom", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_lands_on_home_with_scope(client, jatinom_operator):
    response = client.post("/akun/masuk/", {"username": "op.jatinom", "password": "Rahasia-Uji-123"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Jatinom" in body and JATINOM in body


def test_anonymous_visitor_at_root_goes_to_the_public_portal(client, regions):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/publik/"


def test_membership_without_region_is_refused_for_village_roles(jatinom_operator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="wajib memilih wilayah"):
        Membership(user=jatinom_operator, role=Role.VILLAGE_OPERATOR, region=None).full_clean()


def test_deploy_check_is_clean_under_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 30 + "-production-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "payung.example.id",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
        "FIELD_ENCRYPTION_KEYS": "Q0c8ZqfLk8P8hQfXG3qW0oG2o9j2mJ7u8m1bJ6tq3xE=",
        "FIELD_HASH_KEY": "production-hash-key-kept-apart",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            capture_output=True, text=True, env=env, cwd=settings.BASE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
