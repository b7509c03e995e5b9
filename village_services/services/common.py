"""Shared by the service actions: the villages a user operates, random codes, working days, applicant input."""

import secrets
from datetime import timedelta
from functools import reduce
from operator import or_

import lokal
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import regions_with_role
from accounts.scoping import code_q
from people.nik import optional_nik
from regions.models import Region

from ..rules import VILLAGE_OFFICE_ROLES

# Crockford base32: no I, L, O, U, so a code read aloud or retyped from paper is unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VERIFICATION_CODE_LENGTH = 12  # 60 random bits: guessing one valid code is hopeless even at scale
TRACKING_CODE_LENGTH = 10  # 50 random bits, and lookups are throttled


# --- Permissions (services/rules.py) ------------------------------------------------------------

def operated_villages(user):
    """Villages (level 4) where the user acts as the village office: the choices of the forms."""
    qs = Region.objects.villages().active()
    codes = regions_with_role(user, VILLAGE_OFFICE_ROLES)
    if codes is None:
        return qs
    return qs.filter(reduce(or_, (code_q("code", code) for code in codes), Q(pk__in=[])))


# --- Codes --------------------------------------------------------------------------------------

def random_code(length):
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(raw):
    """Uppercase, drop separators, and read the look-alikes the way Crockford base32 does."""
    text = (raw or "").upper().replace("-", "").replace(" ", "")
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return text


def display_code(code):
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _unique_code(model, field, length):
    for _attempt in range(10):
        code = random_code(length)
        if not model.objects.filter(**{field: code}).exists():
            return code
    raise RuntimeError("could not draw a unique code")


# --- Working days -------------------------------------------------------------------------------

def is_working_day(day):
    try:
        return lokal.is_working_day(day)
    except Exception:
        # lokal-id carries national holidays for the years the SKB 3 Menteri has been published;
        # outside them only weekends are known.
        return day.weekday() < 5


def add_working_days(start, days):
    day = start
    added = 0
    while added < days:
        day += timedelta(days=1)
        if is_working_day(day):
            added += 1
    return day


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def local_today():
    return timezone.localdate()


# --- Applicant input ----------------------------------------------------------------------------

def clean_nik(nik, field="nik"):
    """The one NIK rule (people.nik), for a NIK a request or letter may leave out."""
    return optional_nik(nik, field)


def clean_phone(phone, field="phone", required=False):
    phone = (phone or "").strip()
    if not phone:
        if required:
            raise ValidationError({field: _("Nomor HP wajib diisi agar petugas dapat menghubungi Anda.")})
        return ""
    info = lokal.parse_phone(phone)
    if not info.valid:
        raise ValidationError({field: _("Nomor HP tidak valid. Tulis seperti 0812 3456 7890.")})
    return info.e164
