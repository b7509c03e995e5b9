import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.uploads import UploadField
from people.phone import normalise_phone

from .models import (
    Agency,
    ContactLog,
    CostItem,
    DocumentStatus,
    Placement,
    PlacementDocument,
    Recruiter,
    Status,
)


class PlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["destination_country", "sector", "position", "position_detail", "employer_type", "scheme",
                  "agency", "recruiter", "employer_name", "employer_address", "contract_start", "contract_end",
                  "departure_date", "expected_return", "national_id_ref", "other_ref", "process_step",
                  "status_note"]
        widgets = {name: forms.DateInput() for name in ("contract_start", "contract_end", "departure_date",
                                                   "expected_return")}
        widgets["employer_address"] = forms.Textarea(attrs={"rows": 2})
        widgets["status_note"] = forms.Textarea(attrs={"rows": 2})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_country"].required = True

    def clean(self):
        data = super().clean()
        start, end = data.get("contract_start"), data.get("contract_end")
        if start and end and end < start:
            self.add_error("contract_end", _("Akhir kontrak harus sesudah mulai kontrak."))
        return data


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=Status.choices)
    on = forms.DateField(label=_("Tanggal"), required=False, widget=forms.DateInput(),
                         help_text=_("Tanggal berangkat atau pulang, bila berlaku."))
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(
        label=_("Alasan pengecualian (bila ada tanda risiko yang menghalangi)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["status"].choices = [(s.value, s.label) for s in allowed]


class ContractExtensionForm(forms.Form):
    """'Bekerja (kontrak diperpanjang)': the new end also becomes the expected return (services.extend_contract)."""

    contract_end = forms.DateField(
        label=_("Akhir kontrak baru"), widget=forms.DateInput(),
        help_text=_("Perkiraan pulang ikut diubah ke tanggal ini."),
        error_messages={"required": _("Akhir kontrak baru: isi tanggalnya."),
                        "invalid": _("Akhir kontrak baru: tanggal tidak dikenali; pilih dari kalender.")},
    )
    note = forms.CharField(label=_("Keterangan perpanjangan"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_extend_%s")  # the status form on the same page has its own id_note
        super().__init__(*args, **kwargs)


class DocumentForm(forms.ModelForm):
    scan = UploadField(label=_("Pindaian (PDF/JPEG/PNG)"), required=False)

    class Meta:
        model = PlacementDocument
        fields = ["status", "number", "issued_on", "expires_on", "note"]
        widgets = {"issued_on": forms.DateInput(), "expires_on": forms.DateInput()}

    def __init__(self, *args, can_verify=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_verify:
            self.fields["status"].choices = [c for c in DocumentStatus.choices if c[0] != DocumentStatus.VERIFIED]
            if self.instance.status == DocumentStatus.VERIFIED:
                self.fields["status"].choices.append((DocumentStatus.VERIFIED.value, DocumentStatus.VERIFIED.label))


class DocumentChecklistForm(forms.Form):
    """The whole document checklist on one page (several documents, one save): DocumentForm's fields once per
    document, named services.checklist_field(pk, name) and labelled with the document ("Paspor: nomor")."""

    FIELDS = ("status", "number", "issued_on", "expires_on", "scan", "note")

    def __init__(self, *args, documents, can_verify=False, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import checklist_field

        self.rows = []
        for document in documents:
            single = DocumentForm(instance=document, can_verify=can_verify)
            names = {}
            for name in self.FIELDS:
                field = copy.deepcopy(single.fields[name])
                label = str(field.label)
                field.label = f"{document.get_kind_display()}: {label[:1].lower()}{label[1:]}"
                key = checklist_field(document.pk, name)
                self.fields[key] = field
                self.initial[key] = single.initial.get(name)
                names[name] = key
            self.rows.append((document, names))

    def bound_rows(self):
        """[(document, {name: BoundField})] in checklist order, for the template."""
        return [(document, {name: self[key] for name, key in names.items()}) for document, names in self.rows]

    def changes(self):
        """{document: fields} of the documents whose values changed (a new scan counts); the others are left
        alone so their history and audit log stay quiet."""
        data = self.cleaned_data
        changed = {}
        for document, names in self.rows:
            fields = {name: data.get(key) for name, key in names.items()}
            fields["number"] = fields["number"] or ""
            fields["note"] = fields["note"] or ""
            if fields["status"] == document.status:
                fields["status"] = None  # unchanged: a verified document keeps who verified it and when
            if fields["scan"] or fields["status"] or any(fields[name] != getattr(document, name) for name in
                                                         ("number", "issued_on", "expires_on", "note")):
                changed[document] = fields
        return changed


class CostForm(forms.ModelForm):
    class Meta:
        model = CostItem
        fields = ["component", "amount", "collected_by", "collector_name", "paid_on", "receipt_number", "note"]
        widgets = {"paid_on": forms.DateInput(), "amount": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0})}


class ContactLogForm(forms.ModelForm):
    class Meta:
        model = ContactLog
        fields = ["contacted_on", "channel", "contact_with", "note"]
        widgets = {"contacted_on": forms.DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "licence_number", "licence_valid_from", "licence_valid_until", "licence_revoked",
                  "address", "phone", "notes"]
        widgets = {"licence_valid_from": forms.DateInput(), "licence_valid_until": forms.DateInput(),
                   "address": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 2})}

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        data = super().clean()
        start, end = data.get("licence_valid_from"), data.get("licence_valid_until")
        if start and end and end < start:
            raise ValidationError({"licence_valid_until": _("Akhir masa berlaku harus sesudah awalnya.")})
        return data


class RecruiterForm(forms.ModelForm):
    class Meta:
        model = Recruiter
        fields = ["name", "phone", "claimed_agency", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas XLSX atau CSV (juga XLS dan ODS)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({
            "accept": ".xlsx,.xls,.ods,.csv,text/csv,"
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})


class OpenSIDImportForm(ImportForm):
    """OpenSID's resident workbook: its rows carry no village code, so the village is chosen here."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from regions.forms import village_field

        self.fields["village"] = village_field(user, help_text=_(
            "Desa pemilik data OpenSID ini (baris dengan kolom kode_desa/desa_id memakai kode di baris itu)."))
        self.fields["file"].label = _("Berkas impor/ekspor penduduk OpenSID (XLSX atau CSV)")
