"""Shared by the case actions: reference look-ups, small helpers and the service standards."""

import calendar
import datetime as dt
import re

import lokal
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.services import log_create, log_update, snapshot
from core.crypto import keyed_hash
from lawbook import store

from .. import reference
from ..models import (
    Category,
    Priority,
    ServiceStandard,
)
from ..texts import compose


def standard_for(category):
    """(working days, priority) in force for a category: the edited standard, else the rule book's version in
    force today (lawbook topic "complaint_category"), else the built-in default."""
    standard = ServiceStandard.objects.filter(category=category).first()
    if standard:
        return standard.working_days, standard.priority
    law = store.rule("complaint_category", category, timezone.localdate())
    if law is not None and {"working_days", "priority"} <= set(law.params):
        return law.params["working_days"], law.params["priority"]
    _label, priority, days = reference.CATEGORIES[category]
    return days, priority


def compute_due_date(category, received_on):
    """Due date = received date + the category's working days (weekends, holidays, cuti bersama skipped)."""
    days, _priority = standard_for(category)
    return lokal.add_working_days(received_on, days)


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def nik_hash(nik):
    return keyed_hash(nik) if nik else ""


def _digits(value):
    return re.sub(r"\D", "", value or "")


def _actor_name(actor):
    return str(actor)[:150] if actor is not None and getattr(actor, "is_authenticated", False) else ""


def _case_url(case):
    return reverse("cases:detail", args=[case.pk])


def _user(actor):
    return actor if _actor_name(actor) else None


@transaction.atomic
def set_standard(actor, category, working_days, priority, note=""):
    require_perm(actor, "cases.edit_standards", None,
                 _("Hanya petugas kabupaten ke atas yang dapat mengubah standar layanan."))
    if category not in Category.values:
        raise ValidationError({"category": _("Kategori tidak dikenal.")})
    if not 1 <= int(working_days) <= 365:
        raise ValidationError({"working_days": _("Batas waktu harus antara 1 dan 365 hari kerja.")})
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Prioritas tidak dikenal.")})
    standard, created = ServiceStandard.objects.get_or_create(
        category=category, defaults={"working_days": working_days, "priority": priority, "note": note})
    if created:
        log_create(actor, standard)
    else:
        before = snapshot(standard)
        standard.working_days, standard.priority, standard.note = working_days, priority, note
        standard.save()
        log_update(actor, standard, before)
    return standard


def _entry(*parts):
    """text= and text_parts= of a timeline entry Payung writes (cases.texts.compose)."""
    text, stored = compose(*parts)
    return {"text": text, "text_parts": stored}
