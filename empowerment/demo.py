"""Demo: a training program with sessions and attendance, a completed family program, returnee enterprises
(idempotent; everything goes through the domain services, so the audit log shows it like real work)."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import facilitator

from . import services
from .models import EnrolmentStatus, Outcome, Program, ProgramStatus, TargetGroup


@transaction.atomic
def load(stdout):
    actor = facilitator()
    if actor is None:
        stdout.write("  tidak ada pengguna demo; lewati")
        return
    if Program.objects.filter(title="Pelatihan kewirausahaan purna PMI", village_id="35.05.10.2002").exists():
        stdout.write("  data pemberdayaan sudah ada")
        return
    today = timezone.localdate()
    d = datetime.timedelta
    program = services.create_program(
        actor, title="Pelatihan kewirausahaan purna PMI", target_group=TargetGroup.RETURNEE,
        village_id="35.05.10.2002", organiser="KOPI Jatinom bersama Infest", starts_on=today - d(days=45),
        ends_on=today + d(days=30), capacity=20,
        description="Tiga sesi: merencanakan usaha, mengelola keuangan keluarga, pemasaran daring.",
    )
    services.change_program_status(actor, program, ProgramStatus.RUNNING)
    sessions = [
        services.add_session(actor, program, date=today - d(days=40), topic="Merencanakan usaha",
                             place="Balai desa Jatinom", facilitator="Infest"),
        services.add_session(actor, program, date=today - d(days=25), topic="Keuangan keluarga purna PMI",
                             place="Balai desa Jatinom", facilitator="KOPI Jatinom"),
        services.add_session(actor, program, date=today - d(days=10), topic="Pemasaran daring",
                             place="Balai desa Jatinom", facilitator="Disnaker Kab. Blitar"),
    ]
    names = ["Siti Aminah", "Kartini", "Sumarni", "Yuliana", "Wiwik Setyowati", "Marsini"]
    enrolments = [services.enrol(actor, program, name=n, enrolled_on=today - d(days=46)) for n in names]
    for i, session in enumerate(sessions):
        services.record_attendance(actor, session, [e.pk for j, e in enumerate(enrolments) if (i + j) % 4])
    services.set_enrolment_outcome(actor, enrolments[0], status=EnrolmentStatus.ENROLLED,
                                   outcome=Outcome.GREW_BUSINESS, outcome_note="Menambah satu pekerja")
    family = services.create_program(
        actor, title="Sekolah keluarga pekerja migran", target_group=TargetGroup.FAMILY, village_id="35.05.10.2003",
        organiser="KOPI Gogodeso", starts_on=today - d(days=200), ends_on=today - d(days=120),
    )
    services.change_program_status(actor, family, ProgramStatus.RUNNING)
    services.change_program_status(actor, family, ProgramStatus.COMPLETED,
                                   outcome_summary="18 keluarga mengikuti 4 sesi; 12 membuat rencana keuangan.")
    for owner, business, sector, village, band, workers in [
        ("Siti Aminah", "Keripik Tempe Bu Siti", "food", "35.05.10.2002", "5-25", 3),
        ("Kartini", "Jahit Kartini", "craft", "35.05.10.2002", "lt5", 1),
        ("Lilik Suharti", "Taman Kuliner Gogodeso", "tourism", "35.05.10.2003", "25-100", 8),
        ("Suliyati", "Ternak Kambing Sumberagung", "agriculture", "35.05.15.2001", "5-25", 2),
    ]:
        services.create_enterprise(
            actor, owner_name=owner, business_name=business, sector=sector, village_id=village, revenue_band=band,
            workers=workers, started_on=today - d(days=700),
            support_received="Pelatihan kewirausahaan, pendampingan KOPI",
            programs=[program] if village == "35.05.10.2002" else [],
        )
    stdout.write("  2 program pelatihan, 4 usaha purna PMI")
