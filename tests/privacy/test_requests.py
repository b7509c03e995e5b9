"""The register of data-subject requests: every kind, deadlines, escalation, identity check, audit."""

import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from privacy import services
from privacy.models import DataRequest, RequestChannel
from tests.conftest import JATINOM

pytestmark = pytest.mark.django_db


def filed(actor, person, kind, **details):
    return services.file_request(actor, kind=kind, village=JATINOM, person=person, details=details)


def test_a_request_filed_at_the_office_is_due_3_x_24_hours_later_and_tells_the_village_officer(
        worker, jatinom_operator):
    jatinom_operator.email = "op@desa.id"
    jatinom_operator.save()
    request = filed(jatinom_operator, worker, "access")
    assert request.due_at - request.filed_at == datetime.timedelta(hours=72)
    assert request.legal_basis == "UU 27/2022 Pasal 7 dan 32 ayat (2)"
    assert request.status == "identity_checked" and request.officer == jatinom_operator
    assert [m.to for m in mail.outbox] == [["op@desa.id"]]
    assert mail.outbox[0].subject.startswith(f"[Payung] Permintaan subjek data {request.reference} (Akses")


def test_access_gives_every_record_and_the_processing_trail_in_json_and_pdf(
        worker, placed, closed_case, jatinom_operator):
    from people.services import open_person

    open_person(jatinom_operator, worker)
    request = filed(jatinom_operator, worker, "access")
    services.answer_request(jatinom_operator, request)
    data = json.loads(services.access_json(worker))
    titles = [s["title"] for s in data["sections"]]
    assert titles[:3] == ["Data kependudukan", "Penempatan", "Dokumen penempatan"]
    assert "Kasus pengaduan" in titles and "Rujukan (penerima data)" in titles
    assert data["sections"][0]["rows"][0]["NIK"] == worker.nik
    passport = [r for r in data["sections"][2]["rows"] if r["Dokumen"] == "Paspor"][0]
    assert (passport["Nomor"], passport["Ada pindaian"]) == ("C9988776", "ya")
    actions = {(row["Data"], row["Tindakan"]) for row in data["processing"]}
    assert (f"people.person#{worker.pk}", "baca data sensitif") in actions
    assert (f"cases.case#{closed_case.pk}", "buat") in actions
    assert services.access_pdf(worker).startswith(b"%PDF")
    request.refresh_from_db()
    assert request.status == "done" and request.answered_by == jatinom_operator


def test_a_portal_request_waits_for_the_village_to_check_identity(worker, jatinom_operator, client):
    from django.urls import reverse

    response = client.post(reverse("privacy:public_request"), {
        "kind": "access", "village": JATINOM, "name": "Siti Rahayu Lestari", "contact": "0812333",
        "note": "Saya minta salinan data saya."})
    assert response.status_code == 200
    request = DataRequest.objects.get()
    assert (request.channel, request.status, request.person) == (RequestChannel.PORTAL, "filed", None)
    with pytest.raises(ValidationError):
        services.answer_request(jatinom_operator, request)
    operator = client
    operator.force_login(jatinom_operator)
    assert operator.get(reverse("privacy:access_json", args=[request.pk])).status_code == 403
    services.check_identity(jatinom_operator, request, person=worker)
    response = operator.get(reverse("privacy:access_json", args=[request.pk]))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="export", object_id=str(worker.pk)).count() == 1


