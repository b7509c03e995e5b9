from django.urls import path

from . import views
from .views import references

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("terlambat/", views.overdue_list, name="overdue"),
    path("ekspor.csv", views.export_csv, name="export"),
    path("baru/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/ubah/", views.case_edit, name="edit"),
    path("<int:pk>/status/", views.case_transition, name="transition"),
    path("<int:pk>/penangan/", views.case_assign, name="assign"),
    path("<int:pk>/catatan/", views.case_entry, name="entry"),
    path("<int:pk>/persetujuan/", views.case_consent, name="consent"),
    path("<int:pk>/persetujuan/<int:consent_pk>/tarik/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/lampiran/", views.case_attachment, name="attach"),
    path("<int:pk>/daftar-periksa/<int:item_pk>/", views.checklist_toggle, name="checklist"),
    path("<int:pk>/rujuk/", views.referral_create, name="refer"),
    path("<int:pk>/klaim/baru/", views.claim_create, name="claim_create"),
    path("<int:pk>/nomor-nasional/<slug:kind>/", references.reference_edit, name="reference"),
    path("lampiran/<int:pk>/", views.attachment_download, name="attachment"),
    path("rujukan/", views.referral_list, name="referrals"),
    path("rujukan/<int:pk>/", views.referral_detail, name="referral"),
    path("rujukan/<int:pk>/surat.pdf", views.referral_letter, name="referral_letter"),
    path("penempatan/<int:pk>/pengaduan-biaya/", views.overcharging_complaint, name="overcharging_complaint"),
    path("klaim/", views.claim_list, name="claims"),
    path("klaim/<int:pk>/", views.claim_detail, name="claim"),
    path("standar-layanan/", views.standards, name="standards"),
    path("pemberitahuan/", views.notifications, name="notifications"),
    path("pemberitahuan/<int:pk>/", views.notification_open, name="notification"),
    # Public (no login).
    path("pengaduan/", views.public_form, name="public_form"),
    path("pengaduan/terkirim/", views.public_done, name="public_done"),
    path("lacak/", views.public_track, name="public_track"),
]
