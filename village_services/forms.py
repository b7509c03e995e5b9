import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotField
from core.uploads import JPEG_PNG, UploadField
from regions.forms import RegionField

from . import placeholders
from .models import Letter, LetterStatus, LetterType, Service
from .services import MAX_LOGO_BYTES, MIN_NOTE, MIN_REASON, operated_villages


def _village_field(user, instance):
    villages = operated_villages(user)
    field = RegionField(level=4, queryset=villages, label=_("Desa/kelurahan"))
    if instance is not None and instance.pk:
        field.disabled = True
    return field, villages


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["village", "name", "code", "description", "eligibility", "requirements", "steps",
                  "responsible_officer", "time_standard_days", "fee", "legal_basis", "letter_type",
                  "is_published", "accepts_online", "is_active", "order"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in
                   ["description", "eligibility", "requirements", "steps", "legal_basis"]}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"], villages = _village_field(user, self.instance)
        if villages.count() == 1 and not self.instance.pk:
            self.initial["village"] = villages.first().code
        village = self.instance.village_id if self.instance.pk else (self.data.get("village") or
                                                                      self.initial.get("village"))
        self.fields["letter_type"].queryset = LetterType.objects.filter(village_id=village, is_active=True)

    def clean(self):
        data = super().clean()
        village = data.get("village") or (self.instance.village if self.instance.pk else None)
        letter_type = data.get("letter_type")
        if village and letter_type and letter_type.village_id != village.code:
            self.add_error("letter_type", _("Jenis surat ini milik desa lain."))
        code = data.get("code")
        taken = Service.objects.filter(village=village, code=code).exclude(pk=self.instance.pk)
        if village and code and taken.exists():
            self.add_error("code", _("Kode ini sudah dipakai layanan lain di desa ini."))
        return data


class LetterTypeForm(forms.ModelForm):
    class Meta:
        model = LetterType
        fields = ["village", "name", "code", "title", "number_pattern", "body", "states_placement", "page_size",
                  "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "class": "form-control font-monospace small"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"], villages = _village_field(user, self.instance)
        if villages.count() == 1 and not self.instance.pk:
            self.initial["village"] = villages.first().code

    def clean_body(self):
        body = self.cleaned_data["body"]
        errors = placeholders.template_errors(body)
        if errors:
            raise ValidationError(errors)
        return body

    def clean_number_pattern(self):
        pattern = self.cleaned_data["number_pattern"].strip()
        errors = placeholders.number_pattern_errors(pattern)
        if errors:
            raise ValidationError(errors)
        return pattern

    def clean(self):
        data = super().clean()
        village = data.get("village") or (self.instance.village if self.instance.pk else None)
        code = data.get("code")
        if village and code and LetterType.objects.filter(village=village, code=code).exclude(
                pk=self.instance.pk).exists():
            self.add_error("code", _("Kode ini sudah dipakai jenis surat lain di desa ini."))
        return data


class LetterheadForm(forms.Form):
    government_lines = forms.CharField(
        label=_("Baris kop"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu baris per tingkat, misalnya PEMERINTAH KABUPATEN BLITAR."),
    )
    address = forms.CharField(label=_("Alamat kantor desa"), max_length=250)
    contact = forms.CharField(label=_("Telepon / surel / laman"), max_length=250, required=False)
    logo = UploadField(label=_("Logo (PNG/JPEG, maks. 300 KB)"), types=JPEG_PNG,
                       max_bytes=MAX_LOGO_BYTES, required=False)
    remove_logo = forms.BooleanField(label=_("Hapus logo"), required=False)


class CounterRequestForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Layanan"), queryset=Service.objects.none())
    applicant_name = forms.CharField(label=_("Nama pemohon"), max_length=150)
    nik = forms.CharField(label=_("NIK"), max_length=20, required=False)
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    purpose = forms.CharField(label=_("Keperluan / keterangan"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            village__in=operated_villages(user), is_active=True).select_related("village")
        self.fields["service"].label_from_instance = lambda s: f"{s.name} — {s.village.name}"


class OnlineRequestForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Layanan"), queryset=Service.objects.none())
    applicant_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    nik = forms.CharField(label=_("NIK (16 angka)"), max_length=20)
    phone = forms.CharField(label=_("Nomor HP/WhatsApp"), max_length=20)
    purpose = forms.CharField(label=_("Keperluan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # Left empty by people; bots fill every field.
    website = HoneypotField(label=_("Jangan diisi"))
    consent = forms.BooleanField(label=_("Saya setuju data ini dipakai pemerintah desa untuk memproses permohonan."))

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            village=village, is_active=True, is_published=True, accepts_online=True)


class IssueLetterForm(forms.Form):
    """One field per placeholder the template needs (plus the holder's name), prefilled from records.

    `idempotency_key` is generated when the form renders and comes back with it: issuing the same form
    twice (double click, retry) returns the first letter (services.issue_letter)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, letter_type, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = secrets.token_urlsafe(24)
        needed = placeholders.input_placeholders(letter_type.body)
        if not any(p.name == "nama" for p in needed):
            needed.insert(0, placeholders.BY_NAME["nama"])
        for p in needed:
            widget = forms.Textarea(attrs={"rows": 2}) if p.multiline else forms.TextInput()
            self.fields[p.name] = forms.CharField(label=p.label, max_length=500, required=False, widget=widget)


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan untuk operator"), min_length=MIN_NOTE, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Apa yang harus diperbaiki sebelum surat diperiksa lagi."),
    )


class SignLettersForm(forms.Form):
    """The kepala desa's queue: checked letters of the villages they lead, several signed at once."""

    letters = forms.ModelMultipleChoiceField(label=_("Surat yang ditandatangani"), queryset=Letter.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["letters"]
        field.queryset = queryset.filter(status=LetterStatus.CHECKED).select_related("village")
        field.label_from_instance = lambda letter: f"{letter.type_name} — {letter.holder_name} ({letter.village.name})"
        field.error_messages["required"] = _("Pilih paling sedikit satu surat untuk ditandatangani.")


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"), min_length=MIN_REASON, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alasan dicatat di log audit dan tidak ditampilkan kepada publik."),
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Kode verifikasi"), max_length=30)


class RequirementsForm(forms.Form):
    """The service's requirement list as check boxes on the request page."""

    requirements = forms.MultipleChoiceField(label=_("Persyaratan"), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, req, editable=True, **kwargs):
        kwargs.setdefault("initial", {"requirements": req.requirements_checked})
        super().__init__(*args, **kwargs)
        field = self.fields["requirements"]
        field.choices = [(r, r) for r in req.service.requirement_list()]
        field.disabled = not editable


class RequestDecisionForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500,
                           help_text=_("Wajib untuk menolak atau membatalkan."))


class TrackForm(forms.Form):
    """A service request's tracking code, sent by POST only (never in the address: shared phones keep it)."""

    kode = forms.CharField(label=_("Kode lacak"), max_length=30,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
