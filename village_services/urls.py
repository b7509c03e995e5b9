from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.index, name="index"),
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/salin-bawaan/", views.copy_defaults, name="copy_defaults"),
    path("katalog/baru/", views.service_edit, name="service_create"),
    path("katalog/<int:pk>/", views.service_detail, name="service_detail"),
    path("katalog/<int:pk>/ubah/", views.service_edit, name="service_edit"),
    path("jenis-surat/", views.letter_types, name="letter_types"),
    path("jenis-surat/baru/", views.letter_type_edit, name="letter_type_create"),
    path("jenis-surat/<int:pk>/ubah/", views.letter_type_edit, name="letter_type_edit"),
    path("kop-surat/<str:code>/", views.letterhead_edit, name="letterhead_edit"),
    path("permohonan/", views.request_list, name="requests"),
    path("permohonan/terlambat/", views.request_list, {"overdue": True}, name="overdue"),
    path("permohonan/baru/", views.request_create, name="request_create"),
    path("permohonan/<int:pk>/", views.request_detail, name="request_detail"),
    path("surat/", views.letter_list, name="letters"),
    path("surat/terbitkan/<int:type_pk>/", views.letter_issue, name="letter_issue"),
    path("surat/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("surat/<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("surat/<int:pk>/cabut/", views.letter_revoke, name="letter_revoke"),
    # Public (no login): the village's SOPs, online requests, tracking, letter verification.
    path("desa/<str:code>/", views.public_catalogue, name="public_catalogue"),
    path("desa/<str:code>/ajukan/", views.online_request, name="online_request"),
    path("lacak/", views.track, name="track"),
    path("verifikasi/", views.verify_form, name="verify_form"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
]
