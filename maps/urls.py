from django.urls import path

from . import views

app_name = "maps"
urlpatterns = [
    path("", views.index, name="index"),
    path("data.json", views.data, name="data"),
    path("publik/", views.public, name="public"),
    path("publik/data.json", views.public_data, name="public_data"),
    path("<str:code>/", views.region_map, name="region"),
]
