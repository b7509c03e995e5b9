"""What the screens change: template texts, per-village switches, a staff member's own alerts."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import has_perm, require_perm
from audit.models import Action
from audit.services import record
from core.records import fail
from regions.models import Region

from ..models import Consent, EventSwitch, MessageTemplate, Purpose, number_hash
from .consent import clean_phone, give_consent
from .language import set_language
from .templates import render, review_template

SAMPLE = {"kode": "ABCD-EFGH-JKLM", "status": gettext_lazy("Dalam proses"), "tautan": "https://payung.example/kasus/lacak/",
          "tanggal": "1 Juni 2027", "desa": "Jatinom", "pilihan": "35.05.10.2002 Jatinom; 35.15.03.2001 Jatinom",
          "jumlah": "5"}


def previews():
    """[(heading, [(template, Indonesian example, English example)])]: event messages, then automatic replies."""
    rows = [(t, render(t, "id", SAMPLE), render(t, "en", SAMPLE)) for t in MessageTemplate.objects.all()]
    return [(_("Pesan peristiwa"), [r for r in rows if r[0].event != "reply"]),
            (_("Jawaban otomatis atas pesan masuk"), [r for r in rows if r[0].event == "reply"])]


def review(actor, template, *, text_id, text_en, wa_template=""):
    return review_template(actor, template, text_id=text_id, text_en=text_en, wa_template=wa_template)


def mark_reviewed(actor, template):
    """The texts read and found right as they are: reviewed now, by `actor` (audited)."""
    return review_template(actor, template, text_id=template.text_id, text_en=template.text_en,
                           wa_template=template.wa_template)


def person_language(actor, person, language):
    require_perm(actor, "messaging.set_language", person)
    if not clean_phone(person.phone):
        fail("language", _("Bahasa pesan: warga ini belum punya nomor telepon."))
    return set_language(actor, person.phone, language, how="halaman warga", region_code=person.village_id)


def switchable_villages(user, limit=12):
    """The villages whose switches `user` may set, when few enough to list as links (an operator's own); an
    officer over a district picks one by name instead."""
    villages = Region.objects.villages().visible_to(user).filter(is_active=True).order_by("name")
    if villages.count() > limit:
        return []
    return [v for v in villages if has_perm(user, "messaging.set_switches", v)]


def switches_of(village):
    return dict(EventSwitch.objects.filter(village=village).values_list("event", "enabled"))


@transaction.atomic
def set_switches(actor, village, values):
    require_perm(actor, "messaging.set_switches", village)
    changed = []
    for event, enabled in values.items():
        switch, _created = EventSwitch.objects.get_or_create(village=village, event=event,
                                                            defaults={"enabled": enabled, "changed_by": actor})
        if switch.enabled != enabled or _created:
            switch.enabled, switch.changed_by = enabled, actor
            switch.save()
            changed.append(f"{event}={'on' if enabled else 'off'}")
    if changed:
        record(actor, Action.UPDATE, village, region_code=village.code,
               note=_("Pengaturan pesan WhatsApp/SMS: %(c)s") % {"c": ", ".join(changed)})
    return True


@transaction.atomic
def staff_alerts_on(actor, phone, channel, language="id"):
    """A staff member's own WhatsApp/SMS alerts (new complaint in their villages), by their own consent, in the
    language they chose."""
    mine = Consent.objects.filter(user=actor, purpose=Purpose.STAFF, withdrawn_at=None)
    for old in mine.exclude(phone_hash=number_hash(phone)):
        old.withdrawn_at, old.withdrawn_how = timezone.now(), "diganti nomor baru"
        old.save(update_fields=["withdrawn_at", "withdrawn_how"])
    consent = give_consent(actor, phone=phone, purpose=Purpose.STAFF, given_by=str(actor),
                           how="pengaturan petugas", channel=channel, user=actor)
    set_language(actor, phone, language, how="pengaturan petugas", region_code="")
    return consent
