"""Each rule at its edges: the day before and the day a version comes into force; each scheme's documents; a
disputed rule warning vs decided to block (issue 16, points 1-3 and 7)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lawbook import services
from lawbook.models import Rule, RuleStatus
from migrants import risk
from migrants import services as placements
from migrants.models import DocumentKind, Scheme

from .conftest import DAY

EPMI = datetime.date(2025, 11, 1)
UU13 = ["ktp", "kk", "marital", "permission", "competency", "health", "passport", "visa", "placement_agreement",
        "employment_contract", "orientation"]
WITHOUT_AGREEMENT = [k for k in UU13 if k != "placement_agreement"]
EXPECTED = {
    "p2p": UU13, "g2g": UU13, "g2p": UU13, "company": UU13, "spsk": UU13, "ssw": UU13, "reentry": WITHOUT_AGREEMENT,
    "individual": WITHOUT_AGREEMENT + ["jkn", "employer_profile", "risk_statement"],
}


def codes(flags):
    return [f.code for f in flags]


@pytest.mark.parametrize("scheme", Scheme.values)
def test_each_scheme_gets_the_checklist_of_its_list_and_no_flag_when_complete(scheme, make_placement,
                                                                              complete_documents):
    placement = make_placement(scheme=scheme, departure_date=EPMI, destination_country="TW", sector="factory",
                               position="factory_operator", employer_type="company")
    assert sorted(placement.documents.values_list("kind", flat=True)) == sorted(EXPECTED[scheme] + ["bpjs"])
    assert risk.required_documents(placement, EPMI) == EXPECTED[scheme]
    assert codes(risk.evaluate(complete_documents(placement))) == []


def test_every_scheme_has_a_documents_rule_with_a_source(db, law):
    for scheme in [*Scheme.values, "default"]:
        rule = law("documents", scheme, EPMI)
        assert rule is not None and rule.source.instrument, scheme


def test_a_perseorangan_placement_without_a_placement_agreement_is_not_flagged(make_placement, complete_documents):
    placement = complete_documents(make_placement(scheme="individual", departure_date=EPMI))
    assert not placement.documents.filter(kind=DocumentKind.PLACEMENT_AGREEMENT).exists()
    assert codes(risk.evaluate(placement)) == []


def test_a_perseorangan_placement_without_jkn_is_flagged(make_placement, complete_documents, jatinom_operator):
    placement = complete_documents(make_placement(scheme="individual", departure_date=EPMI))
    placements.update_document(jatinom_operator, placement.documents.get(kind=DocumentKind.JKN), status="missing")
    flags = risk.evaluate(placement)
    assert codes(flags) == ["document_missing"]
    assert flags[0].detail == "Belum terverifikasi: Kepesertaan JKN (BPJS Kesehatan)."
    assert flags[0].source.startswith("Persyaratan penempatan PMI pada pemberi kerja perseorangan")
    assert flags[0].blocking is True


def test_jkn_is_not_asked_of_perseorangan_the_day_before_the_2025_list(make_placement, complete_documents,
                                                                        jatinom_operator):
    placement = complete_documents(make_placement(scheme="individual", departure_date=EPMI - DAY))
    assert risk.required_documents(placement, EPMI - DAY) == WITHOUT_AGREEMENT
    assert risk.required_documents(placement, EPMI) == EXPECTED["individual"]
    assert codes(risk.evaluate(placement)) == []
    placements.update_placement(jatinom_operator, placement, departure_date=EPMI)
    assert codes(risk.evaluate(placement)) == ["document_missing"]  # the JKN row was added as missing


def test_a_p_to_p_placement_without_a_placement_agreement_is_flagged(make_placement, complete_documents,
                                                                     jatinom_operator):
    placement = complete_documents(make_placement())
    placements.update_document(jatinom_operator, placement.documents.get(kind=DocumentKind.PLACEMENT_AGREEMENT),
                               status="missing")
    assert risk.evaluate(placement)[0].detail == "Belum terverifikasi: Perjanjian penempatan."


def test_a_new_version_applies_from_its_first_day_and_the_old_one_until_the_day_before(
        make_placement, complete_documents, admin):
    start = datetime.date(2026, 7, 1)
    rule = Rule.objects.get(shipped_id="documents.p2p@2017-11-22")
    services.add_version(admin, rule, valid_from=start, params={"documents": UU13 + ["jkn"]},
                         reason="Uji: JKN diwajibkan untuk P to P.")
    before = make_placement(departure_date=start - DAY)
    on_the_day = make_placement(departure_date=start)
    assert not before.documents.filter(kind="jkn").exists()
    assert on_the_day.documents.filter(kind="jkn").exists()
    complete_documents(before)
    on_the_day = complete_documents(on_the_day)
    placements.update_document(admin, on_the_day.documents.get(kind="jkn"), status="missing")
    assert codes(risk.evaluate(before)) == []
    assert [(f.code, f.detail) for f in risk.evaluate(on_the_day)] == [
        ("document_missing", "Belum terverifikasi: Kepesertaan JKN (BPJS Kesehatan).")]


def test_a_flag_rule_revoked_no_longer_flags(make_person, make_placement, complete_documents, admin):
    person = make_person(birth=datetime.date(2008, 6, 1))
    placement = complete_documents(make_placement(person=person, departure_date=datetime.date(2026, 5, 31)))
    assert codes(risk.evaluate(placement)) == ["under_age"]
    services.switch_status(admin, Rule.objects.get(topic="flag", key="under_age"), RuleStatus.REVOKED,
                           reason="Uji: aturan dicabut.")
    assert codes(risk.evaluate(placement)) == []


# --- Moratorium: disputed, so it warns unless decided to block --------------------------------------------------

def test_the_moratorium_warns_with_sources_on_both_sides(make_placement, complete_documents):
    placement = complete_documents(make_placement(destination_country="AE"))
    (flag,) = risk.evaluate(placement)
    assert (flag.code, flag.blocking, flag.disputed) == ("moratorium", False, True)
    assert flag.legal_status == ("Status hukum diperdebatkan: tanda ini hanya peringatan, tidak menghalangi "
                                 "keberangkatan.")
    assert flag.source.startswith("Keputusan Menteri Ketenagakerjaan Nomor 260 Tahun 2015")
    assert flag.contra_sources == ["Siaran pers Menteri Ketenagakerjaan 23 Agustus 2023: Kepmenaker 260/2015, "
                                   "291/2018 dan 294/2020 dicabut"]


def test_a_placement_to_a_moratorium_country_can_depart_while_the_rule_is_disputed(
        make_placement, complete_documents, jatinom_operator):
    placement = complete_documents(make_placement(destination_country="AE", departure_date=datetime.date(2026, 1, 5)))
    for status in ("verified", "process", "ready", "departed"):
        placements.transition(jatinom_operator, placement, status)
    placement.refresh_from_db()
    assert placement.status == "departed"
    assert placement.override_reason == ""


def test_a_moratorium_decided_to_block_stops_departure(make_placement, complete_documents, jatinom_operator, admin):
    rule = Rule.objects.get(topic="moratorium", key="middle_east_household")
    services.decide_blocking(admin, rule, True, reason="Rapat 1 Desember 2026: moratorium tetap ditegakkan.",
                             on=datetime.date(2026, 12, 1))
    placement = complete_documents(make_placement(destination_country="AE", departure_date=datetime.date(2026, 1, 5)))
    (flag,) = risk.evaluate(placement)
    assert (flag.blocking, flag.disputed) == (True, True)
    assert flag.legal_status == ("Status hukum diperdebatkan; administrator sistem memutuskan tanda ini tetap "
                                 "menghalangi keberangkatan (1 Desember 2026).")
    for status in ("verified", "process", "ready"):
        placements.transition(jatinom_operator, placement, status)
    with pytest.raises(ValidationError) as refused:
        placements.transition(jatinom_operator, placement, "departed")
    assert "Negara moratorium untuk pengguna perseorangan" in str(refused.value)


def test_a_rule_in_force_blocks_and_cannot_be_decided_to_warn(make_placement, admin):
    rule = Rule.objects.get(topic="flag", key="no_social_security")
    with pytest.raises(ValidationError) as refused:
        services.decide_blocking(admin, rule, False, reason="Uji: hanya peringatan saja.")
    assert "diperdebatkan" in str(refused.value)
    placement = make_placement()
    assert [f.blocking for f in risk.evaluate(placement) if f.code == "no_social_security"] == [True]


def test_the_moratorium_does_not_apply_before_it_came_into_force(make_placement, complete_documents, law):
    start = law("moratorium", "middle_east_household").valid_from
    assert start == datetime.date(2015, 7, 1)
    placement = complete_documents(make_placement(destination_country="AE", departure_date=start - DAY))

    def moratorium_flags(day):
        return [f.code for f in risk.evaluate(placement, today=day) if f.code == "moratorium"]

    assert moratorium_flags(start - DAY) == []
    placement.departure_date = start
    assert moratorium_flags(start) == ["moratorium"]


# --- Zero cost: the overcharging flag names its source and says it is disputed ------------------------------

def test_overcharging_names_perban_9_2020_and_says_permen_17_2025_disputes_it(make_placement, complete_documents,
                                                                             jatinom_operator):
    placement = complete_documents(make_placement())
    placements.add_cost(jatinom_operator, placement, component="agency_fee", amount=5_000_000, collected_by="agency")
    (flag,) = risk.evaluate(placement)
    assert (flag.code, flag.blocking, flag.disputed) == ("overcharging", False, True)
    assert flag.source.startswith("Peraturan Badan Pelindungan Pekerja Migran Indonesia Nomor 9 Tahun 2020")
    assert flag.contra_sources[0].startswith("Peraturan Menteri Pelindungan Pekerja Migran Indonesia/Kepala BP2MI "
                                             "Nomor 17 Tahun 2025")


def test_a_new_cost_version_without_a_component_stops_flagging_it_from_its_first_day(
        make_placement, complete_documents, jatinom_operator, admin, law):
    start = datetime.date(2026, 2, 1)
    rule = law("zero_cost", "placement", start)
    params = dict(rule.params, components=[c for c in rule.params["components"] if c != "medical"])
    services.add_version(admin, rule, valid_from=start, params=params, reason="Uji: pemeriksaan kesehatan pribadi.")
    before = complete_documents(make_placement(departure_date=start - DAY))
    after = complete_documents(make_placement(departure_date=start))
    for placement in (before, after):
        placements.add_cost(jatinom_operator, placement, component="medical", amount=1_000_000, collected_by="agency")
    assert codes(risk.evaluate(before)) == ["overcharging"]
    assert codes(risk.evaluate(after)) == []
