"""The form that records one national identifier (a placement's ID PMI / E-KPMI / national reference, a case's
SISKOP2MI number or LAPOR! ticket) and where it stands in being sent upward. The rules (a number once
acknowledged, no future date, at most 60 characters) are the service's (`migrants.services.references`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReferenceState
from .services.references import VALUE_MAX


class ReferenceForm(forms.Form):
    value = forms.CharField(label=_("Nomor"), max_length=VALUE_MAX, required=False, help_text=_(
        "Boleh kosong selama belum dikirim; wajib bila sudah diterima sistem tujuan."))
    state = forms.ChoiceField(label=_("Status kirim"), choices=ReferenceState.choices)
    state_on = forms.DateField(label=_("Tanggal status"), required=False, widget=forms.DateInput(),
                               help_text=_("Kosong = hari ini."))

    @classmethod
    def for_reference(cls, data, ref):
        initial = {"value": ref.value, "state": ref.state, "state_on": ref.state_on} if ref else {
            "state": ReferenceState.TO_SEND}
        return cls(data, initial=initial)
