"""Demo: a protection regulation in each stage per Blitar village, migration SOPs, and APBDes lines with their
realisation (idempotent; through the domain services, so the audit log shows it like real work)."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import VILLAGES, facilitator

from . import services
from .models import Regulation, RegulationKind, Stage, Topic


@transaction.atomic
def load(stdout):
    actor = facilitator()
    if actor is None:
        stdout.write("  tidak ada pengguna demo; lewati")
        return
    if Regulation.objects.filter(kind=RegulationKind.PERDES, village_id="35.05.10.2002").exists():
        stdout.write("  data tata kelola sudah ada")
        return
    today = timezone.localdate()
    d = datetime.timedelta
    plan = [
        ("35.05.10.2002", RegulationKind.PERDES, Topic.PROTECTION, "Pelindungan Pekerja Migran Indonesia",
         [Stage.CONSULTATION, Stage.BPD_DELIBERATION, Stage.ENACTED, Stage.PROMULGATED]),
        ("35.05.10.2003", RegulationKind.PERDES, Topic.PROTECTION, "Pelindungan Pekerja Migran Indonesia dan "
         "Keluarganya", [Stage.CONSULTATION, Stage.BPD_DELIBERATION, Stage.ENACTED]),
        ("35.05.12.2001", RegulationKind.PERDES, Topic.PROTECTION, "Pelindungan Pekerja Migran Indonesia",
         [Stage.CONSULTATION, Stage.BPD_DELIBERATION]),
        ("35.05.15.2001", RegulationKind.PERDES, Topic.PROTECTION, "Pelindungan Pekerja Migran Indonesia",
         [Stage.CONSULTATION]),
        ("35.05.15.2001", RegulationKind.SOP, Topic.MIGRATION_SOP, "SOP layanan migrasi aman di desa", []),
        ("35.05.10.2002", RegulationKind.SOP, Topic.MIGRATION_SOP, "SOP layanan migrasi aman di desa",
         [Stage.ENACTED]),
    ]
    for village, kind, topic, title, stages in plan:
        reg = services.create_regulation(actor, kind=kind, topic=topic, village_id=village, title=title,
                                         stage_since=today - d(days=300))
        for i, stage in enumerate(stages):
            services.move_stage(actor, reg, stage, date=today - d(days=250 - 50 * i),
                                number="Nomor %d Tahun %d" % (i + 1, today.year))
    for village in VILLAGES.values():
        for year, title, category, planned, realised in [
            (today.year, "Pendataan calon PMI dan purna PMI", "data", 5_000_000, 3_500_000),
            (today.year, "Pelatihan kewirausahaan purna PMI", "empowerment", 15_000_000, 9_000_000),
            (today.year - 1, "Sosialisasi migrasi aman", "information", 4_000_000, 4_000_000),
        ]:
            if village == "35.05.12.2001" and year == today.year:
                continue  # Pandanarum has not budgeted this year: the readiness table shows it.
            line = services.create_budget_line(actor, village_id=village, year=year, title=title,
                                               category=category, planned=planned)
            services.record_realisation(actor, line, realised)
    stdout.write("  peraturan desa, SOP dan anggaran desa")
