"""The shared list pieces (core.filters, core/_pager.html): paging keeps the query, bad filters are a 400 with
the filter named, the export's audit entry names the FilterSet's filter, choices follow the permission rule."""

import csv
import io

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from accounts import demo as accounts_demo
from accounts.models import User
from audit.models import Action, AuditEntry
from cases.filters import CaseFilter
from core.filters import visible_villages
from tests.conftest import GOGODESO, JATINOM


def test_the_pager_keeps_every_other_query_parameter_in_its_links():
    request = RequestFactory().get("/warga/", {"q": "Sri", "sex": "F", "page": "2"})
    html = render_to_string("core/_pager.html", {"page": Paginator(range(80), 25).get_page(2)}, request=request)
    assert 'href="?q=Sri&amp;sex=F&amp;page=1"' in html
    assert 'href="?q=Sri&amp;sex=F&amp;page=3"' in html
    assert 'href="?q=Sri&amp;sex=F&amp;page=4"' in html  # the last page
    assert "2 / 4" in html
    assert "<script" not in html


def test_a_single_page_has_no_pager():
    request = RequestFactory().get("/warga/")
    assert render_to_string("core/_pager.html", {"page": Paginator(range(3), 25).get_page(1)},
                            request=request).strip() == ""


def test_a_bad_filter_is_a_400_naming_the_filter_on_the_page_the_export_and_the_api(
        make_person, jatinom_operator, client_for, api_client_for):
    make_person()
    client = client_for(jatinom_operator)
    page = client.get("/warga/", {"sex": "X"})
    assert page.status_code == 400
    assert ("Saringan tidak valid — Jenis kelamin: Masukkan pilihan yang valid. X bukan salah satu dari pilihan yang "
            "tersedia.") in page.content.decode()
    assert list(page.context["page"]) == []  # never the unfiltered list

    export = client.get("/warga/", {"sex": "X", "export": "csv"})
    assert export.status_code == 400
    assert export["Content-Type"] == "text/plain; charset=utf-8"
    assert export.content.decode().startswith("Saringan tidak valid — Jenis kelamin:")
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()

    api = api_client_for(jatinom_operator).get("/api/v1/people/", {"sex": "X"})
    assert api.status_code == 400
    assert list(api.json()) == ["sex"]


def test_a_malformed_region_code_is_a_400_not_a_500(jatinom_operator, client_for, api_client_for):
    assert client_for(jatinom_operator).get("/warga/", {"region": "35;DROP"}).status_code == 400
    response = api_client_for(jatinom_operator).get("/api/v1/people/", {"region": "abc"})
    assert response.status_code == 400
    assert response.json() == {"region": ["Kode wilayah ditulis seperti 35.05 atau 35.05.10.2002."]}


def test_the_export_audit_entry_names_the_filter_the_filterset_applied(make_person, jatinom_operator, client_for):
    make_person(sex="F")
    make_person(sex="M")
    response = client_for(jatinom_operator).get("/warga/", {"sex": "F", "q": "", "page": "3", "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.note == "Daftar warga — 1 baris (CSV); saringan: sex=F"


def _request_of(user):
    request = RequestFactory().get("/kasus/")
    request.user = user
    return request


def test_a_kopi_volunteer_is_offered_no_national_officer_or_administrator_as_case_handler(regions):
    accounts_demo.load(None)
    volunteer = User.objects.get(username="relawan.kopi")
    names = {u.full_name for u in CaseFilter(request=_request_of(volunteer)).form.fields["handler"].queryset}
    assert "Petugas KP2MI" not in names
    assert "Administrator Payung" not in names
    # The case workers of the volunteer's villages and the officers above them are offered.
    assert {"Operator Desa Jatinom", "Operator Desa Gogodeso", "Operator Desa Pandanarum",
            "Petugas Disnaker Kab. Blitar", "Petugas Provinsi Jawa Timur", "Siti Aminah (KOPI)"} <= names
    assert "Operator Desa Sumberagung" not in names  # a village that is not the volunteer's

    national = User.objects.get(username="petugas.nasional")
    national_names = {u.full_name for u in CaseFilter(request=_request_of(national)).form.fields["handler"].queryset}
    assert {"Petugas KP2MI", "Administrator Payung", "Operator Desa Sumberagung"} <= national_names


def test_village_choices_are_the_users_own_villages(jatinom_operator, gogodeso_operator):
    assert [r.code for r in visible_villages(_request_of(jatinom_operator))] == [JATINOM]
    assert [r.code for r in visible_villages(_request_of(gogodeso_operator))] == [GOGODESO]
    assert list(visible_villages(None)) == []


def test_assign_handler_choices_on_a_case_follow_the_rule_too(regions, client_for):
    from tests.factories import CaseFactory

    accounts_demo.load(None)
    volunteer = User.objects.get(username="relawan.kopi")
    case = CaseFactory(actor=volunteer, village=JATINOM, category="unpaid_wages")
    response = client_for(volunteer).get(f"/kasus/{case.pk}/")
    names = {u.full_name for u in response.context["assign_form"].fields["handler"].queryset}
    assert "Petugas KP2MI" not in names and "Administrator Payung" not in names
    assert "Operator Desa Jatinom" in names
    assert "Operator Desa Gogodeso" not in names  # does not cover a Jatinom case
