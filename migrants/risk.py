"""Risk flags of a placement: one rule module, each flag explained in Indonesian with its legal source.

`evaluate(placement)` returns the flags that stand. What the law says — which documents a scheme needs, the
moratorium countries, the zero-cost jobs and components, each with its source and the dates it is in force — is
data in the rule book (lawbook); this module applies the version in force on the relevant day: the departure
date (or today, while none is set) for departure rules, today for monitoring (a passport expiring abroad).

A *blocking* flag stops "departed" from being recorded unless an authorised user overrides it with a written
reason (migrants.services.record_departure). A flag resting on a rule whose legal status is disputed only warns
("status hukum diperdebatkan", with the sources on both sides) unless a system administrator decided it blocks.
Overcharging and a passport expiring mid-contract never block: stopping the worker would punish the victim.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries

from core.formatting import long_date, thousands
from lawbook import store

from .models import DocumentKind, DocumentStatus, EmployerType, Scheme, Sector

MORATORIUM_KEY = "middle_east_household"
ZERO_COST_KEY = "placement"
# TextChoices.values builds a new list on every call: a national re-evaluation asks millions of times.
SCHEMES = frozenset(Scheme.values)
DOCUMENT_KINDS = frozenset(DocumentKind.values)


@dataclass(frozen=True)
class FlagRule:
    """What a flag is (code, label, whether it may block, the basis in a sentence) and the rule book entry it
    rests on: (topic, key), key None when the placement picks it (the documents of its scheme)."""

    code: str
    label: str
    blocking: bool
    basis: str
    topic: str
    key: str | None

    def law(self, placement, on):
        key = self.key if self.key is not None else documents_key(placement)
        return store.rule(self.topic, key, on)


RULES = {
    rule.code: rule
    for rule in [
        FlagRule("under_age", gettext_lazy("Di bawah 18 tahun saat berangkat"), True,
                 gettext_lazy("UU 18/2017 pasal 5 huruf a: usia minimal 18 tahun."), "flag", "under_age"),
        FlagRule("agency_unlicensed", gettext_lazy("P3MI tanpa izin berlaku"), True,
                 gettext_lazy("UU 18/2017 pasal 49–54: P3MI wajib memiliki SIP3MI yang masih berlaku."),
                 "flag", "agency_unlicensed"),
        FlagRule("moratorium", gettext_lazy("Negara moratorium untuk pengguna perseorangan"), True,
                 gettext_lazy("Kepmenaker 260/2015: penempatan pada pengguna perseorangan di Timur Tengah "
                              "dihentikan; pengecualian hanya SPSK (Kepmenaker 291/2018)."),
                 "moratorium", MORATORIUM_KEY),
        FlagRule("document_missing", gettext_lazy("Dokumen wajib belum lengkap/terverifikasi"), True,
                 gettext_lazy("UU 18/2017 pasal 5 dan 13: dokumen wajib dimiliki sebelum berangkat; daftar "
                              "dokumen menurut skema penempatan."), "documents", None),
        FlagRule("passport_expiring", gettext_lazy("Paspor habis sebelum kontrak berakhir"), False,
                 gettext_lazy("UU 18/2017 pasal 13 huruf e: paspor wajib berlaku selama bekerja; perpanjang "
                              "sebelum berangkat atau melalui perwakilan RI."), "flag", "passport_expiring"),
        FlagRule("no_social_security", gettext_lazy("Belum terdaftar BPJS Ketenagakerjaan (JKK dan JKM)"), True,
                 gettext_lazy("UU 18/2017 pasal 5 huruf d dan Permenaker 4/2023: JKK dan JKM wajib."),
                 "flag", "no_social_security"),
        FlagRule("overcharging", gettext_lazy("Pungutan biaya yang dibebaskan (zero cost)"), False,
                 gettext_lazy("Jabatan tertentu dibebaskan dari biaya penempatan; pungutan dapat diadukan."),
                 "zero_cost", ZERO_COST_KEY),
    ]
}


def citation(law):
    return f"{law.source.instrument} {law.source.article}".strip() if law is not None else ""


@dataclass(frozen=True)
class Flag:
    rule: FlagRule
    detail: str
    law: object = None  # the lawbook.Rule version applied

    @property
    def code(self):
        return self.rule.code

    @property
    def blocking(self):
        return self.rule.blocking and (self.law is None or self.law.blocks)

    @property
    def disputed(self):
        return self.law is not None and self.law.disputed

    @property
    def source(self):
        return citation(self.law)

    @property
    def source_url(self):
        return self.law.source.url if self.law is not None else ""

    @property
    def contra_sources(self):
        return [str(s) for s in self.law.contra_sources.all()] if self.law is not None else []

    @property
    def legal_status(self):
        """Plain Indonesian for a user: empty for a rule simply in force."""
        if not self.disputed:
            return ""
        if self.law.blocking_decided:
            return _("Status hukum diperdebatkan; administrator sistem memutuskan tanda ini tetap menghalangi "
                     "keberangkatan (%(day)s).") % {"day": long_date(self.law.decision_date)
                                                    if self.law.decision_date else "-"}
        return _("Status hukum diperdebatkan: tanda ini hanya peringatan, tidak menghalangi keberangkatan.")


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


def documents_key(placement):
    scheme = placement.scheme or ""
    return scheme if scheme in SCHEMES else "default"


def required_documents(placement, on):
    """The document kinds the placement's scheme requires on `on` (BPJS Ketenagakerjaan is its own flag)."""
    law = store.rule("documents", documents_key(placement), on)
    return [kind for kind in (law.params.get("documents", []) if law else []) if kind in DOCUMENT_KINDS]


