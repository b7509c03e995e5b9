from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from accounts.models import InvitationChannel, Role, User
from accounts.permissions import has_perm
from accounts.rules import ROLE_LEVELS, grant_perm
from regions.forms import RegionField, village_field
from regions.models import Region

from .services import grantable_roles


class OnboardVillageForm(forms.Form):
    address = forms.CharField(label=_("Alamat kantor desa"), max_length=300, required=False,
                              help_text=_("Untuk kop surat. Kosong: \"Kantor Desa …\"."))
    contact = forms.CharField(label=_("Telepon atau surel kantor desa"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"village": village_field(user, help_text=_("Cari nama desa, lalu pilih dari daftar.")),
                       **self.fields}


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    role = forms.ChoiceField(label=_("Peran di desa ini"))
    channel = forms.ChoiceField(label=_("Cara mengundang"), choices=InvitationChannel.choices,
                                initial=InvitationChannel.SHEET, widget=forms.RadioSelect)
    email = forms.EmailField(label=_("Surel"), required=False,
                             help_text=_("Wajib bila undangan dikirim lewat surel."))
    phone = forms.CharField(label=_("Telepon"), max_length=20, required=False)
    username = forms.CharField(label=_("Nama pengguna"), max_length=150, required=False,
                               help_text=_("Kosongkan agar dibuatkan dari nama dan desa, mis. \"sri.jatinom\"."))

    def __init__(self, *args, actor, village, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in grantable_roles(actor, village)]

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        if value:
            User.username_validator(value)
        return value


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in Role
                                       if role in ROLE_LEVELS and has_perm(actor, grant_perm(role))]
        self.fields["region"] = RegionField(
            queryset=Region.objects.visible_to(actor).active(), label=_("Wilayah"),
            help_text=_("Operator desa: desa/kelurahan; relawan: kecamatan atau desa; fasilitator: kabupaten, "
                        "kecamatan atau desa."))


class ReinviteForm(forms.Form):
    channel = forms.ChoiceField(label=_("Cara mengundang"), choices=InvitationChannel.choices,
                                initial=InvitationChannel.SHEET, widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", f"id_reinvite_{user.pk}_%s")
        super().__init__(*args, **kwargs)


class SheetsForm(forms.Form):
    """The "print sign-in sheets" button: no field, a form so that its refusal is reported one way."""


class ActivationCodeForm(forms.Form):
    code = forms.CharField(label=_("Kode undangan"), max_length=40,
                           help_text=_("12 huruf dan angka dari lembar masuk Anda, mis. ABCD-EFGH-JKMN."),
                           error_messages={"required": _("Ketik kode dari lembar masuk Anda.")})


class ActivationPasswordForm(auth_forms.SetPasswordForm):
    """The invited user's first password: typed twice, checked by the password validators."""

    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": _("Kedua isian kata sandi tidak sama. Ketik ulang kata sandi yang sama."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")
        self.fields["new_password1"].help_text = _(
            "Minimal 10 karakter, tidak hanya angka, tidak mirip nama pengguna, dan bukan kata sandi umum.")
        self.fields["new_password2"].help_text = ""
