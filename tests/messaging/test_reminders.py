"""Daily reminders from the placement registry, each with consent and once per situation."""

import datetime

import pytest

from messaging.models import Event, Message
from messaging.services.consent import give_consent
from messaging.services.reminders import no_contact_reminders, passport_reminders
from migrants.services import log_contact, update_document
from people.services import add_contact
from tests.conftest import JATINOM
from tests.factories import PlacementFactory, PlacementRowFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 4)
WORKER = "+6285712345678"
FAMILY = "+6281398765432"


def test_a_passport_lapsing_within_six_months_after_departure_is_messaged_once(gateways, jatinom_operator,
                                                                              make_person):
    person = make_person(village=JATINOM, phone=WORKER)
    placement = PlacementFactory(actor=jatinom_operator, person=person, departure_date=datetime.date(2027, 3, 1))
    passport = placement.documents.get(kind="passport")
    update_document(jatinom_operator, passport, number="X1234567", expires_on=datetime.date(2027, 6, 30))
    assert passport_reminders(TODAY) == 0  # no consent yet
    give_consent(jatinom_operator, phone=WORKER, purpose="placement", given_by=person.name, how="di kantor desa",
                 person=person)
    assert (passport_reminders(TODAY), passport_reminders(TODAY)) == (1, 0)
    message = Message.objects.get(event=Event.PASSPORT_EXPIRING)
    assert message.body == ("Payung: paspor habis sebelum 31 Agustus 2027, kurang dari 6 bulan setelah "
                            "keberangkatan. Hubungi kantor Desa Jatinom.")
    assert "X1234567" not in message.body


def test_a_passport_valid_long_enough_is_not_messaged(gateways, jatinom_operator, make_person):
    person = make_person(village=JATINOM, phone=WORKER)
    give_consent(jatinom_operator, phone=WORKER, purpose="placement", given_by=person.name, how="uji", person=person)
    placement = PlacementFactory(actor=jatinom_operator, person=person, departure_date=datetime.date(2027, 3, 1))
    update_document(jatinom_operator, placement.documents.get(kind="passport"), expires_on=datetime.date(2029, 1, 1))
    assert passport_reminders(TODAY) == 0


def test_no_contact_for_sixty_days_asks_the_family_contact_for_news(gateways, jatinom_operator, make_person):
    person = make_person(village=JATINOM)
    add_contact(jatinom_operator, person, name="Sutrisno", relationship="spouse", phone=FAMILY, is_primary=True)
    give_consent(jatinom_operator, phone=FAMILY, purpose="placement", given_by="Sutrisno", how="uji", person=person)
    placement = PlacementRowFactory(person=person, status="working", departure_date=datetime.date(2026, 1, 5))
    log_contact(jatinom_operator, placement, contacted_on=datetime.date(2026, 10, 1), channel="whatsapp",
                contact_with="Pekerja sendiri", note="Sehat, gaji lancar.")
    assert no_contact_reminders(datetime.date(2026, 11, 1)) == 0
    assert (no_contact_reminders(TODAY), no_contact_reminders(TODAY)) == (1, 0)
    message = Message.objects.get(event=Event.NO_CONTACT)
    assert (message.to, message.body) == (FAMILY, "Payung: Desa Jatinom belum mendapat kabar sejak 1 Oktober 2026. "
                                                  "Mohon kabari kantor desa bila ada berita.")
    assert "gaji" not in message.body
