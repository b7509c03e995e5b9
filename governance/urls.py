from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.regulation_list, name="regulations"),
    path("peraturan/baru/", views.regulation_create, name="regulation_create"),
    path("peraturan/<int:pk>/", views.regulation_detail, name="regulation"),
    path("peraturan/<int:pk>/ubah/", views.regulation_edit, name="regulation_edit"),
    path("peraturan/<int:pk>/tahap/", views.regulation_move, name="regulation_move"),
    path("peraturan/<int:pk>/versi/", views.version_add, name="version_add"),
    path("versi/<int:pk>/berkas/", views.version_file, name="version_file"),
    path("anggaran/", views.budget_list, name="budget"),
    path("anggaran/baru/", views.budget_create, name="budget_create"),
    path("anggaran/<int:pk>/ubah/", views.budget_edit, name="budget_edit"),
    path("kesiapan-desa/", views.readiness_table, name="readiness"),
]
