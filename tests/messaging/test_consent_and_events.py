"""Consent first: a message is queued only with recorded consent for its purpose, opting out is immediate."""

import pytest

from audit.models import AuditEntry
from cases.services import transition
from messaging.models import Consent, Event, Message, OptOut, Purpose, Status, number_hash
from messaging.services import inbound, outbound, settings_ui
from people.contact_consent import MESSAGES_CONSENT_VERSION
from regions.models import Region
from tests.conftest import JATINOM
from tests.factories import CaseFactory

from .conftest import FAMILY

pytestmark = pytest.mark.django_db


def test_a_complaint_with_the_box_ticked_records_consent_and_queues_the_tracking_code(complaint):
    case = complaint()
    consent = Consent.objects.get(phone_hash=number_hash(FAMILY))
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
    assert Consent.objects.get(phone_hash=number_hash(FAMILY)).withdrawn_at is not None
    assert OptOut.objects.filter(phone_hash=number_hash(FAMILY)).exists()
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


@pytest.fixture
def bpjs_staff(make_user, regions):
    from accounts.models import OrganisationKind, Role
    from tests.conftest import BLITAR
    from tests.factories import MembershipFactory, OrganisationFactory

    bpjs = OrganisationFactory(name="BPJS Ketenagakerjaan Blitar", kind=OrganisationKind.BPJS, region=BLITAR)
    user = make_user("staf.bpjs", full_name="Staf BPJS")
    MembershipFactory(user=user, role=Role.ORGANISATION_STAFF, region=BLITAR, organisation=bpjs)
    return bpjs, user


def test_a_referral_answer_tells_the_family_without_the_organisations_reason(complaint, jatinom_operator,
                                                                              bpjs_staff):
    from cases.services import answer_referral, refer_case

    bpjs, staff = bpjs_staff
    case = complaint(consent_share=True)
    referral = refer_case(jatinom_operator, case, bpjs, request="Mohon bantu klaim JKK.")
    answer_referral(staff, referral, accept=False, reason="Peserta belum terdaftar sejak 2019.")
    message = Message.objects.get(event=Event.REFERRAL_ANSWERED)
    assert message.body == (f"Payung: rujukan pengaduan {case.tracking_code} belum dapat diterima; petugas mencari "
                            f"jalan lain. Lihat: {inbound.track_link()}")
    assert "2019" not in message.body


def test_a_claim_status_change_is_messaged(complaint, jatinom_operator):
    from cases.models import ClaimStatus
    from cases.services import open_claim, set_claim_document, set_claim_status

    case = complaint(category="social_security")
    claim = open_claim(jatinom_operator, case, "jkk_during_accident")
    for document in claim.documents.all():
        set_claim_document(jatinom_operator, document, True)
    set_claim_status(jatinom_operator, claim, ClaimStatus.SUBMITTED)
    message = Message.objects.get(event=Event.CLAIM_STATUS_CHANGED)
    status = claim.get_status_display()
    assert message.body == (f'Payung: klaim untuk pengaduan {case.tracking_code} sekarang "{status}". '
                            f"Lihat: {inbound.track_link()}")
