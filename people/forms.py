from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_perm
from regions.forms import RegionField, own_village

from . import services
from .contact_consent import MESSAGES_CONSENT_TEXT
from .models import FamilyContact, Person, Relationship, Sex
from .phone import normalise_phone
from .rules import PEOPLE_EDIT_ROLES


def person_queryset(user, village_code=None):
    """Registered persons a form may link (a member, a participant, an owner): the user's scope, one village."""
    qs = Person.objects.visible_to(user)
    return qs.filter(village_id=village_code) if village_code else qs

# The family contact asked at registration (issue 22): the first contact becomes the primary one.
CONTACT_FIELDS = ("contact_name", "contact_relationship", "contact_phone", "contact_address")


class PersonForm(forms.ModelForm):
    village = RegionField(level=4, label=_("Desa/kelurahan"))
    # Asked at registration (issue 18); people.services records it through people.contact_consent.
    consent_messages = forms.BooleanField(label=MESSAGES_CONSENT_TEXT, required=False)
    contact_name = forms.CharField(label=_("Nama kontak keluarga"), required=False, max_length=150,
                                   help_text=_("Orang di rumah yang dapat dihubungi desa tentang warga ini."))
    contact_relationship = forms.ChoiceField(label=_("Hubungan kontak keluarga"), required=False,
                                             choices=[("", "---------"), *Relationship.choices])
    contact_phone = forms.CharField(label=_("Telepon kontak keluarga"), required=False, max_length=40,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812…"}))
    contact_address = forms.CharField(label=_("Alamat kontak keluarga"), required=False, max_length=255,
                                      help_text=_("Kosongkan bila sama dengan alamat warga."))

    class Meta:
        model = Person
        fields = ["nik", "kk", "name", "sex", "birth_place", "birth_date", "village", "dusun", "rt", "rw",
                  "address", "phone", "marital_status", "education", "notes"]
        widgets = {
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 24}),
            "kk": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 24}),
            "birth_date": forms.DateInput(),
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
            for name in CONTACT_FIELDS:  # contacts of a registered person are kept on their page
                del self.fields[name]
        elif user is not None and "village" not in self.initial:
            self.initial["village"] = own_village(user, PEOPLE_EDIT_ROLES)
        self.warnings = []
        self.nik_check = None
        self.duplicates = []
        self.duplicates_elsewhere = False

    def clean_nik(self):
        value = self.cleaned_data.get("nik", "")
        if self.instance.pk and not value:
            return self.instance.nik
        nik = services.validate_nik(value)
        taken = services.nik_taken_message(self.user, nik, exclude_pk=self.instance.pk)
        if taken:
            # The page links the person when in the user's area (people/_nik_check.html); never outside it.
            self.nik_check = services.check_person(self.user, nik=nik, exclude_pk=self.instance.pk)
            raise ValidationError(taken)
        return nik

    def clean_contact_phone(self):
        return normalise_phone(self.cleaned_data.get("contact_phone", ""))

    def clean_kk(self):
        value = self.cleaned_data.get("kk", "")
        if self.instance.pk and not value:
            return self.instance.kk
        return services.validate_kk(value)

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_village(self):
        village = self.cleaned_data["village"]
        perm = "people.edit_person" if self.instance.pk else "people.register_person"
        if self.user is not None and not has_perm(self.user, perm, village.code):
            raise ValidationError(_("Desa/kelurahan: Anda tidak dapat mencatat warga di desa ini. Pilih desa tempat "
                                    "Anda bertugas."))
        return village

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("nik", "name", "birth_date", "sex", "village")):
            check = services.check_person(self.user, nik=data["nik"], name=data["name"],
                                          birth_date=data["birth_date"], sex=data["sex"],
                                          village_code=data["village"].code, exclude_pk=self.instance.pk)
            self.warnings = check.warnings
            self.duplicates = check.duplicates
            self.duplicates_elsewhere = check.duplicates_elsewhere
        if "contact_name" in self.fields and any(data.get(name) for name in CONTACT_FIELDS):
            if not (data.get("contact_name") or "").strip():
                self.add_error("contact_name", _("Nama kontak keluarga: isi namanya, atau kosongkan semua kolom "
                                                 "kontak keluarga."))
            if not data.get("contact_relationship"):
                self.add_error("contact_relationship", _("Hubungan kontak keluarga: pilih hubungannya dengan warga."))
        return data

    def family_contact(self):
        """The contact typed at registration as FamilyContact fields, or None when left empty."""
        data = self.cleaned_data
        if "contact_name" not in self.fields or not (data.get("contact_name") or "").strip():
            return None
        return {"name": data["contact_name"].strip(), "relationship": data["contact_relationship"],
                "phone": data.get("contact_phone", ""), "address": data.get("contact_address", ""),
                "is_primary": True}


class DuplicateCheckForm(forms.Form):
    """The fields of the person form that /warga/cek/ looks at while the user types; every one may be empty."""

    nik = forms.CharField(required=False, max_length=40)
    name = forms.CharField(required=False, max_length=150)
    birth_date = forms.DateField(required=False)
    sex = forms.ChoiceField(required=False, choices=[("", "")] + Sex.choices)
    village = forms.CharField(required=False, max_length=20)
    # On the edit page: the person being edited is not their own duplicate.
    pk = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_nik(self):
        value = self.cleaned_data.get("nik", "")
        return services.validate_nik(value) if value else ""

    def clean_pk(self):
        pk = self.cleaned_data.get("pk")
        # Only a person the user may see can be left out of the check.
        if pk and Person.objects.visible_to(self.user).filter(pk=pk).exists():
            return pk
        return None


class FamilyContactForm(forms.ModelForm):
    class Meta:
        model = FamilyContact
        fields = ["name", "relationship", "phone", "address", "is_primary"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "placeholder": "0812… / +852…"})}

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))


class DuplicateConfirmForm(forms.Form):
    """Shown under the person form when the NIK or name and birth date match someone already registered."""

    confirm_duplicate = forms.BooleanField(
        label=_("Saya sudah memeriksa: ini orang yang berbeda."), required=False,
        widget=forms.CheckboxInput(attrs={"data-testid": "confirm-duplicate"}))
