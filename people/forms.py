from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.scoping import can_access_region
from regions.forms import RegionField

from . import services
from .models import FamilyContact, Person
from .phone import normalize_phone


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BootstrapMixin:
    def _style(self):
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if name in self.errors:
                widget.attrs["class"] += " is-invalid"
                widget.attrs["aria-invalid"] = "true"


class PersonForm(BootstrapMixin, forms.ModelForm):
    village = RegionField(level=4, label=_("Desa/kelurahan"))

    class Meta:
        model = Person
        fields = ["nik", "kk", "name", "sex", "birth_place", "birth_date", "village", "dusun", "rt", "rw",
                  "address", "phone", "marital_status", "education", "notes"]
        widgets = {
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 24}),
            "kk": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 24}),
            "birth_date": DateInput(),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812…"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Never echo a stored NIK/KK into the page: an empty box keeps the current number.
            self.initial["nik"] = ""
            self.initial["kk"] = ""
            self.fields["nik"].required = False
            self.fields["nik"].help_text = _("Kosongkan bila tidak diubah (tersimpan: %(m)s).") % {
                "m": self.instance.masked_nik}
            self.fields["kk"].help_text = _("Kosongkan bila tidak diubah.")
            self.initial["village"] = self.instance.village_id
        self.warnings = []
        self.duplicates = []
        self._style()

    def clean_nik(self):
        value = self.cleaned_data.get("nik", "")
        if self.instance.pk and not value:
            return self.instance.nik
        nik = services.validate_nik(value)
        if services.nik_taken(nik, exclude_pk=self.instance.pk):
            raise ValidationError(_("NIK ini sudah terdaftar. Satu NIK hanya untuk satu warga; cari warga tersebut "
                                    "di daftar warga."))
        return nik

    def clean_kk(self):
        value = self.cleaned_data.get("kk", "")
        if self.instance.pk and not value:
            return self.instance.kk
        return services.validate_kk(value)

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean_village(self):
        village = self.cleaned_data["village"]
        if self.user is not None and not can_access_region(self.user, village.code):
            raise ValidationError(_("Desa ini di luar wilayah kerja Anda."))
        return village

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("nik", "name", "birth_date", "sex", "village")):
            check = services.check_person(self.user, nik=data["nik"], name=data["name"],
                                          birth_date=data["birth_date"], sex=data["sex"],
                                          village_code=data["village"].code, exclude_pk=self.instance.pk)
            self.warnings = check.warnings
            self.duplicates = check.duplicates
        return data


class FamilyContactForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = FamilyContact
        fields = ["name", "relationship", "phone", "address", "is_primary"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812… / +852…"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone", ""))
