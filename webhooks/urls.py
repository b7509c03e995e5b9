from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoint_list, name="endpoints"),
    path("baru/", views.endpoint_create, name="endpoint_create"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("<int:pk>/ubah/", views.endpoint_edit, name="endpoint_edit"),
    path("<int:pk>/kirim-ulang/", views.endpoint_replay, name="endpoint_replay"),
    path("pengiriman/", views.delivery_list, name="deliveries"),
    path("pengiriman/<int:pk>/", views.delivery_detail, name="delivery"),
    path("pengiriman/<int:pk>/kirim-ulang/", views.delivery_replay, name="delivery_replay"),
]
