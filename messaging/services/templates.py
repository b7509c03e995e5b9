"""Message templates are data (MessageTemplate rows, Indonesian and English), reviewed on a screen: the event
messages and the automatic replies (help, STOP confirmation, STATUS answer, the LAPOR questions).

Only these placeholders exist: the tracking code, a short status, a link, a date and the village name (and, in
two replies, the village choices and the daily limit). Nothing else can be put into a message, so no NIK, case
text or other person's number ever is."""

import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.services import log_update, snapshot

from ..models import MessageTemplate

PLACEHOLDERS = ("kode", "status", "tautan", "tanggal", "desa")
# A reply's own placeholders: the official codes and names of villages sharing the name typed; the daily limit.
EXTRA_PLACEHOLDERS = {"reply_village_many": ("pilihan",), "reply_limit": ("jumlah",)}
SMS_LIMIT = 320  # two SMS parts

# (code, event, purpose, WhatsApp template name, Indonesian, English): loaded by the migration, edited on screen.
DEFAULTS = [
    ("complaint_received", "complaint_received", "complaint", "payung_pengaduan_diterima",
     "Payung: pengaduan Anda diterima. Kode lacak {kode}. Lihat status: {tautan}",
     "Payung: your complaint was received. Tracking code {kode}. Status: {tautan}"),
    ("case_status_changed", "case_status_changed", "complaint", "payung_status_pengaduan",
     "Payung: status pengaduan {kode} sekarang \"{status}\". Lihat: {tautan}",
     "Payung: complaint {kode} is now \"{status}\". See: {tautan}"),
    ("referral_answered", "referral_answered", "complaint", "payung_rujukan_dijawab",
     "Payung: rujukan pengaduan {kode} {status}. Lihat: {tautan}",
     "Payung: the referral of complaint {kode} was {status}. See: {tautan}"),
    ("claim_status_changed", "claim_status_changed", "complaint", "payung_status_klaim",
     "Payung: klaim untuk pengaduan {kode} sekarang \"{status}\". Lihat: {tautan}",
     "Payung: the claim for complaint {kode} is now \"{status}\". See: {tautan}"),
    ("letter_ready", "letter_ready", "services", "payung_surat_siap",
     "Payung: surat Anda dari Desa {desa} siap diambil di kantor desa. Kode {kode}.",
     "Payung: your letter from {desa} village is ready at the village office. Code {kode}."),
    ("passport_expiring", "passport_expiring", "placement", "payung_paspor",
     "Payung: paspor habis sebelum {tanggal}, kurang dari 6 bulan setelah keberangkatan. Hubungi kantor Desa {desa}.",
     "Payung: the passport expires before {tanggal}, within 6 months of departure. Contact {desa} village office."),
    ("no_contact", "no_contact", "placement", "payung_minta_kabar",
     "Payung: Desa {desa} belum mendapat kabar sejak {tanggal}. Mohon kabari kantor desa bila ada berita.",
     "Payung: {desa} village has had no news since {tanggal}. Please tell the village office any news."),
    ("staff_new_complaint", "staff_new_complaint", "staff", "payung_petugas_pengaduan_baru",
     "Payung: pengaduan baru di Desa {desa} ({kode}). Buka: {tautan}",
     "Payung: new complaint in {desa} village ({kode}). Open: {tautan}"),
]