def test_correction_keeps_the_old_value_in_history_and_notes_every_referral(worker, closed_case, jatinom_operator):
    from accounts.models import Organisation
    from cases.models import Referral, TimelineEntry

    organisation = Organisation.objects.create(name="SBMI Blitar", kind="ngo")
    Referral.objects.create(case=closed_case, organisation=organisation, request="Pendampingan",
                            sent_by=jatinom_operator)
    request = filed(jatinom_operator, worker, "correction", field="address", value="Jl. Melati 9")
    services.answer_request(jatinom_operator, request)
    worker.refresh_from_db()
    assert worker.address == "Jl. Melati 9"
    assert list(worker.history.order_by("history_id").values_list("address", flat=True))[-2:] == [
        "Jl. Mawar 7", "Jl. Melati 9"]
    note = TimelineEntry.objects.filter(case=closed_case, kind="referral").get()
    assert note.text == ("Data warga pada rujukan ini diperbaiki atas permintaan subjek data (address). Mohon "
                         "perbarui salinan di SBMI Blitar.")
    assert request.answer == "Data address diperbaiki; 1 lembaga rujukan diberi tahu."


def test_a_correction_names_a_field_and_a_value(worker, jatinom_operator):
    with pytest.raises(ValidationError) as refused:
        filed(jatinom_operator, worker, "correction", field="village", value="x")
    assert refused.value.message_dict == {"field": ["Data yang diperbaiki: pilih salah satu dari daftar."]}


def test_erasure_request_erases_and_records_the_request(worker, closed_case, jatinom_operator):
    request = filed(jatinom_operator, worker, "erasure")
    services.answer_request(jatinom_operator, request)
    request.refresh_from_db()
    assert request.status == "done" and services.is_erased(worker)
    assert request.details == {}  # the request's own details were sealed under the destroyed key


def test_erasure_request_is_refused_while_a_case_is_open(worker, jatinom_operator):
    from tests.factories import CaseFactory

    case = CaseFactory(actor=jatinom_operator, person=worker, worker_name=worker.name)
    request = filed(jatinom_operator, worker, "erasure")
    with pytest.raises(ValidationError) as refused:
        services.answer_request(jatinom_operator, request)
    assert refused.value.messages == [f"Data belum dapat dihapus: kasus {case.reference} masih terbuka."]
    request.refresh_from_db()
    assert request.is_open


def test_withdrawal_withdraws_every_standing_consent(worker, closed_case, jatinom_operator):
    from cases.services.intake import record_consent

    record_consent(jatinom_operator, closed_case, "share", given_by="Sutrisno")
    services.record_consent(jatinom_operator, worker, purpose="story", wording_version="v1", channel="office")
    request = filed(jatinom_operator, worker, "withdrawal")
    services.answer_request(jatinom_operator, request)
    consents = services.consents_for(worker)
    assert {(c.source, c.withdrawn_at is not None) for c in consents} == {("cases", True), ("privacy", True)}
    assert request.answer == "2 persetujuan ditarik."


@pytest.mark.parametrize("kind, answer", [
    ("restriction", "Pemrosesan dibatasi: data hanya disimpan, tidak diolah untuk keperluan lain."),
    ("objection", "Keberatan diterima dan dicatat."),
])
def test_restriction_and_objection_are_answered_and_audited(worker, jatinom_operator, kind, answer):
    request = filed(jatinom_operator, worker, kind)
    services.answer_request(jatinom_operator, request)
    assert request.answer == answer
    steps = list(AuditEntry.objects.filter(object_type="privacy.datarequest", object_id=str(request.pk))
                 .order_by("id").values_list("action", flat=True))
    assert steps == ["create", "transition"]


def test_a_refusal_needs_a_reason(worker, jatinom_operator):
    request = filed(jatinom_operator, worker, "objection")
    with pytest.raises(ValidationError) as refused:
        services.answer_request(jatinom_operator, request, grant=False)
    assert refused.value.message_dict == {"answer": ["Jawaban: tulis alasan penolakan."]}


