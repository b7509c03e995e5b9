"""OpenSID: importing its resident workbook (the shared preview and commit) and exporting a Data Suplemen
workbook of the village's migrant workers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_perm
from core.exports import export_response
from core.filters import filter_list
from people.models import Person

from .. import imports
from ..filters import PlacementFilter
from ..forms import OpenSIDImportForm
from ..imports.opensid import validate_opensid
from ..models import Placement
from ..opensid_export import suplemen_sheets


@login_required
def opensid_import(request):
    require_perm(request.user, "migrants.import_placements")  # a role anywhere; each row's village is checked
    form = OpenSIDImportForm(request.POST or None, request.FILES or None, user=request.user)
    preview = token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_IMPORT_BYTES:
            form.add_error("file", _("Berkas terlalu besar. Batas %(max)s MB.") % {
                "max": imports.MAX_IMPORT_BYTES // 1048576})
        else:
            preview = validate_opensid(upload.read(), request.user, form.cleaned_data["village"].code, upload.name)
            if preview.ok:
                token = imports.PreviewStore().keep(preview, request.user, upload.name).token
    status = 400 if (request.method == "POST" and (form.errors or (preview and not preview.ok))) else 200
    return render(request, "migrants/opensid_import.html", {
        "form": form, "preview": preview, "token": token,
        "commit_url": reverse("migrants:opensid_commit", args=[token]) if token else "",
        "shown_errors": preview.errors[:500] if preview else [],
        "shown_skipped": preview.skipped[:500] if preview else []}, status=status)


@login_required
@require_POST
def opensid_commit(request, token):
    require_perm(request.user, "migrants.import_placements")
    try:
        preview = imports.commit_kept(token, request.user, request=request)
    except imports.PreviewExpired:
        messages.error(request, _("Pratinjau impor sudah kedaluwarsa. Unggah ulang berkasnya."))
        return redirect("migrants:opensid_import")
    except imports.ImportBusy:
        return redirect("migrants:import_result", token=token)
    except imports.ImportRefused as exc:
        return render(request, "migrants/opensid_import.html", {
            "form": OpenSIDImportForm(user=request.user), "preview": exc.preview, "token": None,
            "shown_errors": exc.preview.errors[:500], "shown_skipped": exc.preview.skipped[:500]}, status=400)
    except DatabaseError:
        messages.error(request, _("Penyimpanan gagal karena gangguan basis data; tidak ada data yang tersimpan. "
                                  "Tekan Simpan semua untuk mencoba lagi."))
        return redirect("migrants:import_result", token=token)
    people = dict(Person.objects.visible_to(request.user).filter(
        nik_hash__in=[c["nik_hash"] for c in preview.candidates]).values_list("nik_hash", "pk"))
    candidates = [dict(c, person_pk=people.get(c["nik_hash"])) for c in preview.candidates]
    messages.success(request, _("Impor OpenSID selesai: %(pc)s warga baru, %(pu)s warga diperbarui, %(pn)s tidak "
                                "berubah, %(sk)s baris dilewati.") % {
        "pc": preview.people_create, "pu": preview.people_update, "pn": preview.people_unchanged,
        "sk": len(preview.skipped)})
    return render(request, "migrants/opensid_result.html", {"preview": preview, "candidates": candidates})


@login_required
def opensid_suplemen(request):
    """The placement list (same filters) as OpenSID's Data Suplemen workbook plus each person's
    `pekerja_migran` value."""
    require_perm(request.user, "migrants.import_placements")  # the village operators keeping OpenSID
    listing = filter_list(request, PlacementFilter, Placement.objects.visible_to(request.user), per_page=None)
    if not listing.valid:
        return listing.invalid_response()
    return export_response(
        request, fmt="xlsx", name="suplemen-pmi", sheets=suplemen_sheets(listing.qs),
        queryset=listing.qs, object_type="migrants.placement", filters=listing.active_filters(),
        description=_("Data Suplemen OpenSID: PMI"))
