from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.scoping import user_scope_codes
from community.models import CommunityGroup
from core.uploads import IMAGE_TYPES, PDF, UploadField
from regions.forms import RegionField
from regions.models import Region

from .models import Guide, JobInfo, Publication


class PublicForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        nationwide = user_scope_codes(user) is None
        self.fields["region"] = RegionField(
            queryset=Region.objects.visible_to(user).filter(is_active=True), required=not nationwide,
            label=_("Wilayah"),
            help_text=_("Desa untuk berita desa; kabupaten untuk jaringan.")
            + (" " + _("Kosongkan untuk informasi nasional.") if nationwide else ""),
        )
        for name in ("author_name",):
            if name in self.fields:
                self.fields[name].required = False


class PublicationForm(PublicForm):
    cover = UploadField(label=_("Gambar sampul"), types=IMAGE_TYPES, required=False)
    pdf = UploadField(label=_("Lampiran PDF"), types=PDF, required=False)

    class Meta:
        model = Publication
        fields = ["kind", "title", "region", "group", "summary", "body", "cover", "pdf", "author_name"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["group"].queryset = CommunityGroup.objects.visible_to(user)


class GuideForm(PublicForm):
    class Meta:
        model = Guide
        fields = ["title", "region", "destination", "intro", "steps", "rights", "documents", "forbidden_costs",
                  "hotlines", "author_name"]
        widgets = {name: forms.Textarea(attrs={"rows": 5})
                   for name in ("intro", "steps", "rights", "documents", "forbidden_costs", "hotlines")}


class JobInfoForm(PublicForm):
    class Meta:
        model = JobInfo
        fields = ["position", "country", "region", "employer", "agency", "agency_name", "agency_licence_number",
                  "job_order_number", "vacancies", "salary", "requirements", "costs_note", "source", "received_on",
                  "closes_on"]
        widgets = {"received_on": forms.DateInput(), "closes_on": forms.DateInput(),
                   "requirements": forms.Textarea(attrs={"rows": 4}), "costs_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["agency"].required = False
        self.fields["agency"].help_text = _("Pilih bila P3MI sudah terdaftar; status izinnya dibaca dari data P3MI.")

    def clean(self):
        data = super().clean()
        agency = data.get("agency")
        if agency is not None:
            if not data.get("agency_name"):
                data["agency_name"] = self.instance.agency_name = agency.name
            if not data.get("agency_licence_number") and agency.licence_number:
                data["agency_licence_number"] = self.instance.agency_licence_number = agency.licence_number
        return data


FORMS = {"berita": PublicationForm, "panduan": GuideForm, "lowongan": JobInfoForm}


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penarikan"), max_length=300,
                             help_text=_("Dicatat di log audit; tidak tampil di halaman publik."))
