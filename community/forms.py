from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import IMAGE_TYPES, UploadField
from people.forms import person_queryset
from regions.forms import village_field
from regions.models import Region

from .models import Activity, CommunityGroup, GroupMember


class GroupForm(forms.ModelForm):
    class Meta:
        model = CommunityGroup
        fields = ["name", "kind", "village", "founded_on", "description", "contact_phone", "contact_public",
                  "is_active"]
        widgets = {"founded_on": forms.DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"] = village_field(user)
        self.fields["other_villages"] = forms.CharField(
            label=_("Desa lain wilayah kegiatan"), required=False,
            help_text=_("Kode desa dipisah koma, mis. 35.05.12.2001."),
            initial=", ".join(self.instance.other_villages.values_list("code", flat=True)) if self.instance.pk else "",
        )
        self._user = user

    def clean_other_villages(self):
        codes = [c.strip() for c in self.cleaned_data["other_villages"].split(",") if c.strip()]
        found = list(Region.objects.visible_to(self._user).filter(code__in=codes, level=4))
        missing = sorted(set(codes) - {r.code for r in found})
        if missing:
            raise forms.ValidationError(_("Kode desa tidak dikenal atau di luar wilayah Anda: %(codes)s.")
                                        % {"codes": ", ".join(missing)})
        return found


class MemberForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["person", "name", "phone", "role", "joined_on", "left_on"]
        widgets = {"joined_on": forms.DateInput(), "left_on": forms.DateInput()}

    def __init__(self, *args, user, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_queryset(user, group.village_id)
        self.fields["person"].required = False
        self.fields["name"].required = False
        if not self.instance.pk:
            del self.fields["left_on"]

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("person"):
            self.add_error("name", _("Isi nama, atau pilih warga terdaftar."))
        if data.get("person") and not data.get("name"):
            data["name"] = data["person"].name
            self.instance.name = data["name"]
        return data


class ActivityForm(forms.ModelForm):
    participant_members = forms.ModelMultipleChoiceField(
        label=_("Anggota yang hadir"), queryset=GroupMember.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label=_("Peserta lain"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris: nama — unsur/lembaga (mis. Zaenul Komar — Ketua BPD)."),
    )

    class Meta:
        model = Activity
        fields = ["kind", "title", "date", "village", "place", "minutes", "decisions", "guest_count"]
        widgets = {"date": forms.DateInput(), "minutes": forms.Textarea(attrs={"rows": 5}),
                   "decisions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"] = village_field(user, required=False,
                                               help_text=_("Kosongkan bila di desa kelompok."))
        self.fields["participant_members"].queryset = group.current_members()
        if self.instance.pk:
            self.fields["participant_members"].initial = [
                p.member_id for p in self.instance.participants.all() if p.member_id]
            self.fields["other_participants"].initial = "\n".join(
                f"{p.name} — {p.affiliation}" if p.affiliation else p.name
                for p in self.instance.participants.all() if not p.member_id)

    def participants(self):
        rows = list(self.cleaned_data.get("participant_members") or [])
        for line in (self.cleaned_data.get("other_participants") or "").splitlines():
            name, _sep, affiliation = line.partition("—")
            if name.strip():
                rows.append((name.strip(), affiliation.strip()))
        return rows


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("Tindak lanjut"), max_length=300)
    responsible = forms.CharField(label=_("Penanggung jawab"), max_length=150)
    due_on = forms.DateField(label=_("Tenggat"), widget=forms.DateInput())


class FollowUpCloseForm(forms.Form):
    """Closing one follow-up (done or dropped) from the list it is shown in."""

    result = forms.CharField(label=_("Hasil / alasan"), required=False, max_length=500,
                             help_text=_("Wajib saat membatalkan."))

    @classmethod
    def attach(cls, follow_ups):
        """Each follow-up of a list gets its own close form, with field ids of its own."""
        rows = list(follow_ups)
        for row in rows:
            row.close_form = cls(auto_id=f"id_follow_up_{row.pk}_%s")
        return rows


class PhotoForm(forms.Form):
    image = UploadField(label=_("Foto (JPG/PNG/WebP)"), types=IMAGE_TYPES)
    caption = forms.CharField(label=_("Keterangan"), max_length=200, required=False)
