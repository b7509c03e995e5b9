"""An agency's answer is never lost (issue 17 point 3): accept, decline and complete each keep their text, show
it on the referral and the case timeline, and tell the case's handler."""

import pytest

from cases import services
from cases.models import EntryKind, Notification, TimelineEntry


@pytest.fixture
def referral(make_case, jatinom_operator, bpjs, bpjs_staff):
    case = make_case(jatinom_operator, consent_share=True, handler=jatinom_operator)
    return services.refer_case(jatinom_operator, case, bpjs, request="Mohon bantu klaim JKK.")


def answer(client_for, user, referral, decision, text):
    return client_for(user).post(f"/kasus/rujukan/{referral.pk}/", {
        "action": "answer", "decision": decision, "reason": text, "external_reference": ""})


def last_words(referral):
    entry = TimelineEntry.objects.filter(case=referral.case, kind=EntryKind.REFERRAL).latest("id")
    notice = Notification.objects.filter(user=referral.case.handler, case=referral.case).latest("id")
    return entry.text, notice.message


def test_accepting_with_a_text_keeps_it_on_the_referral_timeline_and_notice(client_for, bpjs_staff, referral):
    response = answer(client_for, bpjs_staff, referral, "accept", "Diterima, nomor antrean 17, datang Senin.")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.accept_note == "Diterima, nomor antrean 17, datang Senin."
    expected = "BPJS Ketenagakerjaan Blitar menerima rujukan: Diterima, nomor antrean 17, datang Senin."
    assert last_words(referral) == (expected, expected)
    page = client_for(bpjs_staff).get(f"/kasus/rujukan/{referral.pk}/").content.decode()
    assert 'data-testid="accept-note">Diterima, nomor antrean 17, datang Senin.</dd>' in page


def test_declining_and_completing_keep_their_texts_too(client_for, bpjs_staff, referral, make_case,
                                                       jatinom_operator, bpjs):
    answer(client_for, bpjs_staff, referral, "accept", "")
    answer(client_for, bpjs_staff, referral, "complete", "Klaim JKK dibayar Rp 12.000.000.")
    referral.refresh_from_db()
    assert referral.completion_note == "Klaim JKK dibayar Rp 12.000.000."
    assert last_words(referral)[0] == ("BPJS Ketenagakerjaan Blitar menyelesaikan rujukan: "
                                       "Klaim JKK dibayar Rp 12.000.000.")
    other = services.refer_case(jatinom_operator, make_case(jatinom_operator, consent_share=True,
                                                            handler=jatinom_operator), bpjs, request="Cek status.")
    answer(client_for, bpjs_staff, other, "decline", "Bukan kewenangan kami; ke Disnaker.")
    other.refresh_from_db()
    assert (other.status, other.decline_reason) == ("declined", "Bukan kewenangan kami; ke Disnaker.")
    assert last_words(other)[1] == "BPJS Ketenagakerjaan Blitar menolak rujukan: Bukan kewenangan kami; ke Disnaker."
