from django.urls import path

from . import views

app_name = "lawbook"

urlpatterns = [
    path("", views.rule_list, name="list"),
    path("<int:pk>/", views.rule_detail, name="rule"),
    path("<int:pk>/versi-baru/", views.new_version, name="new_version"),
    path("<int:pk>/status/", views.switch_status, name="status"),
    path("<int:pk>/keputusan/", views.decide_blocking, name="blocking"),
]