def test_a_late_request_escalates_to_the_district_once(worker, jatinom_operator, blitar_officer):
    blitar_officer.email = "kabupaten@blitar.go.id"
    blitar_officer.save()
    request = filed(jatinom_operator, worker, "access")
    mail.outbox.clear()
    assert services.escalate_late(now=request.due_at - datetime.timedelta(minutes=1)) == 0
    late = request.due_at + datetime.timedelta(hours=1)
    assert services.escalate_late(now=late) == 1
    assert services.escalate_late(now=late) == 0
    request.refresh_from_db()
    assert request.escalated_at == late and request.is_late(late)
    assert [m.to for m in mail.outbox] == [["kabupaten@blitar.go.id"]]
    entry = AuditEntry.objects.filter(object_type="privacy.datarequest", action="transition").get()
    assert entry.note == "Terlambat: dinaikkan ke kabupaten"


def test_the_request_page_shows_the_countdown(worker, jatinom_operator, client_for):
    from django.urls import reverse

    request = filed(jatinom_operator, worker, "access")
    DataRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() + datetime.timedelta(hours=50, minutes=5))
    page = client_for(jatinom_operator).get(reverse("privacy:request", args=[request.pk])).content.decode()
    assert "2 hari 2 jam lagi" in page


def test_the_privacy_daily_command_escalates(worker, jatinom_operator):
    from io import StringIO

    from django.core.management import call_command

    request = filed(jatinom_operator, worker, "access")
    DataRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    out = StringIO()
    call_command("privacy_daily", stdout=out)
    assert out.getvalue() == "Permintaan terlambat dinaikkan: 1\n"


def test_the_person_page_links_to_the_persons_data_rights(worker, jatinom_operator, client_for):
    from django.urls import reverse

    filed(jatinom_operator, worker, "access")
    page = client_for(jatinom_operator).get(reverse("people:detail", args=[worker.pk])).content.decode()
    assert reverse("privacy:person", args=[worker.pk]) in page
    assert "1 permintaan terbuka" in page


def test_the_access_file_shows_a_value_that_cannot_be_decrypted_as_unreadable_and_keeps_the_rest(
        worker, placed, closed_case, jatinom_operator):
    """A stored value no key opens (here: plain text written into sealed columns behind the app's back) is named
    unreadable in the JSON and the PDF; the other values and sections are still given."""
    from django.db import connection

    from audit.models import AuditEntry

    entry = AuditEntry.objects.get(object_type="cases.case", object_id=str(closed_case.pk), action="create")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET address = %s WHERE id = %s", ["not a token", worker.pk])
        cursor.execute("UPDATE migrants_placement SET employer_name = %s WHERE id = %s", ["gAAAAAbroken", placed.pk])
        cursor.execute("UPDATE cases_case SET description = %s WHERE id = %s", ["plain", closed_case.pk])
        # Audit entries are append-only: a copy of the case's "create" entry whose changes no key opens.
        columns = [f.column for f in AuditEntry._meta.concrete_fields if f.column != "id"]
        picked = ", ".join("%s" if c == "changes" else c for c in columns)
        cursor.execute(f"INSERT INTO audit_auditentry ({', '.join(columns)}) SELECT {picked} FROM audit_auditentry "
                       "WHERE id = %s", ["gAAAAAbroken", entry.pk])
    worker.refresh_from_db()
    data = json.loads(services.access_json(worker))
    unreadable = "(tidak dapat dibaca: kunci enkripsi tidak cocok)"
    person = data["sections"][0]["rows"][0]
    assert (person["Alamat"], person["Nama"], person["NIK"]) == (unreadable, "Siti Rahayu Lestari", worker.nik)
    placement = [s for s in data["sections"] if s["title"] == "Penempatan"][0]["rows"][0]
    assert placement["Pemberi kerja"] == unreadable
    case = [s for s in data["sections"] if s["title"] == "Kasus pengaduan"][0]["rows"][0]
    assert case["Uraian"] == unreadable
    trail = [(row["Tindakan"], row["Perubahan"]) for row in data["processing"]
             if row["Data"] == f"cases.case#{closed_case.pk}"]
    assert ("buat", unreadable) in trail
    assert services.access_pdf(worker).startswith(b"%PDF")
