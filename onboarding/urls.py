from django.urls import path

from . import views

app_name = "onboarding"
urlpatterns = [
    path("desa/", views.villages, name="villages"),
    path("desa/tambah/", views.village_add, name="village_add"),
    path("desa/<str:code>/", views.village, name="village"),
    path("desa/<str:code>/undang/", views.invite, name="invite"),
    path("desa/<str:code>/lembar-masuk/", views.sheets, name="sheets"),
    path("pengguna/<int:pk>/", views.user, name="user"),
    path("pengguna/<int:pk>/peran/", views.grant_role, name="grant_role"),
    path("pengguna/<int:pk>/undang-ulang/", views.reinvite, name="reinvite"),
    path("pengguna/<int:pk>/nonaktifkan/", views.deactivate, name="deactivate"),
    path("pengguna/<int:pk>/aktifkan/", views.reactivate, name="reactivate"),
    path("peran/<int:pk>/cabut/", views.revoke_role, name="revoke_role"),
    # The invited user's first sign-in: a typed code, a clicked link (its key leaves the address at once).
    path("aktivasi/", views.activate, name="activate"),
    path("aktivasi/kata-sandi/", views.activate_password, name="activate_password"),
    path("aktivasi/<slug:key>/", views.activate_link, name="activate_link"),
]
