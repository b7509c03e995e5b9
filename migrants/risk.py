"""Risk flags of a placement: one rule module, each flag explained in Indonesian with its legal basis.

`evaluate(placement)` returns the flags that stand. A *blocking* flag stops "departed" from being recorded
unless an authorised user overrides it with a written reason (migrants.services.record_departure).
Overcharging and a passport expiring mid-contract are not blocking: stopping the worker would punish the
victim; they are followed up (a complaint, a renewal at the mission).
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries

from core.formatting import thousands

from .models import CostComponent, DocumentKind, DocumentStatus, EmployerType, Position, Scheme, Sector

UU_18_2017 = "Undang-Undang Nomor 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia"
PERBAN_9_2020 = ("Peraturan Badan Pelindungan Pekerja Migran Indonesia Nomor 9 Tahun 2020 tentang Pembebasan "
                 "Biaya Penempatan Pekerja Migran Indonesia")
PERMENAKER_4_2023 = ("Peraturan Menteri Ketenagakerjaan Nomor 4 Tahun 2023 tentang Jaminan Sosial Pekerja Migran "
                     "Indonesia")

# Perban BP2MI 9/2020 art. 3: the ten jobs exempt from placement costs...
ZERO_COST_POSITIONS = frozenset({
    Position.HOUSEKEEPER, Position.BABYSITTER, Position.ELDERLY_CARER, Position.COOK, Position.FAMILY_DRIVER,
    Position.GARDENER, Position.CHILD_CARER, Position.CLEANER, Position.FARM_WORKER, Position.FISHING_CREW,
})
# ...and the cost components (art. 4) the worker may not be charged for.
EXEMPT_COMPONENTS = frozenset({
    CostComponent.TICKET, CostComponent.VISA, CostComponent.TRAINING, CostComponent.COMPETENCY,
    CostComponent.AGENCY_FEE, CostComponent.PASSPORT, CostComponent.POLICE, CostComponent.SOCIAL_SECURITY,
    CostComponent.MEDICAL, CostComponent.LOCAL_TRANSPORT, CostComponent.LODGING,
})
# UU 18/2017 art. 13 (documents) with art. 5 (identity); BPJS is its own flag (Permenaker 4/2023).
MANDATORY_DOCUMENTS = tuple(kind for kind in DocumentKind if kind != DocumentKind.BPJS)


@lru_cache(maxsize=1)
def moratorium():
    """The Kepmenaker 260/2015 country list, kept as data (migrants/data/moratorium.json)."""
    with open(Path(__file__).parent / "data" / "moratorium.json", encoding="utf-8") as fh:
        data = json.load(fh)
    data["codes"] = frozenset(c["code"] for c in data["countries"])
    return data


@dataclass(frozen=True)
class FlagRule:
    code: str
    label: str
    blocking: bool
    basis: str
    source: str


RULES = {
    rule.code: rule
    for rule in [
        FlagRule("under_age", gettext_lazy("Di bawah 18 tahun saat berangkat"), True,
                 gettext_lazy("UU 18/2017 pasal 5 huruf a: usia minimal 18 tahun."), UU_18_2017),
        FlagRule("agency_unlicensed", gettext_lazy("P3MI tanpa izin berlaku"), True,
                 gettext_lazy("UU 18/2017 pasal 49–54: P3MI wajib memiliki SIP3MI yang masih berlaku."), UU_18_2017),
        FlagRule("moratorium", gettext_lazy("Negara moratorium untuk pengguna perseorangan"), True,
                 gettext_lazy("Kepmenaker 260/2015: penempatan pada pengguna perseorangan di Timur Tengah "
                              "dihentikan; pengecualian hanya SPSK (Kepmenaker 291/2018)."),
                 "Keputusan Menteri Ketenagakerjaan Nomor 260 Tahun 2015"),
        FlagRule("document_missing", gettext_lazy("Dokumen wajib belum lengkap/terverifikasi"), True,
                 gettext_lazy("UU 18/2017 pasal 5 dan 13: dokumen wajib dimiliki sebelum berangkat."), UU_18_2017),
        FlagRule("passport_expiring", gettext_lazy("Paspor habis sebelum kontrak berakhir"), False,
                 gettext_lazy("UU 18/2017 pasal 13 huruf e: paspor wajib berlaku selama bekerja; perpanjang "
                              "sebelum berangkat atau melalui perwakilan RI."), UU_18_2017),
        FlagRule("no_social_security", gettext_lazy("Belum terdaftar BPJS Ketenagakerjaan (JKK dan JKM)"), True,
                 gettext_lazy("UU 18/2017 pasal 5 huruf d dan Permenaker 4/2023: JKK dan JKM wajib."),
                 PERMENAKER_4_2023),
        FlagRule("overcharging", gettext_lazy("Pungutan biaya yang dibebaskan (zero cost)"), False,
                 gettext_lazy("Perban BP2MI 9/2020 pasal 3 dan 4: sepuluh jabatan dibebaskan dari biaya "
                              "penempatan; pungutan dapat diadukan."), PERBAN_9_2020),
    ]
}


@dataclass(frozen=True)
class Flag:
    rule: FlagRule
    detail: str

    @property
    def code(self):
        return self.rule.code

    @property
    def blocking(self):
        return self.rule.blocking


def _age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _docs(placement, documents=None):
    return {doc.kind: doc for doc in (placement.documents.all() if documents is None else documents)}


def _valid(doc, day):
    return doc is not None and doc.status == DocumentStatus.VERIFIED and not (doc.expires_on and doc.expires_on < day)


@lru_cache(maxsize=512)
def _missing_text(language, missing):
    # Cached: a bulk import evaluates 100,000 placements that mostly miss the same documents.
    return _("Belum terverifikasi: %(docs)s.") % {"docs": ", ".join(str(DocumentKind(k).label) for k in missing)}


def is_domestic_individual(placement):
    return placement.employer_type == EmployerType.HOUSEHOLD or (
        placement.sector == Sector.DOMESTIC and placement.employer_type != EmployerType.COMPANY
    )


def evaluate(placement, today: date | None = None, documents=None, costs=None, person=None) -> list[Flag]:
    """Flags that stand. `documents`/`costs` may be given (bulk import) to avoid per-placement queries."""
    today = today or timezone.localdate()
    departure = placement.departure_date or today
    flags = []

    person = person or placement.person
    if person.birth_date and _age_on(person.birth_date, departure) < 18:
        flags.append(Flag(RULES["under_age"], _("Umur pada %(day)s: %(age)s tahun.") % {
            "day": departure.strftime("%d-%m-%Y"), "age": _age_on(person.birth_date, departure)}))

    if placement.scheme == Scheme.P_TO_P and placement.agency_id is None:
        flags.append(Flag(RULES["agency_unlicensed"], _("Skema P to P tetapi P3MI belum dicatat.")))
    elif placement.agency_id and not placement.agency.licence_valid_on(departure):
        agency = placement.agency
        if agency.licence_revoked:
            detail = _("Izin %(name)s dicabut/dibekukan.") % {"name": agency.name}
        elif not agency.licence_number or not agency.licence_valid_until:
            detail = _("%(name)s tidak memiliki SIP3MI yang tercatat.") % {"name": agency.name}
        else:
            detail = _("SIP3MI %(name)s berlaku sampai %(until)s, tanggal berangkat %(day)s.") % {
                "name": agency.name, "until": agency.licence_valid_until.strftime("%d-%m-%Y"),
                "day": departure.strftime("%d-%m-%Y")}
        flags.append(Flag(RULES["agency_unlicensed"], detail))

    # A Country on a model instance; a plain ISO code on the bulk import's records.
    country = getattr(placement.destination_country, "code", placement.destination_country) or ""
    if (country in moratorium()["codes"] and is_domestic_individual(placement)
            and not (placement.scheme == Scheme.SPSK and country == "SA")):
        flags.append(Flag(RULES["moratorium"], _("%(country)s termasuk daftar moratorium; skema bukan SPSK.") % {
            "country": countries.name(country)}))

    docs = _docs(placement, documents)
    missing = [kind for kind in MANDATORY_DOCUMENTS if not _valid(docs.get(kind), departure)]
    if missing:
        flags.append(Flag(RULES["document_missing"], _missing_text(get_language(), tuple(missing))))

    passport = docs.get(DocumentKind.PASSPORT)
    if passport and passport.expires_on and placement.contract_end and passport.expires_on < placement.contract_end:
        flags.append(Flag(RULES["passport_expiring"], _("Paspor berlaku sampai %(p)s, kontrak sampai %(c)s.") % {
            "p": passport.expires_on.strftime("%d-%m-%Y"), "c": placement.contract_end.strftime("%d-%m-%Y")}))

    if not _valid(docs.get(DocumentKind.BPJS), departure):
        flags.append(Flag(RULES["no_social_security"], _("Kepesertaan JKK dan JKM belum terverifikasi.")))

    if placement.position in ZERO_COST_POSITIONS:
        items = placement.costs.all() if costs is None else costs
        charged = [c for c in items if c.component in EXEMPT_COMPONENTS and c.amount > 0]
        if charged:
            total = sum(c.amount for c in charged)
            flags.append(Flag(RULES["overcharging"], _("%(n)s pungutan, total Rp %(total)s, untuk jabatan %(pos)s.") % {
                "n": len(charged), "total": thousands(total), "pos": placement.get_position_display()}))
    return flags


def blocking(flags):
    return [flag for flag in flags if flag.blocking]


def flag_choices():
    return [(code, rule.label) for code, rule in RULES.items()] + [
        ("lost_contact", gettext_lazy("Hilang kontak")), ("non_procedural", gettext_lazy("Non-prosedural"))]
