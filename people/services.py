"""Domain actions on people: registration, edits, duplicates, NIK reveal. Each one is audited."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, log_read, log_update, record, snapshot

from . import contact_consent
from .models import FamilyContact, Person, digits_hash, name_hash
from .nik import NikError, clean_nik, nik_warnings, parse_nik


def validate_nik(value):
    """Raise ValidationError naming the wrong part; return the 16 clean digits."""
    try:
        return parse_nik(value).nik
    except NikError as exc:
        raise ValidationError(exc.message, code=f"nik_{exc.part}")


def validate_kk(value):
    kk = clean_nik(value)
    if not kk:
        return ""
    if not kk.isdigit() or len(kk) != 16:
        raise ValidationError(_("Nomor KK harus 16 digit angka."), code="kk")
    return kk


def nik_taken(nik, exclude_pk=None):
    qs = Person.objects.filter(nik_hash=digits_hash(nik))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def near_duplicates(name, birth_date, exclude_pk=None):
    """Same name (ignoring case/spacing/punctuation) and same birth date: maybe the same person twice.

    Unscoped on purpose: the query says only whether such a record exists; callers show details only for
    records the user may see.
    """
    if not name or not birth_date:
        return Person.objects.none()
    qs = Person.objects.filter(name_key=name_hash(name), birth_date=birth_date)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


# What a duplicate check may say about a match outside the user's area: that it exists, nothing that identifies it.
ELSEWHERE_NIK = _lazy("NIK ini sudah terdaftar di wilayah lain — hubungi petugas kabupaten.")
ELSEWHERE_DUPLICATES = _lazy("Warga dengan nama dan tanggal lahir yang sama terdaftar di wilayah lain — hubungi "
                             "petugas kabupaten.")
HERE_DUPLICATES = _lazy("Warga dengan nama dan tanggal lahir yang sama sudah terdaftar di wilayah Anda. Periksa "
                        "apakah orang yang sama.")


@dataclass
class Check:
    """Warnings that never block saving, and the duplicates the user may be told about.

    A match inside the user's area (visible_to) is named and linked; a match outside it is only a yes."""

    warnings: list = field(default_factory=list)
    nik_match: Person | None = None  # the person holding this NIK, when in the user's area
    nik_elsewhere: bool = False  # the NIK is registered outside the user's area
    duplicates: list = field(default_factory=list)  # same name and birth date, in the user's area
    duplicates_elsewhere: bool = False  # same name and birth date outside it

    @property
    def found_anything(self):
        return bool(self.nik_match or self.nik_elsewhere or self.duplicates or self.duplicates_elsewhere)


def check_person(user, *, nik="", name="", birth_date=None, sex=None, village_code=None, exclude_pk=None):
    result = Check(warnings=nik_warnings(nik, birth_date=birth_date, sex=sex, village_code=village_code)
                   if nik else [])
    if nik:
        match = Person.objects.filter(nik_hash=digits_hash(nik)).exclude(pk=exclude_pk).first()
        if match is not None:
            if Person.objects.visible_to(user).filter(pk=match.pk).exists():
                result.nik_match = match
            else:
                result.nik_elsewhere = True
    dups = near_duplicates(name, birth_date, exclude_pk)
    visible = dups.visible_to(user)
    result.duplicates = list(visible.select_related("village")[:5])
    result.duplicates_elsewhere = dups.count() > visible.count()
    if result.duplicates:
        result.warnings.append(str(HERE_DUPLICATES))
    if result.duplicates_elsewhere:
        result.warnings.append(str(ELSEWHERE_DUPLICATES))
    return result


def officers_to_contact(user, limit=3):
    """Who a user asks about a record outside their area: the district officers whose region covers a village
    where the user registers people (they see the regency and can ask further up). Names and phone numbers of
    staff only; nothing about the record."""
    from accounts.models import Role
    from accounts.permissions import members_with_role, regions_with_role

    from .rules import PEOPLE_EDIT_ROLES

    codes = regions_with_role(user, PEOPLE_EDIT_ROLES)
    if not codes:  # None: nationwide (no one above to ask); []: registers nowhere
        return []
    officers = []
    for code in codes:
        for officer in members_with_role((Role.DISTRICT_OFFICER,), obj=code):
            if officer not in officers and officer != user:
                officers.append(officer)
    return officers[:limit]


def contact_sentence(user):
    """", hubungi: Nama (0812…), Nama" for the elsewhere messages, or "" when no district officer is known."""
    names = [f"{o.full_name or o.username}{f' ({o.phone})' if o.phone else ''}" for o in officers_to_contact(user)]
    return ", ".join(names)


def elsewhere_nik_message(user):
    who = contact_sentence(user)
    if not who:
        return str(ELSEWHERE_NIK)
    return _("NIK ini sudah terdaftar di wilayah lain — hubungi petugas kabupaten: %(who)s.") % {"who": who}


