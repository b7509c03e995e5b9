from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.request_list, name="requests"),
    path("baru/", views.request_create, name="request_create"),
    path("ajukan/", views.public_request, name="public_request"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/identitas/", views.check_identity, name="check_identity"),
    path("<int:pk>/jawab/", views.answer, name="answer"),
    path("<int:pk>/berkas.pdf", views.access_pdf, name="access_pdf"),
    path("<int:pk>/berkas.json", views.access_json, name="access_json"),
    path("warga/<int:pk>/", views.person_privacy, name="person"),
    path("insiden/", views.breach_list, name="breaches"),
    path("insiden/baru/", views.breach_create, name="breach_create"),
    path("insiden/<int:pk>/", views.breach_detail, name="breach"),
    path("insiden/<int:pk>/surat.pdf", views.breach_letter, name="breach_letter"),
]
