"""Consent first: a message is queued only with recorded consent for its purpose, opting out is immediate."""

import pytest

from audit.models import AuditEntry
from cases.services import transition
from messaging.models import Consent, Event, Message, OptOut, Purpose, Status
from messaging.services import inbound, outbound, settings_ui
from people.contact_consent import MESSAGES_CONSENT_VERSION
from regions.models import Region
from tests.conftest import JATINOM
from tests.factories import CaseFactory

from .conftest import FAMILY

pytestmark = pytest.mark.django_db


def test_a_complaint_with_the_box_ticked_records_consent_and_queues_the_tracking_code(complaint):
    case = complaint()
    consent = Consent.objects.get(phone=FAMILY)
    assert (consent.purpose, consent.given_by, consent.wording_version, consent.how) == (
        Purpose.COMPLAINT, "Sutrisno", MESSAGES_CONSENT_VERSION, "Datang langsung")
    message = Message.objects.get(event=Event.COMPLAINT_RECEIVED)
    assert (message.to, message.status, message.case) == (FAMILY, Status.QUEUED, case)
    assert case.tracking_code in message.body
    assert AuditEntry.objects.filter(object_type="messaging.consent", object_id=str(consent.pk)).count() == 1
    # The audit log names the number masked only.
    assert FAMILY not in AuditEntry.objects.get(object_type="messaging.consent").object_repr


def test_a_complaint_without_the_box_sends_nothing(regions, gateways):
    CaseFactory(village=JATINOM, consent_process=True)
    assert Message.objects.count() == 0
    assert Consent.objects.count() == 0


def test_a_status_change_is_messaged_once_per_move(complaint, jatinom_operator):
    case = complaint()
    transition(jatinom_operator, case, "verified")
    transition(jatinom_operator, case, "clarification")
    transition(jatinom_operator, case, "verified")
    bodies = list(Message.objects.filter(event=Event.CASE_STATUS_CHANGED).order_by("id").values_list("body", flat=True))
    assert len(bodies) == 3
    assert "Dokumen terverifikasi" in bodies[0] and "Klarifikasi" in bodies[1]


def test_a_village_switch_turns_an_event_off(complaint, jatinom_operator):
    village = Region.objects.get(code=JATINOM)
    values = {e: True for e in ["complaint_received", "case_status_changed"]}
    values["case_status_changed"] = False
    settings_ui.set_switches(jatinom_operator, village, values)
    case = complaint()
    transition(jatinom_operator, case, "verified")
    assert list(Message.objects.values_list("event", flat=True)) == [Event.COMPLAINT_RECEIVED]


def test_stop_withdraws_every_consent_cancels_queued_messages_and_is_confirmed(complaint):
    complaint()
    assert inbound.receive("whatsapp", "wamid.1", FAMILY, "berhenti") == "stop"
    assert Consent.objects.get(phone=FAMILY).withdrawn_at is not None
    assert OptOut.objects.filter(phone=FAMILY).exists()
    receipt = Message.objects.get(event=Event.COMPLAINT_RECEIVED)
    assert (receipt.status, receipt.reason) == (Status.FAILED, "Nomor berhenti berlangganan (BERHENTI).")
    confirmation = Message.objects.get(event=Event.REPLY)
    assert confirmation.body == "Payung: Anda tidak akan menerima pesan lagi dari Payung. Terima kasih."
    assert outbound.deliver(confirmation.pk) == Status.SENT
    assert AuditEntry.objects.filter(object_type="messaging.consent", action="update").count() == 1


def test_an_opted_out_number_records_nothing_but_gets_a_stop_reminder(complaint, jatinom_operator):
    case = complaint()
    inbound.receive("whatsapp", "wamid.1", FAMILY, "STOP")
    before = Message.objects.count()
    assert inbound.receive("whatsapp", "wamid.2", FAMILY, "LAPOR anak saya tidak digaji tiga bulan") == "opted_out"
    assert inbound.InboundMessage.objects.count() == 0
    assert inbound.Conversation.objects.count() == 0
    reminder = Message.objects.latest("id")
    assert (Message.objects.count(), reminder.params["stop_notice"]) == (before + 1, True)
    assert reminder.body.startswith("Payung: nomor ini sudah berhenti")
    # And no event message goes to it any more.
    transition(jatinom_operator, case, "verified")
    assert not Message.objects.filter(event=Event.CASE_STATUS_CHANGED).exists()


def test_registration_with_the_box_ticked_consents_to_village_and_placement_messages(regions, jatinom_operator):
    from people.services import register_person
    from tests.factories import PersonFactory

    template = PersonFactory.build(village=JATINOM)
    person = register_person(jatinom_operator, nik=template.nik, name="Siti Aminah", sex="F",
                             birth_date=template.birth_date, village=Region.objects.get(code=JATINOM),
                             phone="+6285712345678", consent_messages=True)
    consents = Consent.objects.filter(person=person).order_by("purpose")
    assert [(c.purpose, c.how, c.recorded_by) for c in consents] == [
        ("placement", "pendaftaran warga", jatinom_operator), ("services", "pendaftaran warga", jatinom_operator)]


def test_consents_for_gives_the_privacy_register_each_consent(regions, jatinom_operator, make_person):
    from messaging.privacy import consents_for
    from messaging.services.consent import give_consent

    person = make_person(phone="+6285712345678")
    give_consent(jatinom_operator, phone=person.phone, purpose="services", given_by=person.name, how="di kantor desa",
                 person=person)
    inbound.receive("sms", "gammu-inbox-9", person.phone, "BERHENTI")
    [entry] = consents_for(person)
    assert (entry.purpose, entry.wording_version, entry.recorded_by) == (
        "Layanan desa (surat siap diambil)", MESSAGES_CONSENT_VERSION, str(jatinom_operator))
    assert entry.channel == "WhatsApp (di kantor desa)"
    assert entry.withdrawn_at is not None
