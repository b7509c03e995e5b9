from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("webhook/whatsapp/", views.whatsapp_webhook, name="whatsapp_webhook"),
    path("webhook/sms/", views.sms_webhook, name="sms_webhook"),
    path("templat/", views.template_list, name="templates"),
    path("templat/<int:pk>/", views.template_edit, name="template_edit"),
    path("desa/<str:code>/", views.switches, name="switches"),
    path("pemberitahuan-saya/", views.my_alerts, name="my_alerts"),
]
