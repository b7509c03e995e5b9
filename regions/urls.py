from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("cari/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
]
