"""Reference data: agencies (P3MI) and field recruiters."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.services import log_create, log_update, snapshot

from ..models import (
    Agency,
    Recruiter,
)
from .lifecycle import ABROAD, PRE_DEPARTURE, recompute_flags


@transaction.atomic
def save_agency(actor, agency, *, request=None, **data):
    require_perm(actor, "migrants.edit_agency", agency, _("Peran Anda tidak dapat mengubah data P3MI."))
    if data.get("licence_valid_from") and data.get("licence_valid_until") and \
            data["licence_valid_until"] < data["licence_valid_from"]:
        raise ValidationError({"licence_valid_until": _("Akhir masa berlaku harus sesudah awalnya.")})
    creating = agency is None or agency.pk is None
    agency = agency or Agency()
    before = None if creating else snapshot(agency)
    for key, value in data.items():
        setattr(agency, key, value)
    agency.save()
    if creating:
        log_create(actor, agency, request=request)
    else:
        log_update(actor, agency, before, request=request)
        for placement in agency.placements.filter(status__in=PRE_DEPARTURE + ABROAD):
            recompute_flags(placement)
    return agency


@transaction.atomic
def save_recruiter(actor, recruiter, *, request=None, **data):
    require_perm(actor, "migrants.edit_recruiter", recruiter, _("Peran Anda tidak dapat mengubah data perekrut."))
    creating = recruiter is None or recruiter.pk is None
    if not creating and recruiter.erased_at is not None:
        raise ValidationError({"name": [_("Data pribadi perekrut ini sudah dihapus; catat sebagai perekrut baru.")]})
    recruiter = recruiter or Recruiter()
    before = None if creating else snapshot(recruiter)
    for key, value in data.items():
        setattr(recruiter, key, value)
    recruiter.save()
    if creating:
        log_create(actor, recruiter, request=request)
    else:
        log_update(actor, recruiter, before, request=request)
    return recruiter

