"""Placement lists and exports, the placement form, its page and the actions on it."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm, require_perm
from core.actions import check_form, post_action, render_form, run_action, stream
from core.exports import export_response
from core.filters import CappedPaginator, filter_list
from core.mixins import get_visible_or_404
from people.exports import wants_whole_nik
from people.models import Person

from .. import exports, risk, services
from ..filters import PlacementFilter
from ..forms import (
    ContactLogForm,
    ContractExtensionForm,
    CostForm,
    DocumentChecklistForm,
    DocumentForm,
    PlacementForm,
    TransitionForm,
)
from ..models import Placement, PlacementDocument, Sector, Status

LIST_TITLES = {
    "departing": _lazy("Berangkat bulan ini"),
    "abroad": _lazy("Sedang di luar negeri"),
    "due": _lazy("Pulang dalam 30 hari"),
    "overdue": _lazy("Lewat masa kontrak, belum tercatat pulang"),
    "lost": _lazy("Hilang kontak"),
}


def filtered_placements(request, which=None):
    qs = Placement.objects.visible_to(request.user).select_related("person", "village", "agency")
    if which:
        qs = qs.order_by("-departure_date", "-id")
    # The workers' data keys primed with the page's ids: their sealed names and IDs open without a key look-up per
    # row.
    return filter_list(request, PlacementFilter, qs, fixed={"monitoring": which}, paginator_class=CappedPaginator)


@login_required
def placement_list(request, which=None):
    if which and which not in services.MONITORING_LISTS:
        raise Http404
    listing = filtered_placements(request, which)
    title = LIST_TITLES.get(which, _("Daftar penempatan"))
    if listing.export_format:
        return listing.invalid_response() or export_placements(request, listing.qs, listing.export_format, title,
                                                               filters=listing.active_filters())
    from django_countries import countries

    paginator = listing.page.paginator
    days = listing.form.cleaned_data.get("days") if listing.valid else None
    return render(request, "migrants/placement_list.html", {
        "page": listing.page, "which": which, "title": title,
        "lists": LIST_TITLES, "statuses": Status.choices, "sectors": Sector.choices, "flags": risk.flag_choices(),
        "countries": countries, "total": paginator.count,
        "exact": paginator.exact, "cap": paginator.cap,
        "lost_days": int(days) if days else services.lost_contact_days(),
        "can_register": has_perm(request.user, "people.register_person"),
        "can_import": has_perm(request.user, "migrants.import_placements"),
    }, status=listing.status)


def export_placements(request, qs, fmt, title, filters=None):
    """The list as the import's columns with each record's ID: edit the file and import it again."""
    whole = wants_whole_nik(request)
    return export_response(request, headers=exports.placement_headers(), fmt=fmt, name="penempatan", queryset=qs,
                           rows=exports.placement_rows(qs, request.user, whole), object_type="migrants.placement",
                           description=exports.description(title, exports.reveals_any(qs, request.user, whole)),
                           filters=filters)


@login_required
def placement_create(request):
    person = get_visible_or_404(Person, request.user, pk=request.GET.get("person") or request.POST.get("person") or 0)
    require_perm(request.user, "migrants.register_placement", person)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        placement = run_action(form, services.create_placement, request.user, person, request=request,
                               **form.cleaned_data)
        if placement:
            messages.success(request, _("Penempatan tercatat. Lengkapi daftar periksa dokumen."))
            return redirect(placement)
    return render_form(request, form, title=_("Catat penempatan"), cancel_url=person.get_absolute_url(),
                       template="migrants/placement_form.html", person=person)


@login_required
def placement_edit(request, pk):
    placement = get_visible_or_404(Placement, request.user, pk=pk)
    require_perm(request.user, "migrants.edit_placement", placement)
    form = PlacementForm(request.POST or None, instance=placement)
    if request.method == "POST" and form.is_valid():
        if run_action(form, services.update_placement, request.user, Placement.objects.get(pk=pk), request=request,
                      **form.cleaned_data):
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("migrants:detail", pk=pk)
    return render_form(request, form, title=_("Ubah penempatan"), cancel_url=placement.get_absolute_url(),
                       template="migrants/placement_form.html", person=placement.person, placement=placement)


def _detail_context(request, placement, **extra):
    services.ensure_checklist(placement)
    flags = risk.evaluate(placement)
    allowed = services.allowed_transitions(placement)
    context = {
        "placement": placement, "person": placement.person, "flags": flags,
        "blocking": [f for f in flags if f.blocking],
        "documents": placement.documents.all(), "costs": placement.costs.all(),
        "cost_total": sum(c.amount for c in placement.costs.all()),
        "contacts": placement.contacts.select_related("recorded_by"),
        "transition_form": TransitionForm(allowed=allowed, initial={"on": timezone.localdate()}),
        "cost_form": CostForm(), "contact_form": ContactLogForm(initial={"contacted_on": timezone.localdate()}),
        **placement_permissions(request.user, placement), "allowed": allowed,
        "extension_form": ContractExtensionForm(),
        "zero_cost": placement.position in risk.zero_cost(placement.departure_date or timezone.localdate())[0],
        "early": services.early_movement(placement),
    }
    context.update(extra)
    return context


def placement_permissions(user, placement):
    """What the placement page offers this user: each button asks the permission of its action, with the
    placement (a role counts only in its own membership's villages)."""
    perms = {name: has_perm(user, f"migrants.{perm}", placement) for name, perm in (
        ("can_edit", "edit_placement"), ("can_transition", "change_status"), ("can_verify", "verify_placement"),
        ("can_override", "override_flag"), ("can_set_flag", "set_flag"), ("can_add_cost", "add_cost"),
        ("can_log_contact", "log_contact"), ("can_edit_documents", "edit_document"),
        ("can_extend", "extend_contract"))}
    # Offered while the worker is abroad (the service names the status otherwise).
    perms["can_extend"] = perms["can_extend"] and Status(placement.status) in services.ABROAD
    return perms


@login_required
def placement_detail(request, pk):
    placement = get_visible_or_404(Placement.objects.select_related("person", "agency", "recruiter", "village"),
                                   request.user, pk=pk)
    return render(request, "migrants/placement_detail.html", _detail_context(request, placement))


def _placement_for(request, pk, perm):
    """Out of scope is a 404; in scope without the permission for this placement a 403."""
    placement = get_visible_or_404(Placement.objects.select_related("person", "agency"), request.user, pk=pk)
    require_perm(request.user, perm, placement)
    return placement


@login_required
@require_POST
def placement_transition(request, pk):
    placement = _placement_for(request, pk, "migrants.change_status")
    form = TransitionForm(request.POST)

    def transition():
        if not form.is_valid():
            raise ValidationError(_("Pilih status baru."))
        data = form.cleaned_data
        services.transition(request.user, placement, data["status"], note=data["note"], on=data["on"],
                            override_reason=data["override_reason"], request=request)

    return post_action(request, transition, success=_("Status diperbarui."), then=placement)


@login_required
@require_POST
def placement_extend(request, pk):
    """'Bekerja (kontrak diperpanjang)': a new contract end for a worker abroad."""
    placement = _placement_for(request, pk, "migrants.extend_contract")  # 404/403 before any input is read
    form = ContractExtensionForm(request.POST)

    def extend():
        data = check_form(form)
        services.extend_contract(request.user, placement, data["contract_end"], note=data["note"], request=request)

    return post_action(request, extend, then=placement, success=lambda _result: _(
        "Kontrak diperpanjang sampai %(date)s.") % {"date": date_format(form.cleaned_data["contract_end"])})


@login_required
@require_POST
def placement_verify(request, pk):
    placement = _placement_for(request, pk, "migrants.verify_placement")
    return post_action(request, lambda: services.verify_placement(request.user, placement, request=request),
                       success=_("Calon PMI terverifikasi oleh desa."), then=placement)


@login_required
@require_POST
def placement_flag(request, pk):
    placement = _placement_for(request, pk, "migrants.set_flag")
    flag = request.POST.get("flag", "")
    value = request.POST.get("value") == "1"
    return post_action(request, lambda: services.set_flag(request.user, placement, flag, value, request=request),
                       success=_("Tanda diperbarui."), then=placement)


@login_required
@require_POST
def cost_add(request, pk):
    placement = _placement_for(request, pk, "migrants.add_cost")
    form = CostForm(request.POST)
    return post_action(request, lambda: services.add_cost(request.user, placement, request=request,
                                                          **check_form(form)),
                       success=_("Biaya tercatat."), then=placement)


@login_required
@require_POST
def contact_add(request, pk):
    placement = _placement_for(request, pk, "migrants.log_contact")
    form = ContactLogForm(request.POST)
    return post_action(request, lambda: services.log_contact(request.user, placement, request=request,
                                                             **check_form(form)),
                       success=_("Kontak tercatat."), then=placement)


@login_required
def document_edit(request, pk, doc_pk):
    placement = get_visible_or_404(Placement, request.user, pk=pk)
    document = get_visible_or_404(PlacementDocument, request.user, pk=doc_pk, placement=placement)
    require_perm(request.user, "migrants.edit_document", document)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document,
                        can_verify=has_perm(request.user, "migrants.verify_document", document))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = run_action(form, services.update_document, request.user, PlacementDocument.objects.get(pk=doc_pk),
                              status=data["status"], number=data["number"], issued_on=data["issued_on"],
                              expires_on=data["expires_on"], note=data["note"], scan=request.FILES.get("scan"),
                              request=request)
        except PermissionDenied as exc:  # verifying without the verifier's role: said next to the status
            form.add_error("status", str(exc))
            done = None
        if done:
            messages.success(request, _("Dokumen diperbarui."))
            return redirect(f"{placement.get_absolute_url()}#dokumen")
    return render_form(request, form, title=_("Dokumen penempatan"), cancel_url=placement.get_absolute_url(),
                       template="migrants/document_form.html", placement=placement, document=document)


