from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from payung import api

# URL prefix per app (Indonesian, as users see them). An app joins by having a urls.py.
APP_PREFIXES = {
    "core": "",
    "regions": "wilayah/",
    "accounts": "akun/",
    "onboarding": "kelola/",
    "audit": "audit/",
    "lawbook": "dasar-hukum/",
    "people": "warga/",
    "privacy": "data-pribadi/",
    "migrants": "pmi/",
    "cases": "kasus/",
    "village_services": "layanan/",
    "empowerment": "pemberdayaan/",
    "community": "komunitas/",
    "governance": "tata-kelola/",
    "reports": "laporan/",
    "maps": "peta/",
    "portal": "publik/",
    "messaging": "pesan/",
    "webhooks": "webhook/",
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include(api.urlpatterns)),
]
for app, prefix in APP_PREFIXES.items():
    if find_spec(f"{app}.urls"):
        urlpatterns.append(path(prefix, include(f"{app}.urls")))

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

