"""New village letters the field needs (issue 16.6): marital status for the CPMI file, heirs of a deceased worker in
the order of Permenaker 4/2023 art. 57(4) pre-filled from a JKM claim, and a death certificate letter for
repatriation — F4, QR verified like the others."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CaseFactory, PlacementRowFactory
from village_services.models import LetterType, Service
from village_services.services import draft_letter, find_letter_by_code, heir_lines, values_from

from .conftest import domicile_values

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def types(jatinom_catalogue):
    return {t.code: t for t in LetterType.objects.filter(village=jatinom_catalogue)}


def test_the_default_catalogue_carries_the_three_letters_and_their_services(types, jatinom_catalogue):
    assert {"status-perkawinan", "ahli-waris", "kematian-pmi"} <= set(types)
    assert types["kematian-pmi"].states_placement == "deceased" and types["kematian-pmi"].page_size == "F4"
    assert set(Service.objects.filter(village=jatinom_catalogue, code__in=[
        "status-perkawinan", "ahli-waris", "kematian-pmi"]).values_list("letter_type__code", flat=True)) == {
        "status-perkawinan", "ahli-waris", "kematian-pmi"}


def test_heirs_are_listed_in_the_order_of_article_57():
    heirs = [("Sumarni", "in_law", "Ibu mertua"), ("Ahmad Basuki", "spouse_or_child", "Suami"),
             ("Sutrisno", "lineal", "Ayah"), ("Dewi", "spouse_or_child", "Anak")]
    assert heir_lines(heirs) == (
        "1. Ahmad Basuki (Suami, Janda, duda, atau anak)\n"
        "2. Dewi (Anak, Janda, duda, atau anak)\n"
        "3. Sutrisno (Ayah, Keturunan sedarah garis lurus ke atas/ke bawah sampai derajat kedua)\n"
        "4. Sumarni (Ibu mertua, Mertua)")


def test_marital_status_letter_is_filled_from_the_person(issue, types, person):
    person.marital_status = "married"
    person.save()
    values = values_from(person=person)
    assert values["status_perkawinan"] == "Kawin"
    letter = issue(types["status-perkawinan"], {**domicile_values(), **values, "pekerjaan": "Petani",
                                                "keperluan": "berkas calon PMI skema Perseorangan"})
    assert "pada tanggal surat ini berstatus Kawin." in letter.body
    assert letter.number == "474.2/001/SKSP/35.05.10.2002/2026"


@pytest.fixture
def deceased(person, jatinom_operator):
    placement = PlacementRowFactory(person=person, destination_country="TW", status="deceased")
    case = CaseFactory(actor=jatinom_operator, category="died_abroad", person=person, placement=placement,
                       worker_name=person.name)
    return placement, case


def test_heirs_letter_is_prefilled_from_the_jkm_claims_in_article_57_order(client_for, jatinom_operator, types,
                                                                          deceased):
    from cases.services import open_claim

    placement, case = deceased
    open_claim(jatinom_operator, case, "jkm_scholarship", heir_name="Dewi", heir_rank="spouse_or_child",
               heir_relation="Anak", incident_date=datetime.date(2026, 1, 10))
    claim = open_claim(jatinom_operator, case, "jkm_death", heir_name="Sutrisno", heir_rank="lineal",
                       heir_relation="Ayah", incident_date=datetime.date(2026, 1, 10))
    values = values_from(person=case.person, placement=placement, claim=claim)
    assert values["daftar_ahli_waris"] == ("1. Dewi (Anak, Janda, duda, atau anak)\n2. Sutrisno (Ayah, Keturunan "
                                           "sedarah garis lurus ke atas/ke bawah sampai derajat kedua)")
    assert values["tanggal_meninggal"] == "10 Januari 2026" and values["nama"] == "Siti Aminah"
    page = client_for(jatinom_operator).get(f"/layanan/surat/terbitkan/{types['ahli-waris'].pk}/",
                                            {"klaim": claim.pk})
    assert page.status_code == 200
    assert "1. Dewi (Anak, Janda, duda, atau anak)" in page.content.decode()
    case_page = client_for(jatinom_operator).get(f"/kasus/{case.pk}/").content.decode()
    assert f"/layanan/surat/terbitkan/{types['ahli-waris'].pk}/?klaim={claim.pk}" in case_page


def test_death_letter_only_for_a_placement_recorded_as_deceased(issue, jatinom_operator, types, person, deceased):
    placement, _case = deceased
    working = PlacementRowFactory(person=person, destination_country="TW", status="working")
    values = {**domicile_values(), "tujuan": "Taiwan", "tanggal_meninggal": "10 Januari 2026",
              "tempat_meninggal": "Taichung, Taiwan", "sebab_meninggal": "sakit", "nama_pelapor": "Sutrisno",
              "hubungan_pelapor": "Ayah", "keperluan": "pemulangan jenazah melalui KemenP2MI"}
    with pytest.raises(ValidationError) as exc:
        draft_letter(jatinom_operator, types["kematian-pmi"], values, person=person, placement=working)
    assert 'berstatus "Meninggal dunia", tetapi penempatannya kini berstatus "Bekerja"' in str(exc.value)
    letter = issue(types["kematian-pmi"], values, person=person, placement=placement)
    assert letter.number == "474.3/001/SKK/35.05.10.2002/2026"
    assert "telah meninggal dunia pada tanggal 10 Januari 2026 di Taichung, Taiwan, karena sakit." in letter.body
    assert find_letter_by_code(letter.verification_code) == letter


def test_the_new_letters_print_on_one_f4_page_with_the_qr(issue, types, person, deceased):
    from weasyprint import HTML

    from village_services.pdf import letter_html

    values = {**domicile_values(), "tanggal_meninggal": "10 Januari 2026", "tempat_meninggal": "Taichung, Taiwan",
              "daftar_ahli_waris": "1. Dewi (Anak, Janda, duda, atau anak)",
              "keperluan": "pengajuan manfaat JKM"}
    letter = issue(types["ahli-waris"], values)
    html = letter_html(letter)
    assert "Kode verifikasi" in html and "data:image/svg+xml" in html
    pages = HTML(string=html).render().pages
    assert [(round(p.width * 25.4 / 96), round(p.height * 25.4 / 96)) for p in pages] == [(215, 330)]
