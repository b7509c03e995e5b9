"""Reference data: agencies (P3MI) and field recruiters."""


from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, log_update, record, snapshot
from core import datakeys

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


# --- Erasure of one recruiter on request (UU 27/2022) ------------------------------------------------------------

def recruiter_pseudonym(recruiter) -> str:
    """What the register shows of a recruiter once erased: no personal data, the row's own number."""
    return _("Perekrut #%(id)s") % {"id": recruiter.pk}


def recruiter_holds(recruiter) -> list[str]:
    """Reasons erasing the recruiter must wait (legal hold): an open complaint naming them needs the register's entry
    until it ends. The complaints belong to the cases app above this one, reached through the reverse relation of
    cases.Case.recruiter (related_name "cases", its manager's `open()`), never imported."""
    related = getattr(recruiter, "cases", None)
    if related is None:
        return []
    return [_("kasus %(ref)s yang menyebut perekrut ini masih terbuka") % {"ref": case.reference}
            for case in related.open().order_by("received_at", "id").only("pk")]


def erase_recruiter(actor, recruiter, *, request=None):
    """Erase one field recruiter's personal data on their request (UU 27/2022 art. 8): every value sealed under the
    recruiter's own data key (live and history rows; values not yet under it are sealed first,
    core.datakeys.shred_own), the key destroyed, so every copy of the rows and of the audit entries about them (a
    backup) opens to nothing. The name becomes a pseudonym ("Perekrut #12"), phone, notes and the keyed hashes are
    blanked in the live and every history row, and the row stays: placements and cases keep pointing at it. Refused
    while a legal hold stands (an open case naming the recruiter); the refusal is audited. Returns the recruiter."""
    require_perm(actor, "migrants.erase_recruiter", recruiter, _("Peran Anda tidak dapat menghapus data perekrut."))
    if recruiter.erased_at is not None:
        raise ValidationError({"recruiter": [_("Data pribadi perekrut ini sudah dihapus.")]})
    holds = recruiter_holds(recruiter)
    if holds:
        record(actor, Action.OTHER, recruiter, request=request,
               note=_("Penghapusan ditolak karena penahanan hukum: %(r)s") % {"r": "; ".join(holds)})
        raise ValidationError({"recruiter": [_("Data perekrut belum dapat dihapus: %(r)s.") % {"r": "; ".join(holds)}]})
    pseudonym = recruiter_pseudonym(recruiter)
    with transaction.atomic():
        destroyed = datakeys.shred_own(Recruiter, [recruiter.pk])
        name = Recruiter._meta.get_field("name").get_db_prep_save(pseudonym, connection)  # the deployment keys only
        now = timezone.now()
        datakeys.update_where(Recruiter, "id", ["name", "phone", "notes", "name_key", "phone_hash", "name_index",
                                                "erased_at", "updated_at"],
                              [(name, "", "", "", "", "", connection.ops.adapt_datetimefield_value(now),
                                connection.ops.adapt_datetimefield_value(now), recruiter.pk)])
        datakeys.update_where(Recruiter.history.model, "id", ["name", "phone", "notes"],
                              [(name, "", "", recruiter.pk)])
        # Named by type and id, not the record: an entry about the record would be sealed under a new key of it.
        record(actor, Action.DELETE, object_type="migrants.recruiter", object_id=str(recruiter.pk),
               object_repr=pseudonym, request=request,
               note=_("Data pribadi perekrut dihapus atas permintaan (kunci data dimusnahkan: %(n)s).")
               % {"n": destroyed})
    recruiter.__dict__.pop("_data_key_id", None)
    recruiter.refresh_from_db()
    return recruiter
