"""Per-number language (Indonesian by default, English when chosen) and the automatic replies as templates."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from audit.models import AuditEntry
from cases.services import transition
from messaging.models import Event, Message, MessageTemplate, NumberLanguage, number_hash
from messaging.services import inbound, settings_ui
from messaging.services.consent import give_consent
from messaging.services.language import language_for, set_language
from messaging.services.templates import review_template
from tests.conftest import BLITAR, JATINOM
from tests.factories import CaseFactory

from .conftest import FAMILY

pytestmark = pytest.mark.django_db

OTHER = "+6285799887766"


def test_a_number_is_written_to_in_indonesian_unless_it_chose_english(complaint, jatinom_operator):
    case = complaint()
    assert language_for(FAMILY) == "id"
    assert inbound.receive("whatsapp", "w1", FAMILY, "english") == "language"
    confirmation = Message.objects.get(template="reply_language")
    assert (confirmation.language, confirmation.body) == (
        "en", "Payung: messages to this number will be written in English.")
    transition(jatinom_operator, case, "verified")
    change = Message.objects.get(event=Event.CASE_STATUS_CHANGED)
    assert change.language == "en"
    assert change.body.startswith(f'Payung: complaint {case.tracking_code} is now "Documents verified". See: ')
    # The WhatsApp template goes with English parameters in English.
    assert change.params["values"][:2] == [case.tracking_code, "Documents verified"]
    inbound.receive("whatsapp", "w2", FAMILY, f"STATUS {case.tracking_code}")
    status = Message.objects.filter(template="reply_status").get()
    assert status.body.startswith(f'Payung: complaint {case.tracking_code} has the status "Documents verified".')
    assert inbound.receive("whatsapp", "w3", FAMILY, "INDONESIA") == "language"
    assert Message.objects.filter(template="reply_language").latest("id").body == (
        "Payung: pesan untuk nomor ini akan ditulis dalam Bahasa Indonesia.")
    assert language_for(FAMILY) == "id"
    # Each change is audited, the number masked.
    entries = AuditEntry.objects.filter(object_type="messaging.numberlanguage").order_by("id")
    assert [e.changes for e in entries] == [{"language": ["id", "en"]}, {"language": ["en", "id"]}]
    assert all(FAMILY not in e.object_repr for e in entries)


def test_the_language_word_inside_a_sentence_is_not_a_language_choice(regions, gateways):
    assert inbound.receive("whatsapp", "w1", OTHER, "english please") == "help"
    assert NumberLanguage.objects.count() == 0


def test_a_public_complaint_filed_in_english_gets_english_messages(regions, gateways):
    with translation.override("en"):
        case = CaseFactory(village=JATINOM, consent_process=True, consent_messages=True)
    receipt = Message.objects.get(event=Event.COMPLAINT_RECEIVED)
    assert (receipt.language, receipt.body.startswith(
        f"Payung: your complaint was received. Tracking code {case.tracking_code}.")) == ("en", True)
    assert NumberLanguage.objects.get(phone_hash=number_hash(FAMILY)).how == "bahasa formulir publik"


def test_staff_entering_a_complaint_in_english_do_not_choose_the_familys_language(regions, gateways,
                                                                                    jatinom_operator):
    from cases.services import intake_case

    with translation.override("en"):
        intake_case(jatinom_operator, village=JATINOM, category="other", description="Gaji tidak dibayar.",
                    channel="in_person", complainant_name="Sutrisno", complainant_phone=FAMILY, worker_name="Sri",
                    consent_process=True, consent_given_by="Sutrisno", consent_messages=True)
    assert Message.objects.get(event=Event.COMPLAINT_RECEIVED).language == "id"


def test_the_person_page_sets_the_language_of_the_persons_messages(client_for, jatinom_operator, gogodeso_operator,
                                                                    make_person, gateways):
    person = make_person(village=JATINOM, phone="+6285712345678")
    client = client_for(jatinom_operator)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert 'data-testid="message-language"' in page and 'name="pesan-language"' in page
    url = reverse("messaging:person_language", args=[person.pk])
    assert client.post(url, {"pesan-language": "en"}).status_code == 302
    assert language_for("+6285712345678") == "en"
    # A wrong value is refused with the field named, nothing changed.
    answer = client.post(url, {"pesan-language": "fr"}, follow=True)
    assert "Bahasa pesan" in answer.content.decode()
    assert language_for("+6285712345678") == "en"
    # Another village's operator: 404 (out of scope).
    assert client_for(gogodeso_operator).post(url, {"pesan-language": "id"}).status_code == 404
    give_consent(jatinom_operator, phone=person.phone, purpose="services", given_by=person.name, how="uji",
                 person=person)
    from messaging.services.outbound import queue_event

    message = queue_event(Event.LETTER_READY, to=person.phone, values={"kode": "ABCD-EFGH-JKLM"},
                          village=person.village, person=person)
    assert message.body == ("Payung: your letter from Jatinom village is ready at the village office. "
                            "Code ABCD-EFGH-JKLM.")


def test_a_staff_member_chooses_the_language_of_their_own_alerts(client_for, jatinom_operator, gateways):
    answer = client_for(jatinom_operator).post(reverse("messaging:my_alerts"), {
        "phone": "0811223344", "channel": "whatsapp", "language": "en", "consent": "on"})
    assert answer.status_code == 302
    case = CaseFactory(village=JATINOM, consent_process=True)
    alert = Message.objects.get(event=Event.STAFF_NEW_COMPLAINT)
    assert alert.body.startswith(f"Payung: new complaint in Jatinom village ({case.tracking_code}).")


def test_set_language_refuses_an_unknown_language_and_a_missing_number(regions):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        set_language(None, FAMILY, "fr", how="uji")
    assert refused.value.message_dict == {"language": ["Bahasa pesan: pilih Bahasa Indonesia atau Bahasa Inggris."]}
    with pytest.raises(ValidationError):
        set_language(None, "", "en", how="uji")
    assert NumberLanguage.objects.count() == 0


def test_an_edited_reply_template_is_what_the_number_gets(regions, gateways, make_user):
    officer = make_user("officer", (Role.DISTRICT_OFFICER, BLITAR))
    template = MessageTemplate.objects.get(code="reply_help")
    review_template(officer, template, text_id="Payung: kirim LAPOR, STATUS <kode> atau BERHENTI.",
                    text_en="Payung: send LAPOR, STATUS <code> or STOP.")
    assert inbound.receive("sms", "1", OTHER, "apa ini") == "help"
    assert Message.objects.get().body == "Payung: kirim LAPOR, STATUS <kode> atau BERHENTI."


def test_a_reply_template_may_use_only_its_own_placeholders(regions, make_user):
    from django.core.exceptions import ValidationError

    officer = make_user("officer", (Role.DISTRICT_OFFICER, BLITAR))
    limit = MessageTemplate.objects.get(code="reply_limit")
    review_template(officer, limit, text_id="Payung: paling banyak {jumlah} sehari.", text_en="Payung: {jumlah} a day.")
    with pytest.raises(ValidationError) as refused:
        review_template(officer, MessageTemplate.objects.get(code="reply_help"), text_id="Payung: {jumlah}",
                        text_en="Payung")
    assert refused.value.message_dict["text_id"][0].startswith("Teks: placeholder {jumlah} tidak dikenal.")


def test_marking_a_template_reviewed_on_the_screen_is_audited(client_for, regions, make_user):
    officer = make_user("officer", (Role.DISTRICT_OFFICER, BLITAR))
    client = client_for(officer)
    page = client.get(reverse("messaging:templates")).content.decode()
    template = MessageTemplate.objects.get(code="reply_stop")
    assert template.text_id in page and template.text_en in page
    assert page.count("Tandai sudah ditinjau") == MessageTemplate.objects.count()
    answer = client.post(reverse("messaging:template_reviewed", args=[template.pk]))
    assert answer.status_code == 302
    template.refresh_from_db()
    assert template.reviewed_by == officer
    entry = AuditEntry.objects.get(object_type="messaging.messagetemplate", object_id=str(template.pk))
    assert (entry.actor, entry.action, sorted(entry.changes)) == (officer, "update", ["reviewed_at", "reviewed_by_id"])
    assert client.get(reverse("messaging:templates")).content.decode().count("Tandai sudah ditinjau") == (
        MessageTemplate.objects.count() - 1)


def test_the_settings_page_leads_an_operator_to_their_villages_switches(client_for, jatinom_operator, gateways):
    from tests.conftest import GOGODESO

    client = client_for(jatinom_operator)
    page = client.get(reverse("messaging:settings"))
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("messaging:switches", args=[JATINOM]) in body
    assert reverse("messaging:my_alerts") in body and reverse("messaging:templates") not in body
    assert client.post(reverse("messaging:settings"), {"village": JATINOM}).url == reverse(
        "messaging:switches", args=[JATINOM])
    # A village outside the operator's scope is refused as unknown (400, the field named), not opened.
    refused = client.post(reverse("messaging:settings"), {"village": GOGODESO})
    assert refused.status_code == 400 and 'data-testid="error-village"' in refused.content.decode()


def test_every_event_is_a_switch_on_the_village_screen(client_for, jatinom_operator, gateways):
    page = client_for(jatinom_operator).get(reverse("messaging:switches", args=[JATINOM])).content.decode()
    for event in Event:
        assert (f'name="{event.value}"' in page) == (event != Event.REPLY), event
    from regions.models import Region

    settings_ui.set_switches(jatinom_operator, Region.objects.get(code=JATINOM), {"letter_ready": False})
    entry = AuditEntry.objects.filter(region_code=JATINOM, note__contains="letter_ready=off").get()
    assert entry.actor == jatinom_operator


def test_a_reply_template_is_edited_on_the_screen_without_a_whatsapp_template_name(client_for, regions, make_user):
    officer = make_user("officer", (Role.DISTRICT_OFFICER, BLITAR))
    client = client_for(officer)
    template = MessageTemplate.objects.get(code="reply_limit")
    url = reverse("messaging:template_edit", args=[template.pk])
    page = client.get(url).content.decode()
    assert 'name="wa_template"' not in page and "{jumlah}" in page
    answer = client.post(url, {"text_id": "Payung: paling banyak {jumlah} pengaduan sehari.",
                               "text_en": "Payung: at most {jumlah} complaints a day."})
    assert answer.status_code == 302
    template.refresh_from_db()
    assert (template.text_en, template.reviewed_by) == ("Payung: at most {jumlah} complaints a day.", officer)
