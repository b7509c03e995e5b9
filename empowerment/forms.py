from django import forms
from django.utils.translation import gettext_lazy as _

from core.datakeys import with_keys
from people.forms import person_queryset
from regions.forms import village_field

from .models import (
    Enrolment,
    EnrolmentStatus,
    Enterprise,
    Outcome,
    Program,
    ProgramSession,
    ProgramStatus,
    by_name,
)


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["title", "target_group", "village", "organiser", "description", "starts_on", "ends_on", "capacity"]
        widgets = {"starts_on": forms.DateInput(), "ends_on": forms.DateInput(),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"] = village_field(user)


class SessionForm(forms.ModelForm):
    class Meta:
        model = ProgramSession
        fields = ["date", "topic", "place", "facilitator"]
        widgets = {"date": forms.DateInput()}


class EnrolForm(forms.ModelForm):
    class Meta:
        model = Enrolment
        fields = ["person", "name", "participant_group", "phone", "enrolled_on"]
        widgets = {"enrolled_on": forms.DateInput()}

    def __init__(self, *args, user, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_queryset(user, program.village_id)
        self.fields["person"].required = False
        self.fields["name"].required = False
        self.fields["participant_group"].required = False
        self.fields["enrolled_on"].required = False


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=ProgramStatus.choices)
    outcome_summary = forms.CharField(label=_("Hasil program"), required=False,
                                      help_text=_("Wajib diisi saat program selesai."),
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if statuses is not None:  # only the moves allowed from the program's current status
            self.fields["status"].choices = [(s.value, s.label) for s in ProgramStatus if s in statuses]


class AttendanceForm(forms.Form):
    """Who came to one session: the program's enrolled participants (not dropped) as check boxes."""

    present = forms.MultipleChoiceField(label=_("Hadir"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, session, **kwargs):
        kwargs.setdefault("initial", {"present": list(
            session.attendance.filter(present=True).values_list("enrolment_id", flat=True))})
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(e.pk, e.name) for e in by_name(with_keys(
            session.program.enrolments.exclude(status=EnrolmentStatus.DROPPED)))]


class OutcomeForm(forms.Form):
    """One per enrolment row on the program page: the prefix keeps the field ids apart."""

    status = forms.ChoiceField(label=_("Status peserta"), choices=EnrolmentStatus.choices)
    outcome = forms.ChoiceField(label=_("Hasil"), choices=[("", "—"), *Outcome.choices], required=False)
    outcome_note = forms.CharField(label=_("Catatan hasil"), required=False)

    @classmethod
    def for_enrolment(cls, enrolment, data=None):
        return cls(data, prefix=f"enrolment-{enrolment.pk}", initial={
            "status": enrolment.status, "outcome": enrolment.outcome, "outcome_note": enrolment.outcome_note})


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["owner", "owner_name", "business_name", "village", "sector", "description", "started_on", "workers",
                  "revenue_band", "support_received", "programs", "status"]
        widgets = {"started_on": forms.DateInput(), "description": forms.Textarea(attrs={"rows": 3}),
                   "support_received": forms.Textarea(attrs={"rows": 3}),
                   "programs": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"] = village_field(user)
        self.fields["owner"].queryset = person_queryset(user)
        self.fields["owner_name"].required = False
        self.fields["programs"].queryset = Program.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        if not data.get("owner_name") and not data.get("owner"):
            self.add_error("owner_name", _("Isi nama pemilik, atau pilih warga terdaftar."))
        return data
