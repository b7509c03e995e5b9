"""Every POST form renders its fields through the project's form renderer (core.forms), never by hand."""

import datetime
import re
from pathlib import Path

from community import services as community
from community.models import FollowUpStatus
from empowerment import services as empowerment
from empowerment.models import Attendance, Outcome
from portal import services as portal
from portal.models import Publication
from tests.conftest import JATINOM
from tests.factories import CommunityGroupFactory, ProgramFactory

ROOT = Path(__file__).resolve().parents[2]
D = datetime.date

POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*>(.*?)</form>', re.S | re.I)
FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)


def test_no_post_form_in_any_template_writes_its_own_field():
    hand_written = []
    for path in ROOT.glob("*/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        for form in POST_FORM.finditer(path.read_text()):
            for tag, attrs in FIELD.findall(form.group(1)):
                if 'type="hidden"' not in attrs and 'type="submit"' not in attrs:
                    hand_written.append(f"{path.relative_to(ROOT)}: <{tag}{attrs[:60]}")
    assert hand_written == []


def _program_with_two_participants(operator):
    program = ProgramFactory(actor=operator, title="Pelatihan", village=JATINOM, starts_on=D(2024, 1, 1))
    first = empowerment.enrol(operator, program, name="Sri")
    second = empowerment.enrol(operator, program, name="Kartini")
    return program, first, second


def test_each_participant_row_has_its_own_outcome_fields(client_for, jatinom_operator):
    program, first, second = _program_with_two_participants(jatinom_operator)
    page = client_for(jatinom_operator).get(f"/pemberdayaan/program/{program.pk}/").content.decode()
    for enrolment in (first, second):
        assert f'id="id_enrolment-{enrolment.pk}-outcome"' in page
        assert f'for="id_enrolment-{enrolment.pk}-outcome"' in page


def test_an_outcome_is_saved_from_its_row_form(client_for, jatinom_operator):
    program, first, _second = _program_with_two_participants(jatinom_operator)
    response = client_for(jatinom_operator).post(f"/pemberdayaan/peserta/{first.pk}/hasil/", {
        f"enrolment-{first.pk}-status": "completed", f"enrolment-{first.pk}-outcome": Outcome.STARTED_BUSINESS,
        f"enrolment-{first.pk}-outcome_note": "Warung"})
    first.refresh_from_db()
    assert response.status_code == 302
    assert (first.status, first.outcome, first.outcome_note) == ("completed", Outcome.STARTED_BUSINESS, "Warung")


def test_the_program_status_form_offers_only_the_allowed_moves(client_for, jatinom_operator):
    program, _first, _second = _program_with_two_participants(jatinom_operator)
    page = client_for(jatinom_operator).get(f"/pemberdayaan/program/{program.pk}/").content.decode()
    select = re.search(r'<select name="status"[^>]*id="id_status"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'value="([a-z_]+)"', select) == ["running", "cancelled"]


def test_attendance_is_recorded_from_its_check_boxes(client_for, jatinom_operator):
    program, first, second = _program_with_two_participants(jatinom_operator)
    session = empowerment.add_session(jatinom_operator, program, date=D(2024, 1, 10), topic="Rencana usaha")
    client = client_for(jatinom_operator)
    page = client.get(f"/pemberdayaan/sesi/{session.pk}/presensi/").content.decode()
    assert 'class="form-check-input"' in page and f'value="{second.pk}"' in page
    response = client.post(f"/pemberdayaan/sesi/{session.pk}/presensi/", {"present": [str(first.pk)]})
    assert response.status_code == 302
    assert dict(Attendance.objects.filter(session=session).values_list("enrolment__name", "present")) == {
        "Sri": True, "Kartini": False}


def test_dropping_a_follow_up_without_a_reason_names_the_field_and_changes_nothing(client_for, jatinom_operator):
    group = CommunityGroupFactory(actor=jatinom_operator, name="KOPI Jatinom", kind="kopi", village=JATINOM)
    activity = community.record_activity(jatinom_operator, group, kind="meeting", title="Rapat", date=D(2024, 1, 5))
    follow_up = community.add_follow_up(jatinom_operator, activity, description="Surat ke BPD", responsible="Sri",
                                        due_on=D(2024, 1, 9))
    client = client_for(jatinom_operator)
    page = client.get(f"/komunitas/kegiatan/{activity.pk}/").content.decode()
    assert f'id="id_follow_up_{follow_up.pk}_result"' in page
    response = client.post(f"/komunitas/tindak-lanjut/{follow_up.pk}/tutup/", {"action": "drop", "result": " "},
                           follow=True)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN
    assert any("Hasil" in str(m) or "alasan" in str(m).lower() for m in response.context["messages"])


def test_withdrawing_a_publication_needs_its_reason_field(client_for, jatinom_operator):
    pub = portal.publish(jatinom_operator, portal.create(jatinom_operator, Publication(
        kind="news", region_id=JATINOM, title="Berita", body="<p>Isi</p>")))
    client = client_for(jatinom_operator)
    page = client.get(f"/publik/kelola/berita/{pub.pk}/").content.decode()
    assert 'name="reason"' in page and 'id="id_reason"' in page
    response = client.post(f"/publik/kelola/berita/{pub.pk}/status/", {"action": "withdraw", "reason": ""},
                           follow=True)
    pub.refresh_from_db()
    assert pub.status == "published"
    assert [str(m) for m in response.context["messages"]] == ["Alasan penarikan: Bidang ini harus diisi."]
