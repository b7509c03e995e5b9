from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("webhook/whatsapp/", views.whatsapp_webhook, name="whatsapp_webhook"),
    path("webhook/sms/", views.sms_webhook, name="sms_webhook"),
    path("templat/", views.template_list, name="templates"),
    path("templat/<int:pk>/", views.template_edit, name="template_edit"),
    path("templat/<int:pk>/ditinjau/", views.template_reviewed, name="template_reviewed"),
    path("pengaturan/", views.settings_page, name="settings"),
    path("warga/<int:pk>/bahasa/", views.person_language, name="person_language"),
    path("desa/<str:code>/", views.switches, name="switches"),
    path("pemberitahuan-saya/", views.my_alerts, name="my_alerts"),
]
