from django.urls import path

from . import feeds, views

app_name = "portal"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("desa/<str:code>/", views.village, name="village"),
    path("desa/<str:code>/rss/", feeds.PublicationFeed(), name="village_rss"),
    path("berita/", views.news, name="news"),
    path("berita/<int:pk>/", views.publication, name="publication"),
    path("berita/<int:pk>/sampul/", views.publication_cover, name="publication_cover"),
    path("berita/<int:pk>/pdf/", views.publication_pdf, name="publication_pdf"),
    path("rss/", feeds.PublicationFeed(), name="rss"),
    path("atom/", feeds.PublicationAtomFeed(), name="atom"),
    path("panduan/", views.guides, name="guides"),
    path("panduan/<int:pk>/", views.guide, name="guide"),
    path("lowongan/", views.jobs, name="jobs"),
    path("lowongan/<int:pk>/", views.job, name="job"),
    path("p3mi/", views.agencies, name="agencies"),
    path("kelola/", views.manage, name="manage_home"),
    path("kelola/<str:kind>/", views.manage, name="manage"),
    path("kelola/<str:kind>/baru/", views.edit, name="create"),
    path("kelola/<str:kind>/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("kelola/<str:kind>/<int:pk>/ubah/", views.edit, name="edit"),
    path("kelola/<str:kind>/<int:pk>/status/", views.change_status, name="status"),
    path("kelola/berita/<int:pk>/berkas/<str:which>/", views.draft_file, name="draft_file"),
]
