from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error(request, status, title, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Permintaan tidak valid"), _("Periksa kembali alamat atau isian Anda."))


def permission_denied(request, exception=None):
    return _error(request, 403, _("Akses ditolak"), _("Anda tidak berwenang membuka halaman ini."))


def page_not_found(request, exception=None):
    return _error(request, 404, _("Tidak ditemukan"),
                  _("Halaman atau data yang Anda cari tidak ada, atau berada di luar wilayah Anda."))


def server_error(request):
    return _error(request, 500, _("Terjadi kesalahan"),
                  _("Maaf, terjadi kesalahan di server. Tidak ada data yang tersimpan sebagian; silakan coba lagi."))