def zero_cost(on):
    """(positions, components) exempt from placement costs on `on`, and the rule version; empty when none."""
    law = store.rule("zero_cost", ZERO_COST_KEY, on)
    if law is None:
        return frozenset(), frozenset(), None
    return frozenset(law.params.get("positions", [])), frozenset(law.params.get("components", [])), law


def moratorium(on=None):
    """The moratorium in force on `on` (today by default) as data: decree, countries, exception, note, press."""
    law = store.rule("moratorium", MORATORIUM_KEY, on or timezone.localdate())
    if law is None:
        return {"decree": "", "countries": [], "codes": frozenset(), "note": "", "sources": [], "rule": None}
    return _moratorium_of(law)


def _moratorium_of(law, _cache={}):  # noqa: B006 - one entry per rule version (a few), read per placement
    key = (law.pk, law.updated_at)
    if key not in _cache:
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = {"decree": law.source.instrument, "countries": law.params.get("countries", []),
                       "codes": frozenset(c["code"] for c in law.params.get("countries", [])),
                       "exception": law.params.get("exception", {}), "note": law.note,
                       "sources": law.params.get("press", []), "rule": law}
    return _cache[key]


def _flag(code, placement, on, detail):
    rule = RULES[code]
    return Flag(rule, detail, rule.law(placement, on))


def _no_text(message):
    return ""  # "" % {...} is "": a detail's sentence is skipped, its condition still decides


def evaluate(placement, today: date | None = None, documents=None, costs=None, person=None,
             details=True) -> list[Flag]:
    """Flags that stand. `documents`/`costs` may be given (bulk import) to avoid per-placement queries.
    details=False: the same flags with an empty `detail` (a re-evaluation stores only the codes and sources, and
    600,000 explanations in the reader's language cost more than the rules)."""
    _ = gettext if details else _no_text  # the module's gettext, or nothing
    today = today or timezone.localdate()
    departure = placement.departure_date or today
    flags = []

    person = person or placement.person
    if store.rule("flag", "under_age", departure) and person.birth_date and _age_on(person.birth_date, departure) < 18:
        flags.append(_flag("under_age", placement, departure, _("Umur pada %(day)s: %(age)s tahun.") % {
            "day": long_date(departure), "age": _age_on(person.birth_date, departure)}))

    if store.rule("flag", "agency_unlicensed", departure):
        detail = None
        if placement.scheme == Scheme.P_TO_P and placement.agency_id is None:
            detail = _("Skema P to P tetapi P3MI belum dicatat.")
        elif placement.agency_id and not placement.agency.licence_valid_on(departure):
            agency = placement.agency
            if agency.licence_revoked:
                detail = _("Izin %(name)s dicabut/dibekukan.") % {"name": agency.name}
            elif not agency.licence_number or not agency.licence_valid_until:
                detail = _("%(name)s tidak memiliki SIP3MI yang tercatat.") % {"name": agency.name}
            else:
                detail = _("SIP3MI %(name)s berlaku sampai %(until)s, tanggal berangkat %(day)s.") % {
                    "name": agency.name, "until": long_date(agency.licence_valid_until),
                    "day": long_date(departure)}
        if detail is not None:
            flags.append(_flag("agency_unlicensed", placement, departure, detail))

    # A Country on a model instance; a plain ISO code on the bulk import's records.
    country = getattr(placement.destination_country, "code", placement.destination_country) or ""
    morat = moratorium(departure) if country else None
    if morat and country in morat["codes"] and is_domestic_individual(placement):
        exception = morat["exception"]
        if not (placement.scheme == exception.get("scheme") and country in exception.get("countries", [])):
            flags.append(Flag(RULES["moratorium"], _("%(country)s termasuk daftar moratorium; skema bukan SPSK.") % {
                "country": countries.name(country)}, morat["rule"]))

    docs = _docs(placement, documents)
    missing = [kind for kind in required_documents(placement, departure) if not _valid(docs.get(kind), departure)]
    if missing:
        flags.append(_flag("document_missing", placement, departure,
                           _missing_text(get_language(), tuple(missing)) if details else ""))

    passport = docs.get(DocumentKind.PASSPORT)
    if (store.rule("flag", "passport_expiring", today) and passport and passport.expires_on
            and placement.contract_end and passport.expires_on < placement.contract_end):
        flags.append(_flag("passport_expiring", placement, today, _("Paspor berlaku sampai %(p)s, kontrak sampai "
                                                                    "%(c)s.") % {
            "p": long_date(passport.expires_on), "c": long_date(placement.contract_end)}))

    if store.rule("flag", "no_social_security", departure) and not _valid(docs.get(DocumentKind.BPJS), departure):
        flags.append(_flag("no_social_security", placement, departure,
                           _("Kepesertaan JKK dan JKM belum terverifikasi.")))

    positions, components, law = zero_cost(departure)
    if placement.position in positions:
        items = placement.costs.all() if costs is None else costs
        charged = [c for c in items if c.component in components and c.amount > 0]
        if charged:
            total = sum(c.amount for c in charged)
            flags.append(Flag(RULES["overcharging"], _("%(n)s pungutan, total Rp %(total)s, untuk jabatan %(pos)s.") % {
                "n": len(charged), "total": thousands(total), "pos": placement.get_position_display()}, law))
    return flags


def blocking(flags):
    return [flag for flag in flags if flag.blocking]


def flag_choices():
    return [(code, rule.label) for code, rule in RULES.items()] + [
        ("lost_contact", gettext_lazy("Hilang kontak")), ("non_procedural", gettext_lazy("Non-prosedural"))]
