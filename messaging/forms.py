from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from people.contact_consent import MESSAGES_CONSENT_TEXT
from people.phone import normalise_phone

from .models import Channel, Event, MessageTemplate
from .services.templates import check_text

# Events a village can switch (replies to a number's own message always go).
SWITCHABLE = [e for e in Event if e != Event.REPLY]


class TemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["text_id", "text_en", "wa_template"]
        widgets = {"text_id": forms.Textarea(attrs={"rows": 3}), "text_en": forms.Textarea(attrs={"rows": 3})}

    def clean_text_id(self):
        return self._checked("text_id")

    def clean_text_en(self):
        return self._checked("text_en")

    def _checked(self, name):
        value = self.cleaned_data.get(name, "")
        try:
            check_text(value, name)
        except ValidationError as error:
            raise ValidationError(error.message_dict[name])
        return value


class SwitchesForm(forms.Form):
    def __init__(self, *args, enabled=None, **kwargs):
        super().__init__(*args, **kwargs)
        for event in SWITCHABLE:
            self.fields[event.value] = forms.BooleanField(label=event.label, required=False,
                                                          initial=(enabled or {}).get(event.value, True))


class StaffAlertsForm(forms.Form):
    phone = forms.CharField(label=_("Nomor WhatsApp"), max_length=30)
    channel = forms.ChoiceField(label=_("Lewat"), choices=Channel.choices, initial=Channel.WHATSAPP)
    consent = forms.BooleanField(label=MESSAGES_CONSENT_TEXT, required=False)

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_consent(self):
        if not self.cleaned_data.get("consent"):
            raise ValidationError(_("Centang persetujuan untuk menerima pemberitahuan lewat pesan."))
        return True
