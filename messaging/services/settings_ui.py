"""What the screens change: template texts, per-village switches, a staff member's own alerts."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import record

from ..models import Consent, EventSwitch, MessageTemplate, Purpose
from .consent import give_consent
from .templates import render, review_template

SAMPLE = {"kode": "ABCD-EFGH-JKLM", "status": "Dalam proses", "tautan": "https://payung.example/kasus/lacak/",
          "tanggal": "1 Juni 2027", "desa": "Jatinom"}


def previews():
    return [(t, render(t, "id", SAMPLE), render(t, "en", SAMPLE)) for t in MessageTemplate.objects.all()]


def review(actor, template, *, text_id, text_en, wa_template=""):
    return review_template(actor, template, text_id=text_id, text_en=text_en, wa_template=wa_template)


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
def staff_alerts_on(actor, phone, channel):
    """A staff member's own WhatsApp/SMS alerts (new complaint in their villages), by their own consent."""
    for old in Consent.objects.filter(user=actor, purpose=Purpose.STAFF, withdrawn_at=None).exclude(phone=phone):
        old.withdrawn_at, old.withdrawn_how = timezone.now(), "diganti nomor baru"
        old.save(update_fields=["withdrawn_at", "withdrawn_how"])
    return give_consent(actor, phone=phone, purpose=Purpose.STAFF, given_by=str(actor), how="pengaturan petugas",
                        channel=channel, user=actor)
