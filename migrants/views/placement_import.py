"""Importing placements from a spreadsheet: template, upload and preview, commit, result."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_perm

from .. import imports
from ..forms import ImportForm
from ..models import ImportStatus


@login_required
def import_template(request):
    response = HttpResponse(imports.template_bytes(),
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
        if upload.size > imports.MAX_IMPORT_BYTES:
            form.add_error("file", _("Berkas terlalu besar. Batas %(max)s MB.") % {
                "max": imports.MAX_IMPORT_BYTES // 1048576})
        else:
            preview = imports.validate(upload.read(), request.user, upload.name)
            if preview.ok:
                # The checked rows wait privately (encrypted) until the user confirms; the commit writes them
                # after re-checking what the database may have changed in between.
                token = imports.PreviewStore().keep(preview, request.user, upload.name).token
    return render(request, "migrants/import.html", {
        "form": form, "preview": preview, "token": token,
        "shown_errors": preview.errors[:500] if preview else [], "columns": imports.column_help(),
    })


@login_required
@require_POST
def import_commit(request, token):
    require_perm(request.user, "migrants.import_placements")
    try:
        preview = imports.commit_kept(token, request.user, request=request)
    except imports.PreviewExpired:
        messages.error(request, _("Pratinjau impor sudah kedaluwarsa. Unggah ulang berkasnya."))
        return redirect("migrants:import")
    except imports.ImportBusy as exc:
        # A second press of "Simpan semua", or a retry while the first runs: nothing is written twice.
        return _import_result_page(request, exc.batch, status=409, refused=True)
    except imports.ImportRefused as exc:
        return render(request, "migrants/import.html", {
            "form": ImportForm(), "preview": exc.preview, "token": None,
            "shown_errors": exc.preview.errors[:500], "columns": imports.column_help(),
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
    batch = imports.PreviewStore().find(token, request.user)
    if batch is None:
        raise Http404
    return _import_result_page(request, batch)


def _import_result_page(request, batch, status=200, refused=False):
    return render(request, "migrants/import_result.html", {
        "batch": batch, "refused": refused, "running": batch.status == ImportStatus.RUNNING,
        "done": batch.status == ImportStatus.DONE, "ready": batch.status == ImportStatus.READY,
        "stale_minutes": int(imports.PreviewStore.claim_seconds() // 60)}, status=status)
