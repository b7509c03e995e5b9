"""Consent to be told things by WhatsApp/SMS, asked by forms of several apps (people registration, the public
complaint form): one wording with a version, and one signal the messaging app listens to (apps below it
never import it)."""

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

MESSAGES_CONSENT_VERSION = "pesan-2026-12"
MESSAGES_CONSENT_TEXT = _("Saya setuju menerima kabar lewat WhatsApp atau SMS di nomor telepon di atas (kode lacak, "
                          "status singkat dan tautan; tanpa NIK atau isi pengaduan). Balas BERHENTI kapan saja untuk "
                          "berhenti.")

# Sent with: phone, purposes (["complaint"], ["services", "placement"]), given_by, how, actor, person=, case=.
contact_consent_given = Signal()

# What registering a person with the box ticked consents to (the family's own village matters).
REGISTRATION_PURPOSES = ["services", "placement"]


def announce(*, phone, purposes, given_by, how, actor=None, person=None, case=None):
    if phone:
        contact_consent_given.send(sender=None, phone=phone, purposes=purposes, given_by=given_by, how=how,
                                   actor=actor, person=person, case=case, wording=str(MESSAGES_CONSENT_TEXT),
                                   wording_version=MESSAGES_CONSENT_VERSION)
