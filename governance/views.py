from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm, require_perm
from accounts.scoping import user_scope_codes
from audit.services import snapshot
from core.actions import render_form, run_action, stream
from core.filters import filter_list, form_error_text
from core.mixins import get_visible_or_404
from regions.models import Region

from . import readiness, services
from .filters import BudgetLineFilter, ReadinessForm, RegulationFilter
from .forms import BudgetLineForm, MoveForm, RegulationForm, VersionForm
from .models import BudgetLine, Regulation, RegulationKind, RegulationVersion, Stage


@login_required
def regulation_list(request):
    listing = filter_list(request, RegulationFilter, Regulation.objects.visible_to(request.user).select_related(
        "village"), per_page=None)
    chosen = listing.active_filters()
    return render(request, "governance/regulation_list.html", {
        "regulations": listing.qs, "stages": Stage.choices, "kinds": RegulationKind.choices,
        "stage": chosen.get("stage"), "kind": chosen.get("kind"),
        "can_create": has_perm(request.user, "governance.edit_regulation"),
        "can_see_readiness": has_perm(request.user, "governance.view_readiness"),
    }, status=listing.status)


@login_required
def regulation_create(request):
    require_perm(request.user, "governance.edit_regulation")
    form = RegulationForm(request.POST or None, user=request.user, initial={"stage_since": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        reg = run_action(form, services.create_regulation, request.user, **form.cleaned_data)
        if reg:
            return redirect("governance:regulation", reg.pk)
    return render_form(request, form, title=_("Peraturan baru"), cancel_url=reverse("governance:regulations"))


@login_required
def regulation_edit(request, pk):
    reg = get_visible_or_404(Regulation, request.user, pk=pk)
    require_perm(request.user, "governance.edit_regulation", reg)
    before = snapshot(reg)
    form = RegulationForm(request.POST or None, instance=reg, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.number = form.cleaned_data.get("number", "")
        if run_action(form, services.update_regulation, request.user, form.instance, before):
            return redirect("governance:regulation", pk)
    return render_form(request, form, title=_("Ubah peraturan"), cancel_url=reverse("governance:regulation", args=[pk]))


@login_required
def regulation_detail(request, pk):
    reg = get_visible_or_404(Regulation.objects.select_related("village"), request.user, pk=pk)
    editable = has_perm(request.user, "governance.edit_regulation", reg)
    move_form = None
    if editable and services.next_stages(reg):
        move_form = MoveForm(initial={"date": timezone.localdate()})
        move_form.fields["stage"].choices = [(s.value, s.label) for s in services.next_stages(reg)]
    return render(request, "governance/regulation_detail.html", {
        "reg": reg, "events": reg.stage_events.all(), "versions": reg.versions.all(), "can_edit": editable,
        "move_form": move_form,
        "version_form": VersionForm(initial={"date": timezone.localdate()}) if editable else None,
    })


@login_required
@require_POST
def regulation_move(request, pk):
    reg = get_visible_or_404(Regulation, request.user, pk=pk)
    require_perm(request.user, "governance.edit_regulation", reg)
    form = MoveForm(request.POST)
    form.fields["stage"].choices = [(s.value, s.label) for s in services.next_stages(reg)]
    if form.is_valid() and run_action(form, services.move_stage, request.user, reg, form.cleaned_data["stage"],
                                      date=form.cleaned_data["date"], note=form.cleaned_data["note"],
                                      number=form.cleaned_data["number"]):
        messages.success(request, _("Tahap peraturan diperbarui."))
        return redirect("governance:regulation", pk)
    return render_form(request, form, title=_("Pindah tahap"), cancel_url=reverse("governance:regulation", args=[pk]))


@login_required
@require_POST
def version_add(request, pk):
    reg = get_visible_or_404(Regulation, request.user, pk=pk)
    require_perm(request.user, "governance.edit_regulation", reg)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid() and run_action(form, services.add_version, request.user, reg, **form.cleaned_data):
        messages.success(request, _("Versi diunggah."))
        return redirect("governance:regulation", pk)
    return render_form(request, form, title=_("Unggah versi"), multipart=True,
                       cancel_url=reverse("governance:regulation", args=[pk]))


@login_required
def version_file(request, pk):
    version = get_visible_or_404(RegulationVersion, request.user, pk=pk)
    return stream(version.file)


@login_required
def budget_list(request):
    visible = BudgetLine.objects.visible_to(request.user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    listing = filter_list(request, BudgetLineFilter, visible.select_related("village"), per_page=None)
    # The page shows one year: the one asked for, else the latest with lines.
    year = listing.filterset.form.cleaned_data.get("year") if listing.valid else None
    year = year or (years[0] if years else timezone.localdate().year)
    lines = listing.qs.filter(year=year)
    return render(request, "governance/budget_list.html", {
        "lines": lines, "year": year, "years": years, "planned": sum(b.planned for b in lines),
        "realised": sum(b.realised for b in lines), "can_create": has_perm(request.user, "governance.edit_budget"),
    }, status=listing.status)


@login_required
def budget_create(request):
    require_perm(request.user, "governance.edit_budget")
    form = BudgetLineForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        line = run_action(form, services.create_budget_line, request.user, **form.cleaned_data)
        if line:
            return redirect(reverse("governance:budget") + f"?year={line.year}")
    return render_form(request, form, title=_("Mata anggaran baru"), cancel_url=reverse("governance:budget"))


@login_required
def budget_edit(request, pk):
    line = get_visible_or_404(BudgetLine, request.user, pk=pk)
    require_perm(request.user, "governance.edit_budget", line)
    before = snapshot(line)
    form = BudgetLineForm(request.POST or None, instance=line, user=request.user)
    if request.method == "POST" and form.is_valid():
        if run_action(form, services.update_budget_line, request.user, form.instance, before):
            return redirect(reverse("governance:budget") + f"?year={line.year}")
    return render_form(request, form, title=_("Ubah mata anggaran"), cancel_url=reverse("governance:budget"))


@login_required
def readiness_table(request):
    if not has_perm(request.user, "governance.view_readiness"):
        raise PermissionDenied
    codes = user_scope_codes(request.user)
    # The area is a region inside the user's scope (the form's choices); default to the user's first region.
    form = ReadinessForm(request.GET, user=request.user)
    valid = form.is_valid()
    if not valid:
        messages.error(request, form_error_text(form))
    chosen = form.cleaned_data.get("wilayah") if valid else None
    area = chosen.code if chosen else (codes[0] if codes else "")
    if not area:
        return render(request, "governance/readiness.html", {"need_area": True, "checks": readiness.CHECKS},
                      status=200 if valid else 400)
    region = Region.objects.filter(code=area).first()
    rows = readiness.compute(area=area) if valid else []
    ready_count, total = sum(1 for r in rows if r.ready), len(rows)
    only_need = valid and form.cleaned_data["filter"] == "need"
    if only_need:
        rows = [r for r in rows if not r.ready]
    rows.sort(key=lambda r: (r.met - r.applicable, r.village.code))
    return render(request, "governance/readiness.html", {
        "rows": rows, "region": region, "area": area, "checks": readiness.CHECKS, "help": readiness.check_help(),
        "areas": [Region.objects.filter(code=c).first() for c in (codes or [])],
        "only_need": only_need, "ready_count": ready_count, "total": total,
    }, status=200 if valid else 400)
