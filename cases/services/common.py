"""Shared by the case actions: reference look-ups, small helpers and the service standards."""

import calendar
import datetime as dt
import re
import time
from functools import lru_cache

import lokal
from django.conf import settings
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

# The edited service standards ({category: (working days, priority)}, a dozen rows at most), read by every complaint
# recorded: kept per process like the rule book (lawbook.store), until a standard is saved or deleted in this
# process (at once, and again when that transaction commits; the writing transaction itself reads the table) or
# CASES_STANDARDS_CACHE_SECONDS pass (an edit in another process).
_standards = {"rows": None, "until": 0.0}


def forget_standards(*args, **kwargs):
    """A standard changed (post_save/post_delete of ServiceStandard, cases.apps): read them again."""
    _standards["rows"] = None
    if not _standards_pending():
        transaction.on_commit(_forget_standards_now)


def _forget_standards_now():
    _standards["rows"] = None


def _standards_pending():
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        hook is _forget_standards_now for _sids, hook, _robust in connection.run_on_commit)


def _read_standards():
    return {category: (days, priority) for category, days, priority
            in ServiceStandard.objects.values_list("category", "working_days", "priority")}


def _saved_standards():
    if _standards_pending():  # this transaction changed a standard: read them as they stand here, keep nothing
        return _read_standards()
    now = time.monotonic()
    rows = _standards["rows"]
    if rows is None or now > _standards["until"]:
        rows = _read_standards()
        _standards["rows"], _standards["until"] = rows, now + getattr(settings, "CASES_STANDARDS_CACHE_SECONDS", 30)
    return rows


def standard_for(category):
    """(working days, priority) in force for a category: the edited standard, else the rule book's version in
    force today (lawbook topic "complaint_category"), else the built-in default."""
    standard = _saved_standards().get(category)
    if standard:
        return standard
    law = store.rule("complaint_category", category, timezone.localdate())
    if law is not None and {"working_days", "priority"} <= set(law.params):
        return law.params["working_days"], law.params["priority"]
    _label, priority, days = reference.CATEGORIES[category]
    return days, priority


@lru_cache(maxsize=4096)
def add_working_days(day, days):
    """`day` + `days` working days (weekends, holidays, cuti bersama skipped): lokal's answer, a pure function of its
    built-in calendar, kept per process (every complaint of a day asks the same, walking the days one by one)."""
    return lokal.add_working_days(day, days)


def compute_due_date(category, received_on):
    """Due date = received date + the category's working days (weekends, holidays, cuti bersama skipped)."""
    days, _priority = standard_for(category)
    return add_working_days(received_on, days)


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
