import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regions.services import scope_summary

from . import registry


def home(request):
    # Anonymous visitors (migrants, families) get the public portal; staff sign in from there.
    if not request.user.is_authenticated:
        return redirect("portal:landing")
    return render(request, "core/home.html", {
        "scopes": scope_summary(request.user),
        "figures": registry.home_figures(request.user),
    })


def favicon(request):
    """/favicon.ico for browsers and feed readers that ask the site root (pages link the hashed copy)."""
    from django.contrib.staticfiles import finders
    from django.http import FileResponse

    return FileResponse(open(finders.find("favicon.ico"), "rb"), content_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=604800"})


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_response(request, status, title, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400, _("Permintaan tidak valid"), _("Periksa kembali alamat atau isian Anda."))


def permission_denied(request, exception=None):
    return error_response(request, 403, _("Akses ditolak"), _("Anda tidak berwenang membuka halaman ini."))


def page_not_found(request, exception=None):
    return error_response(request, 404, _("Tidak ditemukan"),
                  _("Halaman atau data yang Anda cari tidak ada, atau berada di luar wilayah Anda."))


def server_error(request):
    # handler500 runs inside the except block of the failure: a database outage met in a middleware (session,
    # user) or while rendering another error page is answered with the outage page, not a 500.
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_OUTAGE_ERRORS):
        return database_unavailable(request)
    title = _("Terjadi kesalahan")
    message = _("Maaf, terjadi kesalahan di server. Tidak ada data yang tersimpan sebagian; silakan coba lagi.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=500)
    # Rendered without the request's context processors, as Django does: nothing may touch the database.
    return HttpResponse(render_to_string("500.html", {"title": title, "message": message}), status=500)


# Every failure to reach or use the database: connection refused or lost, "database is locked", a statement
# cancelled by a failover. All are temporary from the user's point of view.
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """503 with a retry hint (header and text), in the visitor's language, built without the database."""
    from .middleware import chosen_language

    with translation.override(chosen_language(request)):
        title = _("Layanan sedang terganggu")
        message = _("Basis data Payung sedang tidak dapat dihubungi. Tidak ada data yang tersimpan sebagian; "
                    "isian Anda belum terkirim.")
        retry = ngettext("Coba lagi dalam %(seconds)d detik.", "Coba lagi dalam %(seconds)d detik.",
                         RETRY_AFTER_SECONDS) % {"seconds": RETRY_AFTER_SECONDS}
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": f"{message} {retry}"}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {
                "title": title, "message": message, "retry_after": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def key_problem(request):
    # Status 500: a server misconfiguration (core.crypto.DecryptionError) that retrying does not cure.
    return error_response(request, 500, _("Masalah kunci enkripsi"),
                          _("Data terenkripsi (NIK, isi surat, dan sejenisnya) tidak dapat dibuka dengan kunci "
                            "enkripsi yang terpasang di server (FIELD_ENCRYPTION_KEYS): kunci yang dipakai "
                            "menyimpan data ini tidak terpasang. Tidak ada data yang diubah. Hubungi administrator "
                            "sistem agar memasang kembali kunci yang benar."))
