import datetime

from migrants import risk, services
from migrants.models import Agency, DocumentKind, Recruiter


def codes(placement):
    placement.refresh_from_db()
    return [f.code for f in risk.evaluate(placement)]


def test_a_new_placement_gets_the_full_checklist_and_document_flags(make_placement):
    placement = make_placement()
    assert placement.documents.count() == 12
    assert codes(placement) == ["document_missing", "no_social_security"]
    assert placement.flags == ["document_missing", "no_social_security"]


def test_a_complete_lawful_placement_has_no_flags(make_placement, complete_documents):
    placement = complete_documents(make_placement())
    assert codes(placement) == []
    assert placement.flag_codes == ""


def test_a_person_under_18_on_the_departure_date_is_flagged(make_person, make_placement, complete_documents):
    person = make_person(birth=datetime.date(2008, 6, 1))
    placement = complete_documents(make_placement(person=person, departure_date=datetime.date(2026, 5, 31)))
    flags = risk.evaluate(placement)
    assert [f.code for f in flags] == ["under_age"]
    assert flags[0].blocking is True
    assert flags[0].detail == "Umur pada 31 Mei 2026: 17 tahun."
    assert "pasal 5 huruf a" in str(flags[0].rule.basis)


def test_a_person_turning_18_on_the_departure_date_is_not_flagged(make_person, make_placement, complete_documents):
    person = make_person(birth=datetime.date(2008, 6, 1))
    placement = complete_documents(make_placement(person=person, departure_date=datetime.date(2026, 6, 1)))
    assert codes(placement) == []


def test_an_agency_licence_expired_before_departure_is_flagged(make_placement, complete_documents, agency):
    agency.licence_valid_until = datetime.date(2025, 12, 31)
    agency.save()
    placement = complete_documents(make_placement(departure_date=datetime.date(2026, 1, 2)))
    flags = risk.evaluate(placement)
    assert [f.code for f in flags] == ["agency_unlicensed"]
    assert flags[0].detail == "SIP3MI PT Maju Jaya berlaku sampai 31 Desember 2025, tanggal berangkat 2 Januari 2026."


def test_an_agency_without_licence_number_and_p2p_without_agency_are_flagged(make_placement, complete_documents):
    unlicensed = Agency.objects.create(name="PT Tanpa Izin")
    assert "agency_unlicensed" in codes(complete_documents(make_placement(agency=unlicensed)))
    assert "agency_unlicensed" in codes(complete_documents(make_placement(agency=None)))


def test_domestic_work_for_a_household_in_a_moratorium_country_is_flagged(make_placement, complete_documents):
    placement = complete_documents(make_placement(destination_country="AE"))
    flags = risk.evaluate(placement)
    assert [f.code for f in flags] == ["moratorium"]
    assert "260/2015" in str(flags[0].rule.basis)


def test_domestic_work_for_a_household_in_sudan_is_flagged_like_south_sudan(make_placement, complete_documents):
    for country in ("SD", "SS"):
        placement = complete_documents(make_placement(destination_country=country))
        assert codes(placement) == ["moratorium"]


def test_spsk_to_saudi_arabia_is_the_moratorium_exception(make_placement, complete_documents):
    placement = complete_documents(make_placement(destination_country="SA", scheme="spsk"))
    assert codes(placement) == []


def test_a_company_job_in_a_moratorium_country_is_not_flagged(make_placement, complete_documents):
    placement = complete_documents(make_placement(destination_country="QA", sector="construction",
                                                  position="construction_worker", employer_type="company"))
    assert codes(placement) == []


def test_the_moratorium_list_is_data_with_its_decree(db):
    data = risk.moratorium()
    assert "260 Tahun 2015" in data["decree"]
    # The union of every published list: the 21 of the 2015 press release plus Sudan, named by KBRI Tripoli.
    assert len(data["countries"]) == 22
    assert {"SD", "SS", "IR", "PK", "SY"} <= data["codes"]
    assert "19" in data["note"] and "21" in data["note"]
    assert all(source["url"].startswith("http") for source in data["sources"])


def test_an_unverified_mandatory_document_is_named(make_placement, complete_documents, jatinom_operator):
    placement = complete_documents(make_placement())
    visa = placement.documents.get(kind=DocumentKind.VISA)
    services.update_document(jatinom_operator, visa, status="submitted")
    flags = risk.evaluate(placement)
    assert [f.code for f in flags] == ["document_missing"]
    assert flags[0].detail == "Belum terverifikasi: Visa kerja."


def test_a_passport_expiring_before_the_contract_ends_is_a_non_blocking_flag(make_placement, complete_documents,
                                                                             jatinom_operator):
    placement = complete_documents(make_placement())
    passport = placement.documents.get(kind=DocumentKind.PASSPORT)
    services.update_document(jatinom_operator, passport, expires_on=datetime.date(2026, 12, 31))
    flags = risk.evaluate(placement)
    assert [(f.code, f.blocking) for f in flags] == [("passport_expiring", False)]


def test_missing_bpjs_membership_is_its_own_blocking_flag(make_placement, complete_documents, jatinom_operator):
    placement = complete_documents(make_placement())
    services.update_document(jatinom_operator, placement.documents.get(kind=DocumentKind.BPJS), status="missing")
    flags = risk.evaluate(placement)
    assert [(f.code, f.blocking) for f in flags] == [("no_social_security", True)]


def test_charging_a_zero_cost_job_for_an_exempt_component_flags_overcharging(make_placement, complete_documents,
                                                                            jatinom_operator):
    placement = complete_documents(make_placement())
    services.add_cost(jatinom_operator, placement, component="agency_fee", amount=12_500_000,
                      collected_by="recruiter", collector_name="Pak Sponsor")
    placement.refresh_from_db()
    assert placement.flags == ["overcharging"]
    flag = risk.evaluate(placement)[0]
    assert flag.detail == "1 pungutan, total Rp 12.500.000, untuk jabatan Penata laksana rumah tangga."
    assert flag.blocking is False


def test_costs_for_a_job_outside_the_ten_are_not_overcharging(make_placement, complete_documents, jatinom_operator):
    placement = complete_documents(make_placement(destination_country="TW", sector="factory",
                                                  position="factory_operator", employer_type="company"))
    services.add_cost(jatinom_operator, placement, component="training", amount=3_000_000, collected_by="agency")
    assert codes(placement) == []


def test_agency_and_recruiter_pages_list_their_placements(make_placement, agency):
    recruiter = Recruiter.objects.create(name="Pak Sponsor", claimed_agency=agency)
    first = make_placement(recruiter=recruiter)
    second = make_placement()
    assert set(agency.placements.all()) == {first, second}
    assert list(recruiter.placements.all()) == [first]