@login_required
def document_checklist(request, pk):
    """The whole checklist on one page: fill in and verify several documents, one save (all or nothing)."""
    placement = _placement_for(request, pk, "migrants.edit_document")
    services.ensure_checklist(placement)
    documents = list(placement.documents.all())
    form = DocumentChecklistForm(request.POST or None, request.FILES or None, documents=documents,
                                 can_verify=has_perm(request.user, "migrants.verify_document", placement))
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        done = run_action(form, services.update_documents, request.user, placement, changes, request=request)
        if done:
            messages.success(request, _("Daftar periksa tersimpan: %(n)s dokumen diperbarui.") % {"n": len(changes)})
            return redirect(f"{placement.get_absolute_url()}#dokumen")
    return render_form(request, form, title=_("Daftar periksa dokumen"), cancel_url=placement.get_absolute_url(),
                       template="migrants/document_checklist.html", placement=placement, multipart=True)


@login_required
def document_scan(request, pk, doc_pk):
    """Stream a private scan to a user who may see the placement; never a public URL."""
    placement = get_visible_or_404(Placement, request.user, pk=pk)
    document = get_visible_or_404(PlacementDocument, request.user, pk=doc_pk, placement=placement)
    if not document.scan:
        raise Http404
    ext = os.path.splitext(document.scan.name)[1]
    return stream(services.open_scan(request.user, document, request=request), sandbox=True,
                  content_type=document.scan_content_type or None, filename=f"{document.kind}-{placement.pk}{ext}")
