"""Message templates are data (MessageTemplate rows, Indonesian and English), reviewed on a screen.

Only these placeholders exist: the tracking code, a short status, a link, a date and the village name.
Nothing else can be put into a message, so no NIK, case text or other person's number ever is."""

import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.services import log_update, snapshot

from ..models import MessageTemplate

PLACEHOLDERS = ("kode", "status", "tautan", "tanggal", "desa")
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


def placeholders_in(text):
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def check_text(text, field):
    """A template text may only use the known placeholders, without format specs (they could read attributes)."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError({field: _("Teks: kurung kurawal tidak berpasangan. Tulis placeholder seperti {kode}.")})
    for _lit, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conv:
            raise ValidationError({field: _("Teks: placeholder {%(name)s} tidak dikenal. Yang boleh dipakai: "
                                            "%(known)s.") % {"name": name,
                                                             "known": ", ".join("{%s}" % p for p in PLACEHOLDERS)}})
    if not text.strip():
        raise ValidationError({field: _("Teks: isi pesan wajib diisi.")})
    if len(text) > SMS_LIMIT - 60:
        raise ValidationError({field: _("Teks: terlalu panjang untuk SMS; paling banyak %(n)s huruf.") % {
            "n": SMS_LIMIT - 60}})


def render(template, language, values):
    text = template.text_en if language == "en" else template.text_id
    safe = {name: str(values.get(name, "")) for name in PLACEHOLDERS}
    return text.format_map(safe)[:SMS_LIMIT]


@transaction.atomic
def review_template(actor, template, *, text_id, text_en, wa_template=""):
    require_perm(actor, "messaging.review_templates")
    check_text(text_id, "text_id")
    check_text(text_en, "text_en")
    before = snapshot(template)
    template.text_id, template.text_en, template.wa_template = text_id.strip(), text_en.strip(), wa_template.strip()
    template.reviewed_at, template.reviewed_by = timezone.now(), actor
    template.save()
    log_update(actor, template, before)
    return template


def load_defaults(model=MessageTemplate):
    for code, event, purpose, wa_name, text_id, text_en in DEFAULTS:
        model.objects.get_or_create(code=code, defaults={"event": event, "purpose": purpose, "wa_template": wa_name,
                                                         "text_id": text_id, "text_en": text_en})
