import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Action, AuditEntry
from governance import services
from governance.models import RegulationKind, Stage
from tests.conftest import GOGODESO, JATINOM
from tests.factories import RegulationFactory

D = datetime.date


@pytest.fixture
def perdes(jatinom_operator):
    return RegulationFactory(actor=jatinom_operator, kind=RegulationKind.PERDES, village=JATINOM,
                             title="Pelindungan Pekerja Migran Indonesia", stage_since=D(2024, 1, 10))


def test_perdes_goes_through_every_stage_with_dated_events(perdes, jatinom_operator):
    services.move_stage(jatinom_operator, perdes, Stage.CONSULTATION, date=D(2024, 2, 1))
    services.move_stage(jatinom_operator, perdes, Stage.BPD_DELIBERATION, date=D(2024, 3, 1))
    services.move_stage(jatinom_operator, perdes, Stage.ENACTED, date=D(2024, 4, 1), number="Nomor 3 Tahun 2024")
    services.move_stage(jatinom_operator, perdes, Stage.PROMULGATED, date=D(2024, 4, 5))
    perdes.refresh_from_db()
    assert (perdes.stage, perdes.number, perdes.enacted_on, perdes.promulgated_on) == (
        Stage.PROMULGATED, "Nomor 3 Tahun 2024", D(2024, 4, 1), D(2024, 4, 5))
    assert [(e.from_stage, e.to_stage, e.date) for e in perdes.stage_events.all()] == [
        ("", Stage.DRAFTING, D(2024, 1, 10)),
        (Stage.DRAFTING, Stage.CONSULTATION, D(2024, 2, 1)),
        (Stage.CONSULTATION, Stage.BPD_DELIBERATION, D(2024, 3, 1)),
        (Stage.BPD_DELIBERATION, Stage.ENACTED, D(2024, 4, 1)),
        (Stage.ENACTED, Stage.PROMULGATED, D(2024, 4, 5)),
    ]
    assert AuditEntry.objects.filter(action=Action.TRANSITION, object_id=str(perdes.pk)).count() == 4


def test_perdes_cannot_be_enacted_without_bpd_deliberation(perdes, jatinom_operator):
    services.move_stage(jatinom_operator, perdes, Stage.CONSULTATION, date=D(2024, 2, 1))
    with pytest.raises(ValidationError) as err:
        services.move_stage(jatinom_operator, perdes, Stage.ENACTED, number="1")
    assert list(err.value.message_dict) == ["stage"]


def test_perkades_is_enacted_by_the_village_head_alone(jatinom_operator):
    reg = services.create_regulation(jatinom_operator, kind=RegulationKind.PERKADES, village_id=JATINOM,
                                     title="Tim Desbumi", stage_since=D(2024, 1, 1))
    assert services.next_stages(reg) == [Stage.CONSULTATION, Stage.ENACTED]
    services.move_stage(jatinom_operator, reg, Stage.ENACTED, date=D(2024, 1, 5), number="Nomor 7 Tahun 2024")
    assert reg.in_force


def test_enacting_needs_a_number(perdes, jatinom_operator):
    services.move_stage(jatinom_operator, perdes, Stage.BPD_DELIBERATION, date=D(2024, 2, 1))
    with pytest.raises(ValidationError) as err:
        services.move_stage(jatinom_operator, perdes, Stage.ENACTED, date=D(2024, 3, 1))
    assert list(err.value.message_dict) == ["number"]
    perdes.refresh_from_db()
    assert perdes.stage == Stage.BPD_DELIBERATION


def test_returning_to_drafting_needs_a_reason(perdes, jatinom_operator):
    services.move_stage(jatinom_operator, perdes, Stage.BPD_DELIBERATION, date=D(2024, 2, 1))
    with pytest.raises(ValidationError):
        services.move_stage(jatinom_operator, perdes, Stage.DRAFTING, date=D(2024, 2, 2))
    services.move_stage(jatinom_operator, perdes, Stage.DRAFTING, date=D(2024, 2, 2), note="Pasal 5 diperjelas")
    assert perdes.stage == Stage.DRAFTING


def test_stage_date_cannot_go_back_in_time(perdes, jatinom_operator):
    with pytest.raises(ValidationError) as err:
        services.move_stage(jatinom_operator, perdes, Stage.CONSULTATION, date=D(2023, 12, 31))
    assert list(err.value.message_dict) == ["date"]


def test_volunteer_cannot_move_a_regulation(perdes, volunteer):
    with pytest.raises(PermissionDenied):
        services.move_stage(volunteer, perdes, Stage.CONSULTATION, date=D(2024, 2, 1))


def test_version_file_is_checked_by_content(perdes, jatinom_operator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("draf.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                             content_type="application/pdf")
    version = services.add_version(jatinom_operator, perdes, upload=pdf, label="Draf awal", date=D(2024, 1, 11))
    assert version.stage == Stage.DRAFTING
    fake = SimpleUploadedFile("draf.pdf", b"just text, not a pdf" * 10, content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.add_version(jatinom_operator, perdes, upload=fake, label="Palsu")
    assert perdes.versions.count() == 1


def test_upload_over_the_size_limit_is_refused(perdes, jatinom_operator, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_BYTES = 100
    pdf = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError) as err:
        services.add_version(jatinom_operator, perdes, upload=pdf, label="Besar")
    assert "terlalu besar" in str(err.value)


def test_budget_realisation_cannot_exceed_the_plan(jatinom_operator):
    line = services.create_budget_line(jatinom_operator, village_id=JATINOM, year=2024, title="Pelatihan purna PMI",
                                       category="empowerment", planned=15_000_000)
    services.record_realisation(jatinom_operator, line, 12_500_000)
    assert line.realisation_percent == 83
    with pytest.raises(ValidationError) as err:
        services.record_realisation(jatinom_operator, line, 16_000_000)
    assert "Rp 16.000.000" in err.value.message_dict["realised"][0]
    line.refresh_from_db()
    assert line.realised == 12_500_000


def test_budget_summary_adds_up_planned_and_realised(jatinom_operator):
    for title, planned, realised in [("Pendataan", 5_000_000, 5_000_000), ("Sosialisasi", 3_000_000, 0)]:
        line = services.create_budget_line(jatinom_operator, village_id=JATINOM, year=2024, title=title,
                                           category="data", planned=planned)
        services.record_realisation(jatinom_operator, line, realised)
    summary = services.budget_summary(JATINOM, 2024)
    assert (summary["planned"], summary["realised"], summary["percent"]) == (8_000_000, 5_000_000, 62)


def test_operator_cannot_budget_for_another_village(jatinom_operator):
    with pytest.raises(PermissionDenied):
        services.create_budget_line(jatinom_operator, village_id=GOGODESO, year=2024, title="x", category="data",
                                    planned=1)
