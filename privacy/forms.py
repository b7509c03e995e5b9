from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotField
from people.forms import person_queryset
from regions.forms import RegionField

from .models import ConsentPurpose, RequestKind
from .services.requests import CORRECTABLE_FIELDS

FIELD_CHOICES = [("", "—")] + [(f, f) for f in CORRECTABLE_FIELDS]


class RequestForm(forms.Form):
    """Filed by staff for a person at the office (identity seen there)."""

    kind = forms.ChoiceField(label=_("Jenis permintaan"), choices=RequestKind.choices)
    person = forms.ModelChoiceField(label=_("Warga"), queryset=None)
    field = forms.ChoiceField(label=_("Data yang diperbaiki"), choices=FIELD_CHOICES, required=False,
                              help_text=_("Hanya untuk perbaikan data."))
    value = forms.CharField(label=_("Nilai yang benar"), required=False, max_length=255)
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_queryset(user)


class PublicRequestForm(forms.Form):
    """Filed by the person on the public portal: nothing is released before the village checks identity."""

    kind = forms.ChoiceField(label=_("Jenis permintaan"), choices=RequestKind.choices)
    village = RegionField(level=4, label=_("Desa/kelurahan tempat Anda terdaftar"))
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    contact = forms.CharField(label=_("Nomor HP atau surel"), max_length=150)
    note = forms.CharField(label=_("Apa yang Anda minta"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    website = HoneypotField()


class IdentityForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Warga terdaftar (sesuai KTP yang diperiksa)"), queryset=None)

    def __init__(self, *args, user=None, village_code=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_queryset(user, village_code)


class AnswerForm(forms.Form):
    grant = forms.TypedChoiceField(label=_("Keputusan"), coerce=lambda v: v == "1",
                                   choices=[("1", _("Penuhi")), ("0", _("Tolak"))])
    answer = forms.CharField(label=_("Jawaban / alasan"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Tujuan"), choices=ConsentPurpose.choices)
    wording_version = forms.CharField(label=_("Versi teks persetujuan"), max_length=20)
    channel = forms.CharField(label=_("Saluran"), max_length=20)


class BreachForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(label=_("Apa yang terjadi"), widget=forms.Textarea(attrs={"rows": 3}))
    occurred_at = forms.DateTimeField(label=_("Terjadi (perkiraan)"), required=False)
    discovered_at = forms.DateTimeField(label=_("Diketahui"))
    data_affected = forms.CharField(label=_("Data yang terungkap"), widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label=_("Upaya penanganan dan pemulihan"), widget=forms.Textarea(attrs={"rows": 2}))
    region = RegionField(label=_("Wilayah"), required=False)
    suspect_username = forms.CharField(label=_("Akun yang diduga (nama pengguna)"), required=False, max_length=150)
    period_start = forms.DateTimeField(label=_("Periode mulai"), required=False)
    period_end = forms.DateTimeField(label=_("Periode akhir"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("Periode akhir: harus sesudah periode mulai."))
        return data

