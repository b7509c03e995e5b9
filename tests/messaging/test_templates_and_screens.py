"""Nothing sensitive in a message; templates reviewed on a screen; the log on the person's and case's page."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from cases.services import transition
from core.formatting import long_date
from messaging.models import Event, Message, MessageTemplate
from messaging.receivers import _case_values
from messaging.services import inbound, settings_ui
from messaging.services.consent import give_consent
from messaging.services.templates import REPLIES, choice_label, render, review_template
from regions.models import Region
from tests.conftest import BLITAR, JATINOM
from tests.factories import CaseFactory

from .conftest import FAMILY

pytestmark = pytest.mark.django_db

WORKER_NIK = "3505104508900002"
NEIGHBOUR = "+6285799887766"


@pytest.fixture
def sensitive_case(regions, gateways, make_person):
    """A real complaint naming a worker with a NIK, a registered worker with another phone, a description."""
    worker = make_person(village=JATINOM, name="Sri Wahyuni", phone=NEIGHBOUR)
    return CaseFactory(village=JATINOM, consent_process=True, consent_messages=True, worker_nik=WORKER_NIK,
                       person=worker, worker_phone=NEIGHBOUR, description="Disekap majikan dan sakit paru-paru.",
                       complainant_address="RT 01 RW 02 Jatinom")


def test_every_template_rendered_with_real_records_carries_nothing_sensitive(sensitive_case, jatinom_operator):
    """Every template (event messages and automatic replies), in both languages, filled with the values the code
    takes from real records; then the messages the events and a real exchange with the number really queued."""
    case = sensitive_case
    villages = "; ".join(f"{r.code} {r.name}" for r in Region.objects.villages().order_by("code")[:5])
    values = {**_case_values(case, choice_label(case, "status")), "desa": case.village.name,
              "tanggal": long_date(datetime.date(2027, 6, 1)), "pilihan": villages, "jumlah": 5}
    forbidden = [WORKER_NIK, case.person.nik, NEIGHBOUR, NEIGHBOUR.replace("+62", "0"), "Disekap", "paru",
                 "RT 01 RW 02", case.worker_name, case.complainant_name, "Atlantis"]
    templates = list(MessageTemplate.objects.all())
    assert sorted(t.event for t in templates if t.event != Event.REPLY) == sorted(
        e for e in Event.values if e != Event.REPLY)
    assert sorted(t.code for t in templates if t.event == Event.REPLY) == sorted(code for code, _i, _e in REPLIES)
    assert len(templates) == 8 + 16
    for template in templates:
        for language in ("id", "en"):
            text = render(template, language, values)
            assert text.startswith("Payung") or template.code.startswith("reply_ask_"), (template.code, language)
            assert [word for word in forbidden if word in text] == [], (template.code, language)
    # What the events really queued, and the replies of a real exchange in both languages: a STATUS, a LAPOR
    # exchange telling the same story, an unknown village, help, ENGLISH, STATUS again, BERHENTI.
    transition(jatinom_operator, case, "verified")
    for key, text in enumerate([f"STATUS {case.tracking_code}", "LAPOR", "Atlantis", "Jatinom", case.worker_name,
                                "Malaysia", case.description, "halo", "ENGLISH", f"STATUS {case.tracking_code}",
                                "apa", "BERHENTI"]):
        inbound.receive("whatsapp", f"wamid.{key}", FAMILY, text)
    bodies = list(Message.objects.values_list("template", "language", "body"))
    assert len(bodies) == 2 + 12 + 1  # two event messages, twelve replies, the new complaint's receipt
    assert {language for _t, language, _b in bodies} == {"id", "en"}
    assert [(code, body) for code, _l, body in bodies if any(word in body for word in forbidden)] == []


def test_every_reply_the_inbound_code_sends_is_a_template(regions):
    """The replies are data: each code the inbound handling names exists as a template (no hard-coded text)."""
    source = Path(inbound.__file__).read_text()
    named = set(re.findall(r'"(reply_\w+)"', source))
    assert named - set(MessageTemplate.objects.values_list("code", flat=True)) == set()
    assert len(named) == 16


def test_a_template_naming_anything_but_the_known_placeholders_is_refused(regions, make_user):
    officer = make_user("officer", (Role.DISTRICT_OFFICER, BLITAR))
    template = MessageTemplate.objects.get(code="complaint_received")
    with pytest.raises(ValidationError) as refused:
        review_template(officer, template, text_id="NIK Anda {nik}", text_en="ok {kode}")
    assert refused.value.message_dict == {"text_id": [
        "Teks: placeholder {nik} tidak dikenal. Yang boleh dipakai: {kode}, {status}, {tautan}, {tanggal}, {desa}."]}
    with pytest.raises(ValidationError):
        review_template(officer, template, text_id="{kode.__class__}", text_en="ok")


def test_the_review_screen_shows_every_template_and_saves_a_reviewed_text(client_for, regions, make_user):
    officer = make_user("officer", (Role.DISTRICT_OFFICER, BLITAR))
    client = client_for(officer)
    page = client.get(reverse("messaging:templates"))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="template-') == MessageTemplate.objects.count()
    template = MessageTemplate.objects.get(code="complaint_received")
    url = reverse("messaging:template_edit", args=[template.pk])
    bad = client.post(url, {"text_id": "Halo {nama}", "text_en": "Hi {kode}", "wa_template": ""})
    assert bad.status_code == 400
    assert "placeholder {nama} tidak dikenal" in bad.content.decode()
    good = client.post(url, {"text_id": "Payung: kode {kode}. {tautan}", "text_en": "Payung: code {kode}. {tautan}",
                             "wa_template": "payung_pengaduan_diterima"})
    assert good.status_code == 302
    template.refresh_from_db()
    assert (template.text_id, template.reviewed_by) == ("Payung: kode {kode}. {tautan}", officer)


def test_the_review_screen_is_refused_to_a_village_operator(client_for, jatinom_operator):
    assert client_for(jatinom_operator).get(reverse("messaging:templates")).status_code == 403


def test_the_village_switch_screen_turns_an_event_off(client_for, jatinom_operator, gateways):
    url = reverse("messaging:switches", args=[JATINOM])
    client = client_for(jatinom_operator)
    assert client.get(url).status_code == 200
    data = {e: "on" for e in Event.values if e not in ("reply", "complaint_received")}
    assert client.post(url, data).status_code == 302
    CaseFactory(village=JATINOM, consent_process=True, consent_messages=True)
    assert Message.objects.count() == 0


def test_the_message_log_shows_on_the_case_and_person_pages(client_for, sensitive_case, jatinom_operator):
    client = client_for(jatinom_operator)
    case_page = client.get(reverse("cases:detail", args=[sensitive_case.pk])).content.decode()
    assert 'data-testid="messages-panel"' in case_page and "Pengaduan diterima" in case_page
    give_consent(jatinom_operator, phone=NEIGHBOUR, purpose="services", given_by="Sri Wahyuni", how="di kantor desa",
                 person=sensitive_case.person)
    person_page = client.get(reverse("people:detail", args=[sensitive_case.person.pk])).content.decode()
    assert 'data-testid="messages-panel"' in person_page and "di kantor desa" in person_page


def test_staff_who_choose_whatsapp_get_new_complaints_of_their_village(client_for, jatinom_operator, gateways,
                                                                      gogodeso_operator):
    answer = client_for(jatinom_operator).post(reverse("messaging:my_alerts"), {
        "phone": "0811223344", "channel": "whatsapp", "language": "id", "consent": "on"})
    assert answer.status_code == 302
    settings_ui.staff_alerts_on(gogodeso_operator, "+62811556677", "sms")
    case = CaseFactory(village=JATINOM, consent_process=True)
    alert = Message.objects.get(event=Event.STAFF_NEW_COMPLAINT)
    assert (alert.to, alert.user, alert.case) == ("+62811223344", jatinom_operator, case)
    assert alert.body == f"Payung: pengaduan baru di Desa Jatinom ({case.tracking_code}). Buka: " \
                         f"{_case_values(case)['tautan']}"
    assert FAMILY not in alert.body
