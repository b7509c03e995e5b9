"""Assembles /api/v1/: each app lists its viewsets in `<app>/api.py` as `routes`."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

router = DefaultRouter()
for config in apps.get_app_configs():
    if config.name.count(".") == 0 and find_spec(f"{config.name}.api"):
        module = import_module(f"{config.name}.api")
        for prefix, viewset, basename in getattr(module, "routes", []):
            router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
