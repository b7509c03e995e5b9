from django.urls import path

from . import views
from .views import references

app_name = "migrants"

urlpatterns = [
    path("", views.placement_list, name="list"),
    path("pantau/<slug:which>/", views.placement_list, name="monitor"),
    path("perubahan-hukum/", views.law_changes, name="law_changes"),
    path("baru/", views.placement_create, name="create"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/ubah/", views.placement_edit, name="edit"),
    path("<int:pk>/status/", views.placement_transition, name="transition"),
    path("<int:pk>/perpanjang-kontrak/", views.placement_extend, name="extend"),
    path("<int:pk>/verifikasi/", views.placement_verify, name="verify"),
    path("<int:pk>/tanda/", views.placement_flag, name="flag"),
    path("<int:pk>/biaya/", views.cost_add, name="cost_add"),
    path("<int:pk>/kontak/", views.contact_add, name="contact_add"),
    path("<int:pk>/identitas/<slug:kind>/", references.reference_edit, name="reference"),
    path("<int:pk>/dokumen/", views.document_checklist, name="documents"),
    path("<int:pk>/dokumen/<int:doc_pk>/", views.document_edit, name="document"),
    path("<int:pk>/dokumen/<int:doc_pk>/pindaian/", views.document_scan, name="document_scan"),
    path("impor/", views.import_upload, name="import"),
    path("impor/opensid/", views.opensid_import, name="opensid_import"),
    path("impor/opensid/<str:token>/simpan/", views.opensid_commit, name="opensid_commit"),
    path("opensid/suplemen.xlsx", views.opensid_suplemen, name="opensid_suplemen"),
    path("impor/templat.xlsx", views.import_template, name="import_template"),
    path("impor/<str:token>/simpan/", views.import_commit, name="import_commit"),
    path("impor/<str:token>/", views.import_result, name="import_result"),
    path("p3mi/", views.agency_list, name="agencies"),
    path("p3mi/baru/", views.agency_edit, name="agency_create"),
    path("p3mi/impor/", views.agency_import, name="agency_import"),
    path("p3mi/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("p3mi/<int:pk>/ubah/", views.agency_edit, name="agency_edit"),
    path("perekrut/", views.recruiter_list, name="recruiters"),
    path("perekrut/baru/", views.recruiter_edit, name="recruiter_create"),
    path("perekrut/impor/", views.recruiter_import, name="recruiter_import"),
    path("perekrut/<int:pk>/", views.recruiter_detail, name="recruiter_detail"),
    path("perekrut/<int:pk>/ubah/", views.recruiter_edit, name="recruiter_edit"),
    path("perekrut/<int:pk>/hapus-data/", views.recruiter_erase, name="recruiter_erase"),
]
