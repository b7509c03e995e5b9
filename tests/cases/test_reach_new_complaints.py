"""A new complaint reaches a person (issue 17 point 2): the village's handlers are told at once, in the app and
by e-mail; the untaken ones wait on their home page and in the menu; the digest names those untaken too long."""

import datetime as dt

from django.core import mail
from django.utils import timezone, translation

from accounts.models import Role
from cases import services
from cases.models import Notification
from tests.conftest import BLITAR, GOGODESO, JATINOM, SUMBERAGUNG


def told(case):
    return sorted(Notification.objects.filter(case=case, key=f"new:case:{case.pk}")
                  .values_list("user__username", flat=True))


def test_public_complaint_tells_the_village_operators_and_volunteers_not_others(make_case, make_user,
                                                                               national_officer):
    make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), email="op@jatinom.test")
    make_user("relawan.jatinom", (Role.COMMUNITY_VOLUNTEER, JATINOM))
    make_user("op.gogodeso", (Role.VILLAGE_OPERATOR, GOGODESO), email="op@gogodeso.test")
    make_user("petugas.blitar", (Role.DISTRICT_OFFICER, BLITAR), email="kab@blitar.test")
    case = make_case(None, village=JATINOM)
    assert told(case) == ["op.jatinom", "relawan.jatinom"]
    assert [m.to for m in mail.outbox] == [["op@jatinom.test"]]
    assert mail.outbox[0].subject.startswith(f"[Payung] Pengaduan baru {case.reference} dari Desa Jatinom")


def test_complaint_from_a_village_without_handlers_goes_to_the_regency_officers(make_case, blitar_officer,
                                                                                jatinom_operator):
    case = make_case(None, village=SUMBERAGUNG)
    assert told(case) == ["petugas.blitar"]


def test_staff_intake_tells_the_other_handlers_not_the_one_who_recorded_it(make_case, jatinom_operator, make_user):
    make_user("relawan.jatinom", (Role.COMMUNITY_VOLUNTEER, JATINOM))
    case = make_case(jatinom_operator, village=JATINOM)
    assert told(case) == ["relawan.jatinom"]


def test_untaken_complaints_wait_on_the_home_page_and_in_the_menu_until_taken(client_for, make_case,
                                                                             jatinom_operator):
    case = make_case(None, village=JATINOM)
    client = client_for(jatinom_operator)
    home = client.get("/").content.decode()
    assert 'data-testid="untaken-panel"' in home
    assert home.count('data-testid="untaken-case"') == 1 and case.reference in home
    assert "Pengaduan baru (1)" in home
    listed = client.get("/kasus/", {"status": "new"}).content.decode()
    assert case.reference in listed
    services.assign_handler(jatinom_operator, case, jatinom_operator)
    home = client.get("/").content.decode()
    assert 'data-testid="untaken-panel"' not in home and "Pengaduan baru (" not in home


def test_daily_digest_lists_complaints_untaken_more_than_two_working_days(make_case, make_user):
    make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), email="op@jatinom.test")
    monday = dt.date(2026, 11, 30)
    old = make_case(None, village=JATINOM, received_at=timezone.make_aware(dt.datetime(2026, 11, 25, 9)))
    fresh = make_case(None, village=JATINOM, received_at=timezone.make_aware(dt.datetime(2026, 11, 27, 9)))
    mail.outbox.clear()
    assert services.send_daily_digest(today=monday) == 1
    body = mail.outbox[0].body
    assert "Pengaduan belum ditangani lebih dari 2 hari kerja: 1" in body
    assert old.reference in body and fresh.reference not in body


def test_a_notice_is_stored_as_key_and_parameters_and_read_in_the_readers_language(client_for, make_case,
                                                                                   jatinom_operator, make_user):
    volunteer = make_user("relawan.jatinom", (Role.COMMUNITY_VOLUNTEER, JATINOM))
    case = make_case(jatinom_operator, village=JATINOM)
    services.assign_handler(jatinom_operator, case, volunteer)
    notice = Notification.objects.filter(user=volunteer, case=case).exclude(key=f"new:case:{case.pk}").get()
    assert (notice.text_key, notice.text_params) == (
        "Anda ditugaskan menangani kasus %(ref)s (%(cat)s).",
        {"ref": case.reference, "cat": {"t": "Gaji tidak dibayar"}})
    assert notice.message == f"Anda ditugaskan menangani kasus {case.reference} (Gaji tidak dibayar)."
    client = client_for(volunteer)
    client.cookies["django_language"] = "en"
    page = client.get("/kasus/pemberitahuan/").content.decode()
    assert f"You have been assigned to handle case {case.reference} (Unpaid wages)." in page


def test_timeline_entries_payung_writes_are_shown_in_the_readers_language_typed_notes_as_typed(
        client_for, make_case, jatinom_operator):
    with translation.override("id"):  # written by an operator working in Indonesian
        case = make_case(jatinom_operator, village=JATINOM)
        services.transition(jatinom_operator, case, "verified", note="Sudah dicek di balai desa.")
    entry = case.timeline.get(kind="status")
    assert entry.text == "Status: Diterima → Dokumen terverifikasi. Sudah dicek di balai desa."
    assert entry.text_parts == [
        {"k": "Status: %(old)s → %(new)s.", "p": {"old": {"t": "Diterima"}, "new": {"t": "Dokumen terverifikasi"}}},
        {"raw": "Sudah dicek di balai desa."}]
    client = client_for(jatinom_operator)
    client.cookies["django_language"] = "en"
    page = client.get(f"/kasus/{case.pk}/").content.decode()
    assert "Status: Received → Documents verified. Sudah dicek di balai desa." in page
    assert "Complaint received via" in page
