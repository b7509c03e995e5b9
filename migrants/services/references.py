"""Recording the identifiers a placement gets in national systems, and where each stands in being sent up.

`save_reference` is shared with the cases app (a case's SISKOP2MI and LAPOR! numbers follow the same rules)."""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.services import log_create, log_update, snapshot
from core.records import fail

from ..models import NOT_SENT_UPWARD, PlacementReference, ReferenceState

VALUE_MAX = 60


def save_reference(actor, model, parent, kind, *, value="", state=ReferenceState.TO_SEND, state_on=None,
                   request=None):
    """Create or change the `kind` identifier of `parent` (a dict naming the parent field). An acknowledged
    identifier needs its number; the state's date defaults to today and cannot be in the future."""
    kinds = dict(model._meta.get_field("kind").choices)
    if kind not in kinds:
        fail("kind", _("Jenis nomor tidak dikenal. Pilih salah satu: %(k)s.")
             % {"k": ", ".join(map(str, kinds.values()))})
    if state not in ReferenceState.values:
        fail("state", _("Status kirim tidak dikenal. Pilih: belum dikirim, terkirim, diterima atau gagal."))
    value = " ".join(str(value or "").split())
    if len(value) > VALUE_MAX:
        fail("value", _("Nomor paling panjang %(n)s karakter.") % {"n": VALUE_MAX})
    if state == ReferenceState.ACKNOWLEDGED and not value:
        fail("value", _("Nomor wajib diisi bila sudah diterima sistem tujuan."))
    today = timezone.localdate()
    state_on = state_on or today
    if state_on > today:
        fail("state_on", _("Tanggal status tidak boleh di masa depan."))
    with transaction.atomic():
        ref = model.objects.select_for_update().filter(kind=kind, **parent).first()
        if ref is None:
            ref = model.objects.create(kind=kind, value=value, state=state, state_on=state_on, **parent)
            log_create(actor, ref, request=request)
            return ref
        before = snapshot(ref)
        ref.value, ref.state, ref.state_on = value, state, state_on
        ref.save()
        log_update(actor, ref, before, request=request)
    return ref


def record_reference(actor, placement, kind, *, value="", state=ReferenceState.TO_SEND, state_on=None,
                     request=None):
    require_perm(actor, "migrants.edit_placement", placement)
    return save_reference(actor, PlacementReference, {"placement": placement}, kind, value=value, state=state,
                          state_on=state_on, request=request)


def not_sent_upward(queryset, related_model, parent_field):
    """The records of `queryset` not yet sent upward: one of their identifiers waits to be sent (or failed),
    or none has been sent at all."""
    refs = related_model.objects.filter(**{parent_field: OuterRef("pk")})
    return queryset.filter(Q(Exists(refs.filter(state__in=NOT_SENT_UPWARD)))
                           | ~Q(Exists(refs.exclude(state__in=NOT_SENT_UPWARD))))
