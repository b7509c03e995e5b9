from django.urls import path

from . import views
from .views import letters as letter_views

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
    path("surat/", letter_views.letter_list, name="letters"),
    path("surat/terbitkan/<int:type_pk>/", letter_views.letter_issue, name="letter_issue"),
    path("surat/tanda-tangan/", letter_views.letters_to_sign, name="letters_to_sign"),
    path("surat/agenda/", letter_views.agenda, name="agenda"),
    path("surat/agenda/pdf/", letter_views.agenda_pdf, name="agenda_pdf"),
    path("surat/<int:pk>/", letter_views.letter_detail, name="letter_detail"),
    path("surat/<int:pk>/ubah/", letter_views.letter_edit, name="letter_edit"),
    path("surat/<int:pk>/periksa/", letter_views.letter_check, name="letter_check"),
    path("surat/<int:pk>/kembalikan/", letter_views.letter_return, name="letter_return"),
    path("surat/<int:pk>/tandatangani/", letter_views.letter_sign, name="letter_sign"),
    path("surat/<int:pk>/terbitkan/", letter_views.letter_finish, name="letter_finish"),
    path("surat/<int:pk>/pdf/", letter_views.letter_pdf, name="letter_pdf"),
    path("surat/<int:pk>/cabut/", letter_views.letter_revoke, name="letter_revoke"),
    # Public (no login): the village's SOPs, online requests, tracking, letter verification.
    path("desa/<str:code>/", views.public_catalogue, name="public_catalogue"),
    path("desa/<str:code>/ajukan/", views.online_request, name="online_request"),
    path("lacak/", views.track, name="track"),
    path("verifikasi/", views.verify_form, name="verify_form"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
]
