"""Registering a receiving system. The rules (events known, secret ≥ 16 characters, http(s) URL, a known region
code) are the service's (`webhooks.services.save_endpoint`); the form only reads the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event


class EndpointForm(forms.Form):
    name = forms.CharField(label=_("Nama sistem"), max_length=100)
    url = forms.URLField(label=_("Alamat penerima (URL)"), max_length=500, assume_scheme="https", help_text=_(
        "Payung mengirim POST berisi JSON ke alamat ini."))
    secret = forms.CharField(label=_("Rahasia penandatangan"), max_length=200, required=False,
                             widget=forms.PasswordInput(render_value=False), help_text=_(
        "Minimal 16 karakter. Penerima memeriksa header X-Payung-Signature: sha256=HMAC-SHA256 dari "
        "\"<X-Payung-Timestamp>.<isi>\" dengan rahasia ini."))
    events = forms.MultipleChoiceField(label=_("Peristiwa yang dikirim"), choices=Event.choices,
                                       widget=forms.CheckboxSelectMultiple)
    region_prefix = forms.CharField(label=_("Wilayah (kode)"), max_length=13, required=False, help_text=_(
        "Hanya peristiwa di wilayah ini, mis. 35.05; kosong = semua wilayah."))
    entitled_to_nik = forms.BooleanField(label=_("Berhak menerima NIK"), required=False, help_text=_(
        "Hanya untuk sistem yang berdasar hukum boleh menerima NIK. Setiap pengiriman NIK dicatat di log audit."))
    active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args, endpoint=None, **kwargs):
        if endpoint is not None:
            kwargs.setdefault("initial", {
                "name": endpoint.name, "url": endpoint.url, "events": endpoint.events,
                "region_prefix": endpoint.region_prefix, "entitled_to_nik": endpoint.entitled_to_nik,
                "active": endpoint.active})
        super().__init__(*args, **kwargs)
        self.editing = endpoint is not None
        if not self.editing:
            self.fields["secret"].required = True
        else:
            self.fields["secret"].help_text = _("Kosongkan untuk tetap memakai rahasia yang sekarang.")

    def endpoint_fields(self):
        """The service's keyword arguments: an empty secret on an edit keeps the stored one."""
        data = dict(self.cleaned_data)
        if self.editing and not data.get("secret"):
            data.pop("secret")
        return data
