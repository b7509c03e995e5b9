from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("keluar-semua/", views.logout_everywhere, name="logout_everywhere"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("token/", views.token_list, name="tokens"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
