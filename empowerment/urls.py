from django.urls import path

from . import views

app_name = "empowerment"
urlpatterns = [
    path("", views.program_list, name="programs"),
    path("program/baru/", views.program_create, name="program_create"),
    path("program/<int:pk>/", views.program_detail, name="program"),
    path("program/<int:pk>/ubah/", views.program_edit, name="program_edit"),
    path("program/<int:pk>/status/", views.program_status, name="program_status"),
    path("program/<int:pk>/sesi/", views.session_add, name="session_add"),
    path("program/<int:pk>/peserta/", views.enrol, name="enrol"),
    path("sesi/<int:pk>/presensi/", views.attendance, name="attendance"),
    path("peserta/<int:pk>/hasil/", views.outcome, name="outcome"),
    path("usaha/", views.enterprise_list, name="enterprises"),
    path("usaha/baru/", views.enterprise_create, name="enterprise_create"),
    path("usaha/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("usaha/<int:pk>/ubah/", views.enterprise_edit, name="enterprise_edit"),
]
