"""Payung's migrant list as OpenSID's Data Suplemen workbook, with each person's `pekerja_migran` value."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Action, AuditEntry
from migrants.models import Status
from migrants.opensid_export import note
from tests.factories import PlacementRowFactory, make_nik


def test_the_suplemen_workbook_names_each_person_once_with_a_note(client_for, jatinom_operator, make_person):
    siti = make_person(nik=make_nik(serial="0401"), name="Siti")
    PlacementRowFactory(person=siti, destination_country="TW", status=Status.WORKING, position="nurse",
                   departure_date=datetime.date(2025, 3, 5))
    rina = make_person(nik=make_nik(serial="0402"), name="Rina")
    PlacementRowFactory(person=rina, destination_country="HK", status=Status.INTEREST)
    response = client_for(jatinom_operator).get(reverse("migrants:opensid_suplemen"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    rows = [tuple(r) for r in wb["Peserta"].iter_rows(values_only=True)]
    assert rows[0] == ("Peserta", "Keterangan")
    assert sorted(rows[1:3]) == sorted([
        (make_nik(serial="0401"), "PMI – Taiwan – di luar negeri sejak Maret 2025"),
        (make_nik(serial="0402"), "PMI – Hong Kong – minat tercatat")])
    assert rows[3][0] == "###" and len(rows) == 4
    values = sorted(tuple(r) for r in wb["pekerja_migran"].iter_rows(min_row=2, values_only=True))
    assert values == [(make_nik(serial="0401"), "Siti", "Perawat"),
                      (make_nik(serial="0402"), "Rina", "BUKAN PEKERJA MIGRAN")]
    assert AuditEntry.objects.filter(action=Action.EXPORT, object_type="migrants.placement").count() == 1


def test_a_note_never_exceeds_opensids_100_characters(make_person):
    placement = PlacementRowFactory(person=make_person(), destination_country="GS", status=Status.WORKING,
                               departure_date=datetime.date(2025, 3, 5))
    assert len(note(placement)) <= 100
