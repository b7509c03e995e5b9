"""A placement's national identifiers (ID PMI / E-PMI, E-KPMI card, national placement reference): one form page
per kind, reached from the placement's "Identitas nasional" section (migrants.panels)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.actions import render_form, run_action

from ..models import PlacementReference, PlacementReferenceKind
from ..reference_forms import ReferenceForm
from ..services.references import record_reference
from .placements import _placement_for


@login_required
def reference_edit(request, pk, kind):
    placement = _placement_for(request, pk, "migrants.edit_placement")  # 404 out of scope, then 403
    if kind not in PlacementReferenceKind.values:
        raise Http404
    ref = PlacementReference.objects.filter(placement=placement, kind=kind).first()
    form = ReferenceForm.for_reference(request.POST or None, ref)
    if request.method == "POST" and form.is_valid() and run_action(
            form, record_reference, request.user, placement, kind, request=request, **form.cleaned_data):
        messages.success(request, _("%(k)s tersimpan.") % {"k": PlacementReferenceKind(kind).label})
        return redirect(placement.get_absolute_url() + "#identitas")
    return render_form(request, form, title=_("%(k)s — %(p)s") % {
        "k": PlacementReferenceKind(kind).label, "p": placement.person.name},
        cancel_url=placement.get_absolute_url() + "#identitas")