def nik_taken_message(user, nik, exclude_pk=None):
    """Why a NIK cannot be registered again, without naming a person outside the user's area; None if free.
    Inside the area the person is named (the form links to them); outside it the message names the district
    officers to ask."""
    if not nik_taken(nik, exclude_pk):
        return None
    check = check_person(user, nik=nik, exclude_pk=exclude_pk)
    if check.nik_match is not None:
        return _("NIK ini sudah terdaftar di wilayah Anda atas nama %(name)s. Satu NIK hanya untuk satu warga: "
                 "buka data warga tersebut.") % {"name": check.nik_match.name}
    return elsewhere_nik_message(user)


def lookup_duplicates(actor, *, nik="", name="", birth_date=None, sex=None, village_code=None, exclude_pk=None,
                      request=None):
    """The duplicate check of /warga/cek/: check_person, and one READ entry in the audit log per look-up.

    The entry never holds the NIK looked up (a short keyed hash lets repeated probes of one number be
    seen together) nor the name: it says what was asked and what the user was told. A match in the user's
    area files the entry under that person (their access log shows it); otherwise under the actor's area."""
    from audit.services import actor_region

    check = check_person(actor, nik=nik, name=name, birth_date=birth_date, sex=sex, village_code=village_code,
                         exclude_pk=exclude_pk)

    def told(here, elsewhere):
        return _("di wilayah Anda") if here else _("di wilayah lain") if elsewhere else _("tidak ada")

    parts = []
    if nik:
        parts.append(_("NIK #%(hash)s: %(told)s") % {"hash": digits_hash(nik)[:12],
                                                     "told": told(check.nik_match, check.nik_elsewhere)})
    if name and birth_date:
        parts.append(_("nama + tanggal lahir: %(told)s") % {
            "told": told(check.duplicates, check.duplicates_elsewhere)})
    target = check.nik_match or (check.duplicates[0] if len(check.duplicates) == 1 else None)
    record(actor, Action.READ, target, object_type=None if target else "people.person",
           object_id=None if target else "", object_repr=_("Cek duplikat warga"),
           region_code=None if target else actor_region(actor),
           note=_("Cek duplikat — %(parts)s") % {"parts": "; ".join(parts)}, request=request)
    return check


PERSON_FIELDS = ("nik", "kk", "name", "sex", "birth_place", "birth_date", "village", "dusun", "rt", "rw",
                 "address", "phone", "marital_status", "education", "notes")


@transaction.atomic
def register_person(actor, *, request=None, family_contact=None, **data):
    """Create a person after the caller validated the data (forms/serializers/import do), with the family
    contact typed on the same page (`family_contact`: FamilyContact fields), all or nothing."""
    village = data["village"]
    require_perm(actor, "people.register_person", getattr(village, "code", village))
    if nik_taken(data["nik"]):
        raise ValidationError({"nik": _("NIK ini sudah terdaftar. Satu NIK hanya untuk satu warga.")})
    person = Person(created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    **{k: v for k, v in data.items() if k in PERSON_FIELDS})
    person.save()
    log_create(actor, person, request=request)
    if family_contact:
        add_contact(actor, person, request=request, **family_contact)
    _announce_consent(actor, person, data)
    return person


def _announce_consent(actor, person, data):
    """The registration form's "messages by WhatsApp/SMS" box (the messaging app records it)."""
    if data.get("consent_messages"):
        contact_consent.announce(phone=person.phone, purposes=contact_consent.REGISTRATION_PURPOSES,
                                 given_by=person.name, how="pendaftaran warga", actor=actor, person=person)


@transaction.atomic
def update_person(actor, person, *, request=None, **data):
    require_perm(actor, "people.edit_person", person)
    if "village" in data:
        require_perm(actor, "people.edit_person", getattr(data["village"], "code", data["village"]))
    if "nik" in data and nik_taken(data["nik"], exclude_pk=person.pk):
        raise ValidationError({"nik": _("NIK ini sudah terdaftar. Satu NIK hanya untuk satu warga.")})
    before = snapshot(person)
    for key, value in data.items():
        if key in PERSON_FIELDS:
            setattr(person, key, value)
    person.save()
    log_update(actor, person, before, request=request)
    _announce_consent(actor, person, data)
    return person


def reveal_nik(actor, person, request=None):
    """The full NIK and KK for an allowed role; every reveal is in the audit log."""
    require_perm(actor, "people.reveal_nik", person, _("Peran Anda tidak diizinkan melihat NIK lengkap di desa ini."))
    record(actor, Action.REVEAL, person, note="NIK/KK", request=request)
    return {"nik": person.nik, "kk": person.kk}


def open_person(actor, person, request=None):
    """Opening a person's page is a read of personal data (UU 27/2022): logged."""
    log_read(actor, person, request=request)
    return person


@transaction.atomic
def add_contact(actor, person, *, request=None, **data):
    require_perm(actor, "people.edit_contact", person)
    contact = FamilyContact(person=person, **data)
    if contact.is_primary:
        for other in person.contacts.filter(is_primary=True):
            other.is_primary = False
            other.save()
    contact.save()
    log_create(actor, contact, request=request)
    return contact


@transaction.atomic
def update_contact(actor, contact, *, request=None, **data):
    require_perm(actor, "people.edit_contact", contact)
    before = snapshot(contact)
    for key, value in data.items():
        setattr(contact, key, value)
    contact.save()
    log_update(actor, contact, before, request=request)
    return contact
