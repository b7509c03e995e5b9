import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm, require_perm
from accounts.scoping import code_q
from core.exports import export_response
from core.mixins import get_visible_or_404
from people.models import Person

from . import importer, risk, services
from .forms import (
    AgencyForm,
    ContactLogForm,
    ContractExtensionForm,
    CostForm,
    DocumentForm,
    ImportForm,
    PlacementForm,
    RecruiterForm,
    TransitionForm,
)
from .models import Agency, ImportStatus, Placement, PlacementDocument, Recruiter, Sector, Status

LIST_TITLES = {
    "departing": _("Berangkat bulan ini"),
    "abroad": _("Sedang di luar negeri"),
    "due": _("Pulang dalam 30 hari"),
    "overdue": _("Lewat masa kontrak, belum tercatat pulang"),
    "lost": _("Hilang kontak"),
}


def _errors_to_form(form, exc):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def filtered_placements(request, which=None):
    qs = Placement.objects.visible_to(request.user).select_related("person", "village", "agency")
    if which:
        qs = services.monitoring(qs, which, days=_int(request.GET.get("days")))
    g = request.GET
    if g.get("status") in Status.values:
        qs = qs.filter(status=g["status"])
    if g.get("country"):
        qs = qs.filter(destination_country=g["country"].upper()[:2])
    if g.get("sector") in Sector.values:
        qs = qs.filter(sector=g["sector"])
    if g.get("flag") in dict(risk.flag_choices()):
        qs = qs.filter(flag_codes__contains=f",{g['flag']},")
    if g.get("region"):
        region = g["region"].strip()
        qs = qs.filter(code_q("village__code", region))
    if g.get("agency", "").isdigit():
        qs = qs.filter(agency_id=int(g["agency"]))
    q = g.get("q", "").strip()
    if q:
        from people.models import digits_hash
        from people.nik import clean_nik

        digits = clean_nik(q)
        if digits.isdigit() and len(digits) == 16:
            qs = qs.filter(person__nik_hash=digits_hash(digits))
        else:
            qs = qs.filter(Q(person__name__icontains=q) | Q(employer_name__icontains=q) | Q(national_id_ref=q))
    return qs


def _int(value):
    try:
        return max(1, min(int(value), 3650))
    except (TypeError, ValueError):
        return None


