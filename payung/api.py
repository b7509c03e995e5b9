"""Assembles /api/v1/: each app lists its viewsets in `<app>/api.py` as `routes`."""

from importlib import import_module
from importlib.util import find_spec

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.apps import apps
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

router = DefaultRouter()
for config in apps.get_app_configs():
    if config.name.count(".") == 0 and find_spec(f"{config.name}.api"):
        module = import_module(f"{config.name}.api")
        for prefix, viewset, basename in getattr(module, "routes", []):
            router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its start-up script as a file (script-src 'self'); Swagger UI's own page keeps a
    # small <style> block, so only this page may use inline styles.
    path("docs/", csp_update({"style-src": [UNSAFE_INLINE]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    *router.urls,
]
