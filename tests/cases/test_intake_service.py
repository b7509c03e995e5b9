"""The staff and the public complaint intake are one service call each, sharing how a form becomes a case."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services
from cases.models import Attachment, Case, Channel, ConsentKind
from tests.conftest import JATINOM

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path


def staff_form(**changes):
    """What StaffIntakeForm.cleaned_data holds for a phone complaint."""
    return {"village": JATINOM, "channel": "phone", "received_on": None, "category": "unpaid_wages",
            "description": "Gaji belum dibayar tiga bulan", "priority": "", "complainant_role": "family",
            "complainant_name": "Sutrisno", "complainant_phone": "081234560000", "worker_name": "Sri Wahyuni",
            "worker_nik": "3505105203900001", "consent_process": True, "consent_share": False,
            "attachments": [], "confirm_new": False, **changes}


def test_staff_intake_records_the_case_with_its_attachments_and_consent(jatinom_operator):
    upload = SimpleUploadedFile("surat.pdf", PDF)
    intake = services.staff_intake(jatinom_operator, staff_form(attachments=[upload],
                                                                received_on=dt.date(2026, 3, 2)))
    case = intake.case
    assert intake.duplicates == []
    assert (case.village_id, case.channel, case.worker_name, case.complainant_name) == (
        JATINOM, "phone", "Sri Wahyuni", "Sutrisno")
    assert timezone.localtime(case.received_at).replace(tzinfo=None) == dt.datetime(2026, 3, 2, 9)
    assert [a.original_name for a in case.attachments.all()] == ["surat.pdf"]
    consent = case.consents.get()
    assert (consent.kind, consent.given_by) == (ConsentKind.PROCESS, "Sutrisno")


def test_staff_intake_stops_at_possible_duplicates_until_confirmed(jatinom_operator):
    first = services.staff_intake(jatinom_operator, staff_form()).case
    waiting = services.staff_intake(jatinom_operator, staff_form(complainant_name="Ani"))
    assert (waiting.case, waiting.duplicates) == (None, [first])
    assert Case.objects.count() == 1
    confirmed = services.staff_intake(jatinom_operator, staff_form(complainant_name="Ani"), confirm_new=True)
    assert confirmed.case is not None and confirmed.duplicates == [first]
    assert Case.objects.count() == 2


def test_staff_intake_writes_nothing_when_an_attachment_is_refused(jatinom_operator):
    bad = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00" + b"\x00" * 300)
    with pytest.raises(ValidationError) as exc:
        services.staff_intake(jatinom_operator, staff_form(attachments=[SimpleUploadedFile("a.pdf", PDF), bad]))
    assert exc.value.messages[0].startswith('Lampiran: isi berkas "ktp.pdf" bukan PDF')
    assert (Case.objects.count(), Attachment.objects.count()) == (0, 0)


def test_public_complaint_takes_the_form_data_and_is_a_web_case(regions):
    data = staff_form(channel="in_person", form_token="x", website="", attachments=[SimpleUploadedFile("b.pdf", PDF)])
    sent = services.submit_public_complaint(data, form_key="k1")
    case = sent.case
    assert sent.created
    assert (case.channel, case.complainant_name, case.village_id) == (Channel.WEB, "Sutrisno", JATINOM)
    assert case.attachments.count() == 1
    again = services.submit_public_complaint(data, form_key="k1")  # the same form twice: one case
    assert (again.case, again.created) == (case, False)
    assert Case.objects.count() == 1


def test_public_complaint_without_consent_names_the_consent_field(regions):
    with pytest.raises(ValidationError) as exc:
        services.submit_public_complaint(staff_form(consent_process=False))
    assert list(exc.value.message_dict) == ["consent_process"]
    assert Case.objects.count() == 0


def test_intake_keeps_a_listed_country_and_refuses_one_not_in_the_list(jatinom_operator):
    case = services.staff_intake(jatinom_operator, staff_form(destination_country="TW")).case
    assert str(case.destination_country) == "TW"
    with pytest.raises(ValidationError) as exc:
        services.staff_intake(jatinom_operator, staff_form(destination_country="XX", worker_name="Lain"),
                              confirm_new=True)
    assert exc.value.message_dict == {"destination_country": ["Pilih negara tujuan dari daftar."]}
    assert Case.objects.count() == 1
