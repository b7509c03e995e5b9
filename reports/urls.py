from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dasbor/", views.dashboard, name="national"),
    path("dasbor/xlsx/", views.export_xlsx, name="national_xlsx"),
    path("dasbor/pdf/", views.export_pdf, name="national_pdf"),
    path("dasbor/peta.json", views.map_values, name="national_map"),
    path("dasbor/<str:code>/", views.dashboard, name="dashboard"),
    path("dasbor/<str:code>/xlsx/", views.export_xlsx, name="xlsx"),
    path("dasbor/<str:code>/pdf/", views.export_pdf, name="pdf"),
    path("dasbor/<str:code>/peta.json", views.map_values, name="map"),
    path("dasbor/<str:code>/perbarui/", views.refresh, name="refresh"),
    path("dasbor/<str:code>/perbarui-wilayah/", views.refresh_area, name="refresh_area"),
    path("bulanan/", views.monthly_list, name="monthly"),
    path("bulanan/<int:pk>.<str:fmt>", views.monthly_file, name="monthly_file"),
    path("data-terbuka/", views.open_data, name="open_data"),
    path("data-terbuka/peta.json", views.open_data_map, name="open_data_map"),
    path("data-terbuka/<str:level_name>.csv", views.open_data_csv, name="open_data_csv"),
]
