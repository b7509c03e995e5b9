"""Domain actions on people: registration, edits, duplicates, NIK reveal. Each one is audited."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scoping import can_access_region
from audit.models import Action
from audit.services import log_create, log_read, log_update, record, snapshot

from .models import FamilyContact, Person, digits_hash, normalize_name
from .nik import NikError, clean_nik, nik_warnings, parse_nik

# Roles that may see a full NIK/KK (always through an audited reveal). Volunteers and NGO facilitators
# work with the masked number: they need to tell people apart, not to copy identity numbers.
REVEAL_ROLES = (Role.VILLAGE_OPERATOR, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER,
                Role.SYSTEM_ADMIN)
# Roles that register and edit residents.
EDIT_ROLES = (Role.VILLAGE_OPERATOR, Role.COMMUNITY_VOLUNTEER, Role.NGO_FACILITATOR, Role.SYSTEM_ADMIN)


def can_reveal_nik(user):
    return user.is_authenticated and user.has_role(*REVEAL_ROLES)


def can_edit_people(user):
    return user.is_authenticated and user.has_role(*EDIT_ROLES)


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
    qs = Person.objects.filter(name_key=normalize_name(name), birth_date=birth_date)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


@dataclass
class Check:
    warnings: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)  # visible near-duplicates
    hidden_duplicates: int = 0  # near-duplicates outside the user's scope


def check_person(user, *, nik, name, birth_date, sex, village_code, exclude_pk=None):
    """Warnings that never block saving: NIK/record disagreements and near-duplicates."""
    result = Check(warnings=nik_warnings(nik, birth_date=birth_date, sex=sex, village_code=village_code))
    dups = near_duplicates(name, birth_date, exclude_pk)
    visible = list(dups.visible_to(user)[:5])
    result.duplicates = visible
    result.hidden_duplicates = dups.count() - len(visible)
    if visible or result.hidden_duplicates:
        result.warnings.append(_(
            "Ada %(n)s warga lain dengan nama dan tanggal lahir yang sama. Periksa apakah orang yang sama "
            "sudah terdaftar."
        ) % {"n": len(visible) + result.hidden_duplicates})
    return result


def _require_scope(actor, village_code):
    if not can_access_region(actor, village_code):
        raise PermissionDenied(_("Desa ini di luar wilayah kerja Anda."))


PERSON_FIELDS = ("nik", "kk", "name", "sex", "birth_place", "birth_date", "village", "dusun", "rt", "rw",
                 "address", "phone", "marital_status", "education", "notes")


@transaction.atomic
def register_person(actor, *, request=None, **data):
    """Create a person after the caller validated the data (forms/serializers/import do)."""
    village = data["village"]
    _require_scope(actor, getattr(village, "code", village))
    if nik_taken(data["nik"]):
        raise ValidationError({"nik": _("NIK ini sudah terdaftar. Satu NIK hanya untuk satu warga.")})
    person = Person(created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    **{k: v for k, v in data.items() if k in PERSON_FIELDS})
    person.save()
    log_create(actor, person, request=request)
    return person


@transaction.atomic
def update_person(actor, person, *, request=None, **data):
    _require_scope(actor, person.village_id)
    if "village" in data:
        _require_scope(actor, getattr(data["village"], "code", data["village"]))
    if "nik" in data and nik_taken(data["nik"], exclude_pk=person.pk):
        raise ValidationError({"nik": _("NIK ini sudah terdaftar. Satu NIK hanya untuk satu warga.")})
    before = snapshot(person)
    for key, value in data.items():
        if key in PERSON_FIELDS:
            setattr(person, key, value)
    person.save()
    log_update(actor, person, before, request=request)
    return person


def reveal_nik(actor, person, request=None):
    """The full NIK and KK for an allowed role; every reveal is in the audit log."""
    if not can_reveal_nik(actor):
        raise PermissionDenied(_("Peran Anda tidak diizinkan melihat NIK lengkap."))
    record(actor, Action.REVEAL, person, note="NIK/KK", request=request)
    return {"nik": person.nik, "kk": person.kk}


def open_person(actor, person, request=None):
    """Opening a person's page is a read of personal data (UU 27/2022): logged."""
    log_read(actor, person, request=request)
    return person


@transaction.atomic
def add_contact(actor, person, *, request=None, **data):
    _require_scope(actor, person.village_id)
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
    _require_scope(actor, contact.person.village_id)
    before = snapshot(contact)
    for key, value in data.items():
        setattr(contact, key, value)
    contact.save()
    log_update(actor, contact, before, request=request)
    return contact