# The automatic replies to what a number sent (event "reply", purpose "reply": no WhatsApp template, they go
# inside the 24-hour session the number's own message opened).
REPLIES = [
    ("reply_help",
     "Payung: balas LAPOR (atau 1) untuk membuat pengaduan, STATUS <kode lacak> (atau 2) untuk melihat status, "
     "BERHENTI untuk berhenti menerima pesan, ENGLISH untuk pesan berbahasa Inggris.",
     "Payung: reply LAPOR (or 1) to file a complaint, STATUS <tracking code> (or 2) for its status, STOP to "
     "receive no more messages, INDONESIA for messages in Indonesian."),
    ("reply_stop",
     "Payung: Anda tidak akan menerima pesan lagi dari Payung. Terima kasih.",
     "Payung: you will receive no more messages from Payung. Thank you."),
    ("reply_opted_out",
     "Payung: nomor ini sudah berhenti menerima pesan (BERHENTI). Untuk melapor, hubungi kantor desa.",
     "Payung: this number has stopped receiving messages (STOP). To report, contact the village office."),
    ("reply_status",
     "Payung: pengaduan {kode} berstatus \"{status}\". Lihat: {tautan}",
     "Payung: complaint {kode} has the status \"{status}\". See: {tautan}"),
    ("reply_status_usage",
     "Payung: tulis STATUS lalu kode lacak, mis. STATUS ABCD-EFGH-JKLM.",
     "Payung: write STATUS and the tracking code, e.g. STATUS ABCD-EFGH-JKLM."),
    ("reply_status_unknown",
     "Payung: kode lacak tidak ditemukan untuk nomor ini.",
     "Payung: tracking code not found for this number."),
    ("reply_lapor_start",
     "Payung: laporan dimulai. Dengan melanjutkan, Anda setuju data laporan diolah untuk penanganan dan kabarnya "
     "dikirim ke nomor ini. Balas BERHENTI untuk berhenti.",
     "Payung: report started. By going on you agree that the report is processed for handling and that news of "
     "it is sent to this number. Reply STOP to stop."),
    ("reply_ask_village",
     "Desa asal pekerja migran? Tulis nama desa (mis. Jatinom).",
     "Home village of the migrant worker? Write the village name (e.g. Jatinom)."),
    ("reply_ask_worker", "Nama pekerja migran?", "Name of the migrant worker?"),
    ("reply_ask_country", "Negara tempat bekerja?", "Country of work?"),
    ("reply_ask_story", "Ceritakan singkat apa yang terjadi.", "Tell briefly what happened."),
    ("reply_village_unknown",
     "Payung: desa tidak ditemukan. Tulis nama desa lagi (mis. Jatinom).",
     "Payung: village not found. Write the village name again (e.g. Jatinom)."),
    ("reply_village_many",
     "Payung: ada beberapa desa dengan nama itu. Balas dengan kodenya: {pilihan}",
     "Payung: several villages have that name. Reply with its code: {pilihan}"),
    ("reply_limit",
     "Payung: batas {jumlah} pengaduan per hari dari satu nomor sudah tercapai. Coba lagi besok atau hubungi "
     "kantor desa.",
     "Payung: the limit of {jumlah} complaints a day from one number is reached. Try again tomorrow or contact "
     "the village office."),
    ("reply_invalid",
     "Payung: laporan tidak dapat dicatat. Hubungi kantor desa atau kirim LAPOR untuk mengulang.",
     "Payung: the report could not be recorded. Contact the village office or send LAPOR to start again."),
    ("reply_language",
     "Payung: pesan untuk nomor ini akan ditulis dalam Bahasa Indonesia.",
     "Payung: messages to this number will be written in English."),
]


def allowed_placeholders(code):
    return PLACEHOLDERS + EXTRA_PLACEHOLDERS.get(code, ())


def placeholders_in(text):
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def check_text(text, field, code=""):
    """A template text may only use the known placeholders (`code`'s own too), without format specs (they could
    read attributes)."""
    known = allowed_placeholders(code)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError({field: _("Teks: kurung kurawal tidak berpasangan. Tulis placeholder seperti {kode}.")})
    for _lit, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in known or spec or conv:
            raise ValidationError({field: _("Teks: placeholder {%(name)s} tidak dikenal. Yang boleh dipakai: "
                                            "%(known)s.") % {"name": name,
                                                             "known": ", ".join("{%s}" % p for p in known)}})
    if not text.strip():
        raise ValidationError({field: _("Teks: isi pesan wajib diisi.")})
    if len(text) > SMS_LIMIT - 60:
        raise ValidationError({field: _("Teks: terlalu panjang untuk SMS; paling banyak %(n)s huruf.") % {
            "n": SMS_LIMIT - 60}})


def render(template, language, values):
    """The template's text in `language` with the values filled in; a lazy value (a status label) is written in
    that language too."""
    text = template.text_en if language == "en" else template.text_id
    with translation.override(language):
        safe = {name: str(values.get(name, "")) for name in allowed_placeholders(template.code)}
    return text.format_map(safe)[:SMS_LIMIT]


def choice_label(obj, field):
    """A choice field's label, lazy: written in the language of the message it goes into (get_FOO_display would
    fix it in the language of whoever made the change)."""
    value = getattr(obj, field)
    return dict(obj._meta.get_field(field).flatchoices).get(value, value)


def values_in(language, values):
    """The values as plain text in `language` (a WhatsApp template's parameters)."""
    with translation.override(language):
        return {name: str(value) for name, value in values.items()}


@transaction.atomic
def review_template(actor, template, *, text_id, text_en, wa_template=""):
    require_perm(actor, "messaging.review_templates")
    check_text(text_id, "text_id", template.code)
    check_text(text_en, "text_en", template.code)
    before = snapshot(template)
    template.text_id, template.text_en, template.wa_template = text_id.strip(), text_en.strip(), wa_template.strip()
    template.reviewed_at, template.reviewed_by = timezone.now(), actor
    template.save()
    log_update(actor, template, before)
    return template


def load_defaults(model=MessageTemplate):
    """The starting texts (migrations): a template already there keeps what was reviewed on the screen."""
    for code, event, purpose, wa_name, text_id, text_en in DEFAULTS:
        model.objects.get_or_create(code=code, defaults={"event": event, "purpose": purpose, "wa_template": wa_name,
                                                         "text_id": text_id, "text_en": text_en})
    for code, text_id, text_en in REPLIES:
        model.objects.get_or_create(code=code, defaults={"event": "reply", "purpose": "reply", "text_id": text_id,
                                                         "text_en": text_en})
