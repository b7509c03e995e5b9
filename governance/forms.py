from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import DOCUMENT_TYPES, UploadField
from regions.forms import village_field

from .models import BudgetLine, Regulation, Stage


class RegulationForm(forms.ModelForm):
    class Meta:
        model = Regulation
        fields = ["kind", "topic", "title", "village", "summary", "stage_since"]
        widgets = {"stage_since": forms.DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}
        labels = {"stage_since": _("Mulai disusun")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"] = village_field(user)
        if self.instance.pk:
            del self.fields["stage_since"]
            self.fields["number"] = forms.CharField(label=_("Nomor"), required=False, initial=self.instance.number)


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahap berikutnya"), choices=Stage.choices)
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput())
    number = forms.CharField(label=_("Nomor (saat ditetapkan)"), required=False)
    note = forms.CharField(label=_("Catatan"), required=False)


class VersionForm(forms.Form):
    label = forms.CharField(label=_("Keterangan versi"), max_length=150)
    date = forms.DateField(label=_("Tanggal versi"), widget=forms.DateInput())
    upload = UploadField(label=_("Berkas (PDF atau gambar)"), types=DOCUMENT_TYPES)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "village", "title", "category", "source", "planned", "realised", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"] = village_field(user)
