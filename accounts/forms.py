from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Periksa huruf besar/kecil lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Self-service password change (ASVS 2.1.5): the current password, then the new one twice."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": _("Kata sandi lama salah. Ketik kata sandi yang Anda pakai untuk masuk tadi."),
        "password_mismatch": _("Kedua isian kata sandi baru tidak sama. Ketik ulang kata sandi baru yang sama."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Kata sandi lama")
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")
        self.fields["new_password1"].help_text = _(
            "Minimal 10 karakter, tidak hanya angka, tidak mirip nama pengguna, dan bukan kata sandi umum."
        )
        self.fields["new_password2"].help_text = ""


class AdminSetPasswordForm(auth_forms.AdminPasswordChangeForm):
    """Django admin's "set password": the user must choose their own at the next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"), max_length=100,
        help_text=_("Untuk apa token ini, misalnya \"Sinkronisasi aplikasi desa\"."),
        error_messages={"required": _("Isi nama token, misalnya \"Sinkronisasi aplikasi desa\".")},
    )
