from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from people.contact_consent import MESSAGES_CONSENT_TEXT
from people.phone import normalise_phone
from regions.forms import village_field

from .models import Channel, Event, Language, MessageTemplate
from .services.templates import allowed_placeholders, check_text

# Events a village can switch (replies to a number's own message always go).
SWITCHABLE = [e for e in Event if e != Event.REPLY]


class TemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["text_id", "text_en", "wa_template"]
        widgets = {"text_id": forms.Textarea(attrs={"rows": 3}), "text_en": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"text_en": _("Menyimpan berarti templat ini ditinjau oleh Anda (tercatat di log audit).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = ", ".join("{%s}" % name for name in allowed_placeholders(self.instance.code))
        self.fields["text_id"].help_text = _("Placeholder yang boleh dipakai: %(known)s.") % {"known": known}
        if self.instance.event == Event.REPLY:
            del self.fields["wa_template"]  # a reply goes inside the number's own 24-hour session

    def clean_text_id(self):
        return self._checked("text_id")

    def clean_text_en(self):
        return self._checked("text_en")

    def _checked(self, name):
        value = self.cleaned_data.get(name, "")
        try:
            check_text(value, name, self.instance.code)
        except ValidationError as error:
            raise ValidationError(error.message_dict[name])
        return value


class SwitchesForm(forms.Form):
    def __init__(self, *args, enabled=None, **kwargs):
        super().__init__(*args, **kwargs)
        for event in SWITCHABLE:
            self.fields[event.value] = forms.BooleanField(label=event.label, required=False,
                                                          initial=(enabled or {}).get(event.value, True))


class LanguageForm(forms.Form):
    """The language of a person's messages (a form on the person's page)."""

    language = forms.ChoiceField(label=_("Bahasa pesan"), choices=Language.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="pesan", **kwargs)


class VillagePickForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"] = village_field(user)


class StaffAlertsForm(forms.Form):
    phone = forms.CharField(label=_("Nomor WhatsApp"), max_length=30)
    channel = forms.ChoiceField(label=_("Lewat"), choices=Channel.choices, initial=Channel.WHATSAPP)
    language = forms.ChoiceField(label=_("Bahasa pesan"), choices=Language.choices, initial=Language.INDONESIAN)
    consent = forms.BooleanField(label=MESSAGES_CONSENT_TEXT, required=False)

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_consent(self):
        if not self.cleaned_data.get("consent"):
            raise ValidationError(_("Centang persetujuan untuk menerima pemberitahuan lewat pesan."))
        return True
