from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.group_list, name="groups"),
    path("kelompok/baru/", views.group_create, name="group_create"),
    path("kelompok/<int:pk>/", views.group_detail, name="group"),
    path("kelompok/<int:pk>/ubah/", views.group_edit, name="group_edit"),
    path("kelompok/<int:pk>/anggota/baru/", views.member_add, name="member_add"),
    path("anggota/<int:pk>/ubah/", views.member_edit, name="member_edit"),
    path("kelompok/<int:pk>/kegiatan/baru/", views.activity_create, name="activity_create"),
    path("kegiatan/", views.activity_list, name="activities"),
    path("kegiatan/<int:pk>/", views.activity_detail, name="activity"),
    path("kegiatan/<int:pk>/ubah/", views.activity_edit, name="activity_edit"),
    path("kegiatan/<int:pk>/tindak-lanjut/", views.follow_up_add, name="follow_up_add"),
    path("kegiatan/<int:pk>/foto/", views.photo_add, name="photo_add"),
    path("tindak-lanjut/<int:pk>/tutup/", views.follow_up_close, name="follow_up_close"),
    path("foto/<int:pk>/", views.photo_file, name="photo"),
]
