import json

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LegalSource, RuleStatus

REASON_HELP = _("Mengapa: misalnya peraturan baru yang diterbitkan, atau keputusan rapat, dengan tanggalnya.")


class NewVersionForm(forms.Form):
    valid_from = forms.DateField(label=_("Berlaku sejak"))
    title = forms.CharField(label=_("Judul"), max_length=200)
    params = forms.CharField(label=_("Isi aturan (JSON)"), widget=forms.Textarea(attrs={"rows": 8}),
                             help_text=_("Salin isi versi lama lalu ubah; kunci yang sama dibaca oleh Payung."))
    source = forms.ModelChoiceField(label=_("Dasar hukum"), queryset=LegalSource.objects.all(), required=False,
                                    help_text=_("Pilih sumber yang ada, atau isi sumber baru di bawah."))
    new_instrument = forms.CharField(label=_("Sumber baru: nama peraturan"), max_length=300, required=False)
    new_article = forms.CharField(label=_("Sumber baru: pasal"), max_length=120, required=False)
    new_url = forms.URLField(label=_("Sumber baru: alamat"), max_length=500, required=False)
    new_confirmed = forms.BooleanField(label=_("Sumber baru: teksnya sudah dibaca"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=RuleStatus.choices, initial=RuleStatus.IN_FORCE)
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.CharField(label=_("Alasan perubahan"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=REASON_HELP)

    def clean_params(self):
        try:
            value = json.loads(self.cleaned_data["params"])
        except ValueError:
            raise forms.ValidationError(_("Isi aturan harus JSON yang sah, misalnya {\"documents\": [\"ktp\"]}."))
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Isi aturan harus objek JSON ({...})."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("source") and not data.get("new_instrument"):
            self.add_error("source", _("Pilih dasar hukum, atau isi nama peraturan sumber baru."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=RuleStatus.choices)
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP)


class BlockingForm(forms.Form):
    blocking = forms.TypedChoiceField(label=_("Keputusan"), coerce=lambda v: v == "1", choices=[
        ("1", _("Tetap menghalangi keberangkatan")), ("0", _("Hanya peringatan"))])
    decided_on = forms.DateField(label=_("Tanggal keputusan"))
    reason = forms.CharField(label=_("Alasan keputusan"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=REASON_HELP)
