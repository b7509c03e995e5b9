"""The API refuses what the forms refuse, with 400 and the field named; settings refuse unsafe values."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from core.redirects import safe_next
from payung.settings import env_bool
from tests.conftest import JATINOM

PERSON = {"nik": "3505105705950001", "name": "Sri Wahyuni", "sex": "F", "birth_date": "1995-05-17",
          "village": JATINOM}


@pytest.fixture
def case(jatinom_operator):
    from cases import services

    return services.intake_case(jatinom_operator, village=JATINOM, category="unpaid_wages",
                                description="Gaji belum dibayar.", worker_name="Sri Wahyuni",
                                complainant_name="Sutrisno", complainant_phone="081234567890")


def test_a_timeline_entry_without_kind_is_a_400_naming_kind(api_client_for, jatinom_operator, case):
    response = api_client_for(jatinom_operator).post("/api/v1/case-timeline/", {"case": case.pk, "text": "Telepon"},
                                                     format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


def test_a_timeline_entry_of_a_workflow_kind_is_refused_as_in_the_form(api_client_for, jatinom_operator, case):
    response = api_client_for(jatinom_operator).post(
        "/api/v1/case-timeline/", {"case": case.pk, "kind": "status", "text": "Palsu"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


def test_patching_a_case_channel_is_a_400_naming_channel(api_client_for, jatinom_operator, case):
    response = api_client_for(jatinom_operator).patch(f"/api/v1/cases/{case.pk}/", {"channel": "phone"},
                                                      format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["channel"]
    case.refresh_from_db()
    assert case.channel == "in_person"


def test_a_description_longer_than_the_form_allows_is_refused(api_client_for, jatinom_operator):
    from cases.models import Case

    response = api_client_for(jatinom_operator).post("/api/v1/cases/", {
        "village": JATINOM, "category": "other", "description": "x" * 200_000, "worker_name": "Sri",
        "complainant_name": "Ibu"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["description"]
    assert Case.objects.count() == 0


def test_a_birth_date_in_the_future_is_refused_by_the_api_and_the_form(api_client_for, client_for,
                                                                       jatinom_operator):
    from people.forms import PersonForm
    from people.models import Person

    response = api_client_for(jatinom_operator).post("/api/v1/people/", {**PERSON, "birth_date": "2999-05-17"},
                                                     format="json")
    assert response.status_code == 400
    assert response.json() == {"birth_date": ["Tanggal lahir tidak boleh di masa depan. Periksa tahun lahir pada KTP."]}
    form = PersonForm(data={**PERSON, "birth_date": "2999-05-17"}, user=jatinom_operator)
    assert not form.is_valid()
    assert form.errors["birth_date"] == ["Tanggal lahir tidak boleh di masa depan. Periksa tahun lahir pada KTP."]
    assert Person.objects.count() == 0


def test_a_regency_is_found_by_its_dotted_code(client, regions):
    response = client.get("/api/v1/regions/35.05/")
    assert response.status_code == 200
    assert response.json()["code"] == "35.05"
    assert client.get("/api/v1/regions/35.05.10.2002/").json()["code"] == JATINOM


def test_every_api_operation_documents_its_400_403_and_404_answers():
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    missing = [
        f"{method.upper()} {path}: {code}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for code in ("400", "403", "404")
        if code not in operation["responses"]
    ]
    assert missing == []


# --- Settings and redirects ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "value"), [("true", True), ("On", True), ("1", True), ("YES", True),
                                            ("false", False), ("off", False), ("0", False), ("No", False),
                                            ("", False)])
def test_environment_booleans_accept_the_usual_words(monkeypatch, raw, value):
    monkeypatch.setenv("PAYUNG_TEST_FLAG", raw)
    assert env_bool("PAYUNG_TEST_FLAG") is value


def test_a_misspelt_environment_boolean_is_an_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv("PAYUNG_TEST_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match=r"PAYUNG_TEST_FLAG='ture' is not a boolean; use one of: "
                                                   r"true/false, 1/0, yes/no, on/off"):
        env_bool("PAYUNG_TEST_FLAG")


def test_debug_ture_stops_start_up():
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DEBUG": "ture"}
    result = subprocess.run([sys.executable, "manage.py", "check"], capture_output=True, text=True, env=env,
                            cwd=django_settings.BASE_DIR)
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


@pytest.mark.parametrize(("target", "expected"), [
    ("/komunitas/", "/komunitas/"),
    ("/kasus/?status=new", "/kasus/?status=new"),
    ("https://evil.example/", "/fallback/"),
    ("//evil.example/", "/fallback/"),
    ("http://testserver.evil.example/", "/fallback/"),
    ("javascript:alert(1)", "/fallback/"),
    ("", "/fallback/"),
])
def test_next_is_followed_only_within_this_site(target, expected):
    request = RequestFactory().post("/x/", {"next": target})
    assert safe_next(request, "/fallback/") == expected


def test_next_may_name_this_host_in_full():
    request = RequestFactory().get("/x/", {"next": "http://testserver/warga/"})
    assert safe_next(request, "/fallback/") == "http://testserver/warga/"


def test_the_api_docs_page_loads_its_script_as_a_file_under_the_policy(client, db):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "<script>" not in page.content.decode()
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
