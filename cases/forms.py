import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core import countries as core_countries
from core.forms import HoneypotField
from core.uploads import MultipleUploadField, UploadField
from people.contact_consent import MESSAGES_CONSENT_TEXT
from regions.forms import RegionField
from regions.models import Region

from . import reference
from .models import (
    MANUAL_ENTRY_KINDS,
    TEXT_MAX_LENGTH,
    Category,
    Channel,
    ClaimStatus,
    ClaimType,
    CloseReason,
    ComplainantRole,
    HeirRank,
    Priority,
    Status,
)


def _date(**kwargs):
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def country_choices():
    """Every country, the main destinations first, in the reader's language (core.countries, cached per
    language), read when a form is made."""
    return [("", _("— pilih negara —")), *core_countries.choices()]


class CountryChoiceField(forms.ChoiceField):
    """A country choice checked against the set of codes instead of walking ~250 choices on every post."""

    def valid_value(self, value):
        return str(value) in core_countries.codes()


class IdentityFieldsMixin(forms.Form):
    complainant_role = forms.ChoiceField(label=_("Siapa yang mengadu"), choices=ComplainantRole.choices,
                                         widget=forms.RadioSelect, initial=ComplainantRole.FAMILY)
    complainant_name = forms.CharField(label=_("Nama pengadu"), max_length=150)
    complainant_relation = forms.CharField(label=_("Hubungan dengan pekerja (mis. suami, ibu)"), max_length=80,
                                           required=False)
    complainant_organisation = forms.CharField(label=_("Nama lembaga (bila lembaga dengan surat kuasa)"),
                                               max_length=200, required=False)
    power_of_attorney = forms.BooleanField(label=_("Lembaga memegang surat kuasa dari pekerja/keluarga"),
                                           required=False)
    complainant_phone = forms.CharField(label=_("Nomor telepon/WhatsApp pengadu"), max_length=30,
                                        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    complainant_email = forms.EmailField(label=_("Surel (opsional)"), required=False)
    complainant_address = forms.CharField(label=_("Alamat pengadu"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    worker_name = forms.CharField(label=_("Nama pekerja migran"), max_length=150)
    worker_nik = forms.CharField(label=_("NIK pekerja (opsional, 16 angka)"), max_length=20, required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    worker_phone = forms.CharField(label=_("Telepon pekerja (opsional)"), max_length=30, required=False)
    destination_country = CountryChoiceField(label=_("Negara tujuan"), choices=country_choices, required=False)
    agency_name = forms.CharField(label=_("P3MI / agensi"), max_length=200, required=False)
    recruiter_name = forms.CharField(label=_("Perekrut / sponsor / calo"), max_length=150, required=False)
    employer_name = forms.CharField(label=_("Majikan / pemberi kerja"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Jenis masalah"), choices=[("", _("— pilih —"))] + Category.choices)
    description = forms.CharField(label=_("Apa yang terjadi?"), widget=forms.Textarea(attrs={"rows": 5}),
                                  max_length=TEXT_MAX_LENGTH)
    since = _date(label=_("Sejak kapan (perkiraan tanggal)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("complainant_role") == ComplainantRole.ORGANISATION:
            if not data.get("complainant_organisation"):
                self.add_error("complainant_organisation", _("Isi nama lembaga yang mengadu."))
            if not data.get("power_of_attorney"):
                self.add_error("power_of_attorney", _("Lembaga hanya dapat mengadu atas nama pekerja dengan "
                                                      "surat kuasa."))
        phone = "".join(c for c in data.get("complainant_phone", "") if c.isdigit())
        if "complainant_phone" in data and len(phone) < 8:
            self.add_error("complainant_phone", _("Nomor telepon minimal 8 angka, mis. 081234567890."))
        nik = "".join(c for c in data.get("worker_nik", "") if c.isdigit())
        if data.get("worker_nik") and len(nik) != 16:
            self.add_error("worker_nik", _("NIK harus 16 angka; kosongkan bila tidak tahu."))
        return data


TOKEN_SALT = "cases.public-form"


def make_form_token(issued=None):
    """"<issued>.<random key>", signed: the time refuses forms sent too fast or too late; the key makes each
    rendered form one submission (two forms served in the same second must not share it)."""
    issued = int(issued if issued is not None else time.time())
    return signing.Signer(salt=TOKEN_SALT).sign(f"{issued}.{secrets.token_urlsafe(16)}")


def _unsign_form_token(token):
    """(issued, key) of a genuine token; None if forged."""
    try:
        value = signing.Signer(salt=TOKEN_SALT).unsign(token or "")
        issued, _dot, key = value.partition(".")
        return (int(issued), key) if key else None
    except (signing.BadSignature, ValueError):
        return None


def form_key(token):
    """The single-use key of a genuine form token, or "" for a forged one."""
    parsed = _unsign_form_token(token)
    return parsed[1] if parsed else ""


# Active villages by code as the public form found them, kept per process: every complaint names one, and reading
# it was a statement and ~1 ms of CPU per submit (issue 17.8/21.6). A village saved or deleted in this process is
# read again at once (cases.apps), one changed elsewhere within CASES_VILLAGE_CACHE_SECONDS (30 s by default).
_VILLAGES = {"rows": {}, "until": 0.0}


def forget_villages(*args, **kwargs):
    _VILLAGES["rows"], _VILLAGES["until"] = {}, 0.0  # the next read starts a new window


class PublicVillageField(RegionField):
    """The public form's village picker (level 4, active): a code found before is answered from the process's
    list of known villages, as a Region loaded from the database is, without reading it again."""

    def __init__(self, **kwargs):
        super().__init__(level=4, **kwargs)

    def to_python(self, value):
        if value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        now = time.monotonic()
        if now > _VILLAGES["until"]:
            _VILLAGES["rows"], _VILLAGES["until"] = {}, now + getattr(settings, "CASES_VILLAGE_CACHE_SECONDS", 30)
        rows = _VILLAGES["rows"]
        known = rows.get(value)
        if known is not None:
            return Region.from_db("default", *known)  # a new instance each time: nothing shared between requests
        region = super().to_python(value)
        if len(rows) < 100_000:
            names = [f.attname for f in Region._meta.concrete_fields]
            rows[value] = (names, [getattr(region, n) for n in names])
        return region


class PublicComplaintForm(IdentityFieldsMixin):
    """The public complaint form. Spam protection with no outside service: a honeypot field that people
    never see, and a signed timing token (a form sent within seconds of being served, or a day later, is
    refused)."""

    village = PublicVillageField(label=_("Desa asal pekerja"))
    attachments = MultipleUploadField(label=_("Lampiran (PDF/JPG/PNG, opsional)"))
    consent_process = forms.BooleanField(label=reference.CONSENT_PROCESS_TEXT, required=False)
    consent_share = forms.BooleanField(label=reference.CONSENT_SHARE_TEXT, required=False)
    consent_messages = forms.BooleanField(label=MESSAGES_CONSENT_TEXT, required=False)
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill every field.
    website = HoneypotField(label=_("Jangan diisi"))
    form_token = forms.CharField(widget=forms.HiddenInput)

    field_order = ["complainant_role", "complainant_name", "complainant_relation", "complainant_organisation",
                   "power_of_attorney", "complainant_phone", "complainant_email", "complainant_address",
                   "worker_name", "worker_nik", "village", "destination_country", "agency_name", "recruiter_name",
                   "employer_name", "category", "since", "description", "attachments", "consent_process",
                   "consent_share", "consent_messages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = make_form_token()

    def clean_form_token(self):
        token = self.cleaned_data["form_token"]
        parsed = _unsign_form_token(token)
        if parsed is None:
            raise forms.ValidationError(_("Formulir tidak sah. Muat ulang halaman lalu isi kembali."))
        issued = parsed[0]
        age = time.time() - issued
        if age < getattr(settings, "CASES_FORM_MIN_SECONDS", 3):
            raise forms.ValidationError(_("Formulir dikirim terlalu cepat. Periksa isian lalu kirim lagi."))
        if age > 24 * 3600:
            raise forms.ValidationError(_("Formulir kedaluwarsa. Muat ulang halaman lalu isi kembali."))
        return token

    def clean_consent_process(self):
        if not self.cleaned_data.get("consent_process"):
            raise forms.ValidationError(_("Persetujuan pengolahan data wajib dicentang agar pengaduan dapat "
                                          "ditangani."))
        return True

    @property
    def is_spam(self):
        return bool(self.data.get("website"))


class StaffIntakeForm(IdentityFieldsMixin):
    village = RegionField(level=4, label=_("Desa asal pekerja"))
    channel = forms.ChoiceField(label=_("Diterima melalui"), choices=[c for c in Channel.choices if c[0] != "web"],
                                initial=Channel.IN_PERSON)
    received_on = _date(label=_("Tanggal diterima"), required=False)
    priority = forms.ChoiceField(label=_("Prioritas"), choices=[("", _("sesuai standar layanan"))] + Priority.choices,
                                 required=False)
    consent_process = forms.BooleanField(label=reference.CONSENT_PROCESS_TEXT, required=False)
    consent_share = forms.BooleanField(label=reference.CONSENT_SHARE_TEXT, required=False)
    consent_messages = forms.BooleanField(label=MESSAGES_CONSENT_TEXT, required=False)
    attachments = MultipleUploadField(label=_("Lampiran (PDF/JPG/PNG)"))
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)


def initial_for_placement(placement):
    """A new case about a placement (the "open a case" link on a placement whose worker left before the contract
    started or came home long before it ended): what the registry already knows, never the NIK."""
    from migrants.services import early_movement

    early = early_movement(placement)
    category = {"return": "early_dismissal"}.get(early[0] if early else "", "")
    return {
        "village": placement.village_id, "worker_name": placement.person.name,
        "worker_phone": placement.person.phone,
        "destination_country": placement.destination_country.code if placement.destination_country else "",
        "agency_name": placement.agency.name if placement.agency else "",
        "recruiter_name": placement.recruiter.name if placement.recruiter else "",
        "employer_name": placement.employer_name, "category": category,
        "description": placement.status_note,
    }


class CaseEditForm(forms.Form):
    category = forms.ChoiceField(label=_("Jenis masalah"), choices=Category.choices)
    priority = forms.ChoiceField(label=_("Prioritas"), choices=Priority.choices)
    due_date = _date(label=_("Batas waktu"))
    description = forms.CharField(label=_("Apa yang terjadi"), widget=forms.Textarea(attrs={"rows": 5}),
                                  max_length=TEXT_MAX_LENGTH)
    worker_name = forms.CharField(label=_("Nama pekerja"), max_length=150)
    worker_nik = forms.CharField(label=_("NIK pekerja"), max_length=20, required=False)
    destination_country = CountryChoiceField(label=_("Negara tujuan"), choices=country_choices, required=False)
    agency_name = forms.CharField(label=_("P3MI / agensi"), max_length=200, required=False)
    recruiter_name = forms.CharField(label=_("Perekrut / sponsor"), max_length=150, required=False)
    employer_name = forms.CharField(label=_("Majikan"), max_length=200, required=False)
    complainant_phone = forms.CharField(label=_("Telepon pengadu"), max_length=30, required=False)
    ministry_ticket = forms.CharField(label=_("Nomor tiket pengaduan kementerian"), max_length=60, required=False)
    ministry_filed_at = _date(label=_("Tanggal dicatat di sistem kementerian"), required=False)

    def clean_worker_nik(self):
        value = self.cleaned_data["worker_nik"].strip()
        if "*" in value and value != self.initial.get("worker_nik"):
            # A masked NIK edited by hand would store a wrong number; the unchanged mask is not a change.
            raise forms.ValidationError(_("Ketik NIK lengkap (16 angka), atau biarkan NIK tersamar seperti semula "
                                          "agar tidak berubah."))
        return value


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Ubah status ke"), choices=Status.choices)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    wages_recovered = forms.IntegerField(label=_("Gaji yang berhasil dibayarkan (Rp)"), min_value=0, required=False)
    compensation = forms.IntegerField(label=_("Kompensasi (Rp)"), min_value=0, required=False)
    repatriated = forms.BooleanField(label=_("Pekerja dipulangkan"), required=False)
    documents_returned = forms.BooleanField(label=_("Dokumen dikembalikan"), required=False)
    claim_paid = forms.BooleanField(label=_("Klaim jaminan sosial dibayar"), required=False)
    outcome_note = forms.CharField(label=_("Catatan hasil"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    close_reason = forms.ChoiceField(label=_("Alasan penutupan"),
                                     choices=[("", "—")] + CloseReason.choices, required=False)
    close_note = forms.CharField(label=_("Keterangan penutupan"), required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["to"].choices = [(s, Status(s).label) for s in case.allowed_transitions()]
        self.fields["close_reason"].help_text = reference.closing_basis()


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=[(k.value, k.label) for k in MANUAL_ENTRY_KINDS])
    at = forms.DateTimeField(label=_("Waktu"), required=False,
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    text = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_LENGTH)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Penangan"), queryset=None, required=False,
                                     empty_label=_("(belum ada)"))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = candidates


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Persetujuan"), choices=[("process", _("Pengolahan data")),
                                                               ("share", _("Berbagi dengan lembaga rujukan"))])
    given_by = forms.CharField(label=_("Diberikan oleh"), max_length=150)
    channel = forms.ChoiceField(label=_("Melalui"), choices=Channel.choices)


class AttachmentForm(forms.Form):
    file = UploadField(label=_("Berkas (PDF/JPG/PNG)"))
    description = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class ReferralForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Lembaga tujuan"), queryset=Organisation.objects.none())
    request = forms.CharField(label=_("Permintaan kepada lembaga"), widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(
        label=_("Alasan merujuk tanpa persetujuan pengadu (hanya petugas berwenang)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, ask_override=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).exclude(
            kind__in=["village_government", "community"]).order_by("kind", "name")
        if not ask_override:  # consent given, or the user may not override it: no field to fill or link to
            del self.fields["override_reason"]


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Jawaban"), choices=[("accept", _("Terima rujukan")),
                                                               ("decline", _("Tolak rujukan")),
                                                               ("complete", _("Selesai ditangani"))])
    reason = forms.CharField(label=_("Alasan / hasil penanganan"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    external_reference = forms.CharField(label=_("Nomor registrasi di lembaga Anda"), max_length=60,
                                         required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), widget=forms.Textarea(attrs={"rows": 2}))


class ClaimForm(forms.Form):
    claim_type = forms.ChoiceField(label=_("Jenis klaim"), choices=ClaimType.choices)
    membership_number = forms.CharField(label=_("Nomor kepesertaan BPJS Ketenagakerjaan"), max_length=30,
                                        required=False)
    incident_date = _date(label=_("Tanggal kejadian"), required=False)
    heir_name = forms.CharField(label=_("Nama ahli waris (klaim JKM)"), max_length=150, required=False)
    heir_rank = forms.ChoiceField(label=_("Urutan ahli waris"), choices=[("", "—")] + HeirRank.choices,
                                  required=False)
    heir_relation = forms.CharField(label=_("Hubungan ahli waris"), max_length=80, required=False)
    due_date = _date(label=_("Target pengajuan"), required=False)


class ClaimStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=ClaimStatus.choices)
    on = _date(label=_("Tanggal"), required=False)
    amount_paid = forms.IntegerField(label=_("Jumlah dibayar (Rp)"), min_value=0, required=False)
    reason = forms.CharField(label=_("Alasan penolakan"), required=False)
    bpjs_reference = forms.CharField(label=_("Nomor klaim di BPJS"), max_length=60, required=False)


class StandardForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices, widget=forms.HiddenInput)
    working_days = forms.IntegerField(label=_("Hari kerja"), min_value=1, max_value=365)
    priority = forms.ChoiceField(label=_("Prioritas awal"), choices=Priority.choices)
    note = forms.CharField(label=_("Catatan / dasar"), required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Kode lacak"), max_length=20,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}))
    last4 = forms.CharField(label=_("4 angka terakhir nomor telepon pengadu"), min_length=4, max_length=4,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
