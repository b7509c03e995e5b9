"""A case's numbers in the complaint systems above (SISKOP2MI complaint number, LAPOR! ticket): one form page
per kind, reached from the case's "Nomor pengaduan di sistem nasional" section (cases.panels)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from core.actions import render_form, run_action
from migrants.reference_forms import ReferenceForm

from ..models import CaseReference, CaseReferenceKind
from ..services.references import record_case_reference
from .detail import _visible_case


@login_required
def reference_edit(request, pk, kind):
    case = _visible_case(request, pk)  # 404 out of scope
    require_perm(request.user, "cases.edit_case", case)  # then 403
    if kind not in CaseReferenceKind.values:
        raise Http404
    ref = CaseReference.objects.filter(case=case, kind=kind).first()
    form = ReferenceForm.for_reference(request.POST or None, ref)
    if request.method == "POST" and form.is_valid() and run_action(
            form, record_case_reference, request.user, case, kind, request=request, **form.cleaned_data):
        messages.success(request, _("%(k)s tersimpan.") % {"k": CaseReferenceKind(kind).label})
        return redirect(reverse("cases:detail", args=[case.pk]) + "#identitas")
    return render_form(request, form, title=_("%(k)s — %(c)s") % {"k": CaseReferenceKind(kind).label, "c": case},
                       cancel_url=reverse("cases:detail", args=[case.pk]) + "#identitas")