class CappedPaginator(Paginator):
    """A paginator that never counts more than it needs.

    Django's paginator counts the whole list for "page n of N"; at national scope that is a COUNT over a
    million placements on every page view. This one counts at most `cap` + 1 rows (or up to the requested
    page when that lies further): below the cap the count is exact; above it, `exact` is False, the page
    says "more than cap" and offers the next page as long as one more row exists.
    """

    MAX_PAGE = 10_000_000

    def __init__(self, object_list, per_page, cap, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.wanted = 1
        self.exact = True

    def get_page(self, number):
        try:
            # Bounded so that the count's LIMIT stays a database integer; a page past the end is the last page.
            self.wanted = min(max(1, int(number)), self.MAX_PAGE)
        except (TypeError, ValueError):
            self.wanted = 1
        # A page below 1 is the first page (Django would give the last, which an uncounted list does not know).
        return super().get_page(self.wanted)

    @cached_property
    def count(self):
        limit = max(self.cap, self.wanted * self.per_page)
        counted = self.object_list[:limit + 1].count()
        self.exact = counted <= limit
        return counted

    def page(self, number):
        """The page's ids first (an index scan past the offset), then only those rows with their joins: a deep
        page then skips 10,000 index entries instead of joining 10,000 people, villages and agencies."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


@login_required
def placement_list(request, which=None):
    if which and which not in services.MONITORING_LISTS:
        raise Http404
    qs = filtered_placements(request, which)
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "csv"):
        return export_placements(request, qs, fmt, LIST_TITLES.get(which, _("Daftar penempatan")))
    paginator = CappedPaginator(qs.order_by("-departure_date", "-id") if which else qs, 25,
                                cap=getattr(settings, "LIST_COUNT_CAP", 10_000))
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    from django_countries import countries

    return render(request, "migrants/placement_list.html", {
        "page": page, "which": which, "title": LIST_TITLES.get(which, _("Daftar penempatan")),
        "lists": LIST_TITLES, "statuses": Status.choices, "sectors": Sector.choices, "flags": risk.flag_choices(),
        "countries": countries, "query": query.urlencode(), "total": paginator.count,
        "exact": paginator.exact, "cap": paginator.cap,
        "lost_days": _int(request.GET.get("days")) or services.lost_contact_days(),
        "can_register": has_perm(request.user, "people.register_person"),
        "can_import": has_perm(request.user, "migrants.import_placements"),
    })


def export_placements(request, qs, fmt, title):
    headers = [_("NIK (tersamar)"), _("Nama"), _("Kode desa"), _("Desa"), _("Status"), _("Negara tujuan"),
               _("Sektor"), _("Jabatan"), _("Jenis pemberi kerja"), _("Skema"), _("P3MI"), _("Pemberi kerja"),
               _("Mulai kontrak"), _("Akhir kontrak"), _("Tanggal berangkat"), _("Perkiraan pulang"),
               _("Tanggal pulang"), _("ID SISKOP2MI"), _("Tanda risiko")]
    labels = dict(risk.flag_choices())

    def rows():
        for p in qs.iterator(chunk_size=2000):
            yield [p.person.masked_nik, p.person.name, p.village_id, p.village.name, p.get_status_display(),
                   p.destination_country.name if p.destination_country else "", p.get_sector_display(),
                   p.get_position_display(), p.get_employer_type_display(), p.get_scheme_display(),
                   p.agency.name if p.agency else "", p.employer_name, p.contract_start, p.contract_end,
                   p.departure_date, p.expected_return, p.actual_return, p.national_id_ref,
                   "; ".join(str(labels.get(c, c)) for c in p.flags)]

    return export_response(request, headers=headers, rows=rows(), fmt=fmt, name="penempatan", queryset=qs,
                           object_type="migrants.placement", description=str(title))


@login_required
def placement_create(request):
    person = get_visible_or_404(Person, request.user, pk=request.GET.get("person") or request.POST.get("person") or 0)
    require_perm(request.user, "migrants.register_placement", person)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.create_placement(request.user, person, request=request, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Penempatan tercatat. Lengkapi daftar periksa dokumen."))
            return redirect(placement)
    return render(request, "migrants/placement_form.html", {"form": form, "person": person,
                                                            "title": _("Catat penempatan")})


@login_required
def placement_edit(request, pk):
    placement = get_visible_or_404(Placement, request.user, pk=pk)
    require_perm(request.user, "migrants.edit_placement", placement)
    form = PlacementForm(request.POST or None, instance=placement)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_placement(request.user, Placement.objects.get(pk=pk), request=request,
                                      **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("migrants:detail", pk=pk)
    return render(request, "migrants/placement_form.html", {"form": form, "person": placement.person,
                                                            "placement": placement, "title": _("Ubah penempatan")})


def _detail_context(request, placement, **extra):
    services.ensure_checklist(placement)
    flags = risk.evaluate(placement)
    allowed = sorted(services.TRANSITIONS[Status(placement.status)], key=list(Status).index)
    context = {
        "placement": placement, "person": placement.person, "flags": flags,
        "blocking": [f for f in flags if f.blocking],
        "documents": placement.documents.all(), "costs": placement.costs.all(),
        "cost_total": sum(c.amount for c in placement.costs.all()),
        "contacts": placement.contacts.select_related("recorded_by"),
        "transition_form": TransitionForm(allowed=allowed, initial={"on": timezone.localdate()}),
        "cost_form": CostForm(), "contact_form": ContactLogForm(initial={"contacted_on": timezone.localdate()}),
        **placement_permissions(request.user, placement), "allowed": allowed,
        "complaint_available": services.overcharging_complaint_available(),
        "extension_form": ContractExtensionForm(),
        "zero_cost": placement.position in risk.ZERO_COST_POSITIONS,
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
        ("can_complain", "file_overcharging_complaint"), ("can_extend", "extend_contract"))}
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


def _action(request, placement, fn, success):
    """POST handlers share this: call the service, report the error in place, or redirect."""
    try:
        fn(placement)
    except ValidationError as exc:
        for message in (exc.messages if not hasattr(exc, "error_dict") else
                        [m for msgs in exc.message_dict.values() for m in msgs]):
            messages.error(request, message)
        return redirect(placement)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Anda tidak berwenang."))
        return redirect(placement)
    messages.success(request, success)
    return redirect(placement)


@login_required
@require_POST
def placement_transition(request, pk):
    placement = _placement_for(request, pk, "migrants.change_status")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih status baru."))
        return redirect(placement)
    data = form.cleaned_data
    return _action(request, placement, lambda p: services.transition(
        request.user, p, data["status"], note=data["note"], on=data["on"],
        override_reason=data["override_reason"], request=request), _("Status diperbarui."))


@login_required
@require_POST
def placement_extend(request, pk):
    """'Bekerja (kontrak diperpanjang)': a new contract end for a worker abroad."""
    placement = _placement_for(request, pk, "migrants.extend_contract")  # 404/403 before any input is read
    form = ContractExtensionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for e in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, e if str(e).startswith(str(label)) else f"{label}: {e}")
        return redirect(placement)
    data = form.cleaned_data
    return _action(request, placement, lambda p: services.extend_contract(
        request.user, p, data["contract_end"], note=data["note"], request=request),
        _("Kontrak diperpanjang sampai %(date)s.") % {"date": date_format(data["contract_end"])})


@login_required
@require_POST
def placement_verify(request, pk):
    placement = _placement_for(request, pk, "migrants.verify_placement")
    return _action(request, placement, lambda p: services.verify_placement(request.user, p, request=request),
                   _("Calon PMI terverifikasi oleh desa."))


@login_required
@require_POST
def placement_flag(request, pk):
    placement = _placement_for(request, pk, "migrants.set_flag")
    flag = request.POST.get("flag", "")
    value = request.POST.get("value") == "1"
    return _action(request, placement, lambda p: services.set_flag(request.user, p, flag, value, request=request),
                   _("Tanda diperbarui."))


@login_required
@require_POST
def cost_add(request, pk):
    placement = _placement_for(request, pk, "migrants.add_cost")
    form = CostForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {e}")
        return redirect(placement)
    return _action(request, placement, lambda p: services.add_cost(request.user, p, request=request,
                                                                   **form.cleaned_data), _("Biaya tercatat."))


@login_required
@require_POST
def contact_add(request, pk):
    placement = _placement_for(request, pk, "migrants.log_contact")
    form = ContactLogForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {e}")
        return redirect(placement)
    return _action(request, placement, lambda p: services.log_contact(request.user, p, request=request,
                                                               **form.cleaned_data), _("Kontak tercatat."))


@login_required
@require_POST
def overcharging_complaint(request, pk):
    placement = _placement_for(request, pk, "migrants.file_overcharging_complaint")
    try:
        case = services.complain_overcharging(request.user, placement, request=request)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(placement)
    messages.success(request, _("Pengaduan dibuat: %(case)s") % {"case": case})
    url = case.get_absolute_url() if hasattr(case, "get_absolute_url") else placement.get_absolute_url()
    return redirect(url)


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
            services.update_document(
                request.user, PlacementDocument.objects.get(pk=doc_pk), status=data["status"], number=data["number"],
                issued_on=data["issued_on"], expires_on=data["expires_on"], note=data["note"],
                scan=request.FILES.get("scan"), request=request)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error("status", str(exc))
        else:
            messages.success(request, _("Dokumen diperbarui."))
            return redirect(f"{placement.get_absolute_url()}#dokumen")
    return render(request, "migrants/document_form.html", {"form": form, "placement": placement,
                                                           "document": document})


@login_required
def document_scan(request, pk, doc_pk):
    """Stream a private scan to a user who may see the placement; never a public URL."""
    placement = get_visible_or_404(Placement, request.user, pk=pk)
    document = get_visible_or_404(PlacementDocument, request.user, pk=doc_pk, placement=placement)
    if not document.scan:
        raise Http404
    handle = services.open_scan(request.user, document, request=request)
    ext = os.path.splitext(document.scan.name)[1]
    response = FileResponse(handle, content_type=document.scan_content_type or "application/octet-stream",
                            as_attachment=False, filename=f"{document.kind}-{placement.pk}{ext}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; object-src 'self'; sandbox"
    return response


# --- Import ----------------------------------------------------------------------------------------

@login_required
def import_template(request):
    response = HttpResponse(importer.template_bytes(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pmi.xlsx"'
    return response


@login_required
def import_upload(request):
    require_perm(request.user, "migrants.import_placements")  # a role anywhere; each row's village is checked
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importer.MAX_IMPORT_BYTES:
            form.add_error("file", _("Berkas terlalu besar. Batas %(max)s MB.") % {
                "max": importer.MAX_IMPORT_BYTES // 1048576})
        else:
            preview = importer.validate(upload.read(), request.user, upload.name)
            if preview.ok:
                # The checked rows wait privately (encrypted) until the user confirms; the commit writes them
                # after re-checking what the database may have changed in between.
                token = importer.keep_preview(preview, request.user, upload.name).token
    return render(request, "migrants/import.html", {
        "form": form, "preview": preview, "token": token,
        "shown_errors": preview.errors[:500] if preview else [], "columns": importer.COLUMNS,
    })


@login_required
@require_POST
def import_commit(request, token):
    require_perm(request.user, "migrants.import_placements")
    try:
        preview = importer.commit_kept(token, request.user, request=request)
    except importer.PreviewExpired:
        messages.error(request, _("Pratinjau impor sudah kedaluwarsa. Unggah ulang berkasnya."))
        return redirect("migrants:import")
    except importer.ImportBusy as exc:
        # A second press of "Simpan semua", or a retry while the first runs: nothing is written twice.
        return _import_result_page(request, exc.batch, status=409, refused=True)
    except importer.ImportRefused as exc:
        return render(request, "migrants/import.html", {
            "form": ImportForm(), "preview": exc.preview, "token": None,
            "shown_errors": exc.preview.errors[:500], "columns": importer.COLUMNS,
        })
    except DatabaseError:
        # Lost connection, or another import wrote the same people meanwhile: rolled back, claim released.
        messages.error(request, _("Penyimpanan gagal karena gangguan basis data; tidak ada data yang tersimpan. "
                                  "Tekan Simpan semua untuk mencoba lagi."))
        return redirect("migrants:import_result", token=token)
    messages.success(request, _("Impor selesai: %(pc)s warga baru, %(pu)s warga diperbarui, %(lc)s penempatan "
                                "baru, %(lu)s penempatan diperbarui, %(rc)s perekrut baru.") % {
        "pc": preview.people_create, "pu": preview.people_update, "lc": preview.placements_create,
        "lu": preview.placements_update, "rc": len(preview.recruiters_create)})
    return redirect("migrants:import_result", token=token)


@login_required
def import_result(request, token):
    """Where an import stands: ready (with the button), being saved, or done with its counts."""
    require_perm(request.user, "migrants.import_placements")
    batch = importer.kept_import(token, request.user)
    if batch is None:
        raise Http404
    return _import_result_page(request, batch)


def _import_result_page(request, batch, status=200, refused=False):
    return render(request, "migrants/import_result.html", {
        "batch": batch, "refused": refused, "running": batch.status == ImportStatus.RUNNING,
        "done": batch.status == ImportStatus.DONE, "ready": batch.status == ImportStatus.READY,
        "stale_minutes": int(importer.claim_seconds() // 60)}, status=status)


# --- Agencies and recruiters -----------------------------------------------------------------------

@login_required
def agency_list(request):
    qs = Agency.objects.all()
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(licence_number__icontains=q))
    today = timezone.localdate()
    if request.GET.get("licence") == "invalid":
        qs = qs.filter(Q(licence_valid_until__lt=today) | Q(licence_valid_until__isnull=True) | Q(licence_revoked=True))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "migrants/agency_list.html", {"page": page, "today": today,
                                                         "can_edit": has_perm(request.user, "migrants.edit_agency")})


def _complaints_naming(field, obj, user):
    """Cases naming this agency/recruiter, if the cases app links them (repeat offenders show)."""
    try:
        from cases.models import Case
    except ImportError:
        return None
    if field not in {f.name for f in Case._meta.get_fields()}:
        return None
    qs = Case.objects.filter(**{field: obj})
    return qs.visible_to(user) if hasattr(qs, "visible_to") else qs.none()


@login_required
def agency_detail(request, pk):
    from django.shortcuts import get_object_or_404

    agency = get_object_or_404(Agency, pk=pk)
    placements = Placement.objects.visible_to(request.user).filter(agency=agency).select_related("person", "village")
    all_count = Placement.objects.filter(agency=agency).count()
    return render(request, "migrants/agency_detail.html", {
        "agency": agency, "placements": placements[:200], "visible_count": placements.count(),
        "all_count": all_count, "valid_today": agency.licence_valid_on(timezone.localdate()),
        "recruiters": agency.recruiters.all(), "complaints": _complaints_naming("agency", agency, request.user),
        "can_edit": has_perm(request.user, "migrants.edit_agency", agency),
        "flagged": placements.filter(flag_codes__contains=",agency_unlicensed,").count(),
    })


@login_required
def agency_edit(request, pk=None):
    from django.shortcuts import get_object_or_404

    require_perm(request.user, "migrants.edit_agency")
    agency = get_object_or_404(Agency, pk=pk) if pk else None
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        agency = services.save_agency(request.user, agency, request=request, **form.cleaned_data)
        messages.success(request, _("P3MI tersimpan."))
        return redirect(agency)
    return render(request, "migrants/simple_form.html", {"form": form, "title": _("P3MI"),
                                                         "back": reverse("migrants:agencies")})


@login_required
def agency_import(request):
    """Agencies from a spreadsheet: columns nama, no_sip3mi, berlaku_sejak, berlaku_sampai, alamat, telepon."""
    from . import reference_import

    require_perm(request.user, "migrants.edit_agency")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = reference_import.import_agencies(request.user, form.cleaned_data["file"].read(), request=request)
        if result.ok:
            messages.success(request, _("%(c)s P3MI baru, %(u)s diperbarui.") % {"c": result.created,
                                                                                 "u": result.updated})
            return redirect("migrants:agencies")
    return render(request, "migrants/agency_import.html", {"form": form, "result": result})


@login_required
def recruiter_list(request):
    qs = Recruiter.objects.select_related("claimed_agency")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(claimed_agency__name__icontains=q))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "migrants/recruiter_list.html", {
        "page": page, "can_import": has_perm(request.user, "migrants.edit_recruiter")})


@login_required
def recruiter_detail(request, pk):
    from django.shortcuts import get_object_or_404

    recruiter = get_object_or_404(Recruiter.objects.select_related("claimed_agency"), pk=pk)
    placements = Placement.objects.visible_to(request.user).filter(recruiter=recruiter).select_related("person")
    return render(request, "migrants/recruiter_detail.html", {
        "recruiter": recruiter, "placements": placements[:200], "visible_count": placements.count(),
        "all_count": Placement.objects.filter(recruiter=recruiter).count(),
        "complaints": _complaints_naming("recruiter", recruiter, request.user),
        "can_edit": has_perm(request.user, "migrants.edit_recruiter", recruiter),
    })


@login_required
def recruiter_edit(request, pk=None):
    from django.shortcuts import get_object_or_404

    require_perm(request.user, "migrants.edit_recruiter")
    recruiter = get_object_or_404(Recruiter, pk=pk) if pk else None
    form = RecruiterForm(request.POST or None, instance=recruiter)
    if request.method == "POST" and form.is_valid():
        recruiter = services.save_recruiter(request.user, recruiter, request=request, **form.cleaned_data)
        messages.success(request, _("Perekrut tersimpan."))
        return redirect(recruiter)
    return render(request, "migrants/simple_form.html", {"form": form, "title": _("Perekrut lapangan"),
                                                         "back": reverse("migrants:recruiters")})


@login_required
def recruiter_import(request):
    """Recruiters from a spreadsheet: columns nama, telepon, p3mi, kode_wilayah, catatan."""
    from . import reference_import

    require_perm(request.user, "migrants.edit_recruiter")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = reference_import.import_recruiters(request.user, form.cleaned_data["file"].read(), request=request)
        if result.ok:
            messages.success(request, _("%(c)s perekrut baru, %(u)s diperbarui.") % {"c": result.created,
                                                                                     "u": result.updated})
            return redirect("migrants:recruiters")
    return render(request, "migrants/recruiter_import.html", {"form": form, "result": result})
