"""Demo for issue 7, loaded once for community, empowerment, governance and portal (idempotent).

A KOPI group per Blitar village with members, meetings and follow-ups; a training program with sessions and
attendance; returnee enterprises; a regulation in each stage; APBDes lines; two bulletins, a guide and a
job order. Everything goes through the domain services, so the audit log shows it like real work.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User

VILLAGES = {
    "35.05.10.2002": "Jatinom",
    "35.05.10.2003": "Gogodeso",
    "35.05.12.2001": "Pandanarum",
    "35.05.15.2001": "Sumberagung",
}
CHAIRS = {"Jatinom": "Siti Aminah", "Gogodeso": "Lilik Suharti", "Pandanarum": "Sri Wahyuni",
          "Sumberagung": "Suliyati"}
SECRETARIES = {"Jatinom": "Nur Hidayah", "Gogodeso": "Eko Prasetyo", "Pandanarum": "Tri Handayani",
               "Sumberagung": "Ruspuana"}
MEMBERS = ["Kartini", "Sumarni", "Yuliana", "Wiwik Setyowati"]


def _actor():
    return User.objects.filter(username="fasilitator.infest").first() or User.objects.filter(is_superuser=True).first()


@transaction.atomic
def load(stdout):
    from community import services as community
    from community.models import ActivityKind, CommunityGroup, MemberRole

    actor = _actor()
    if actor is None:
        stdout.write("  tidak ada pengguna demo; lewati")
        return
    if CommunityGroup.objects.filter(name="KOPI Jatinom").exists():
        stdout.write("  data komunitas/pemberdayaan/tata kelola/publik sudah ada")
        return
    today = timezone.localdate()
    d = datetime.timedelta
    groups = {}
    for code, name in VILLAGES.items():
        group = community.create_group(actor, name=f"KOPI {name}", kind="kopi", village_id=code,
                                       founded_on=datetime.date(2018, 3, 1), contact_phone="0812-3456-70%02d"
                                       % (len(groups) + 1),
                                       description="Komunitas Pekerja Migran Indonesia desa %s." % name)
        chair = community.add_member(actor, group, name=CHAIRS[name], role=MemberRole.CHAIR,
                                     joined_on=datetime.date(2018, 3, 1))
        community.add_member(actor, group, name=SECRETARIES[name], role=MemberRole.SECRETARY,
                             joined_on=datetime.date(2018, 3, 1))
        members = [community.add_member(actor, group, name=m, joined_on=datetime.date(2019, 1, 15)) for m in MEMBERS]
        meeting = community.record_activity(
            actor, group, kind=ActivityKind.MEETING, title="Pertemuan rutin bulanan", date=today - d(days=20),
            place="Balai desa %s" % name, minutes="Evaluasi pendampingan kasus dan rencana sosialisasi migrasi aman.",
            decisions="Sosialisasi di tiap dusun bulan depan.", participants=[chair, *members[:3]],
        )
        community.add_follow_up(actor, meeting, description="Menyusun jadwal sosialisasi per dusun",
                                responsible=SECRETARIES[name], due_on=today - d(days=5))
        audience = community.record_activity(
            actor, group, kind=ActivityKind.BPD_AUDIENCE, title="Audiensi dengan BPD tentang Perdes PMI",
            date=today - d(days=60), place="Ruang rapat BPD",
            decisions="BPD mengkaji draf Perdes pelindungan PMI.",
            participants=[chair, ("Ketua BPD %s" % name, "BPD")], guest_count=4,
        )
        fu = community.add_follow_up(actor, audience, description="Menyerahkan draf Perdes ke BPD",
                                     responsible=CHAIRS[name], due_on=today - d(days=50))
        community.complete_follow_up(actor, fu, result="Draf diterima sekretaris BPD", done_on=today - d(days=52))
        groups[code] = group
    _empowerment(actor, today, stdout)
    _governance(actor, today)
    _portal(actor, today, groups)
    stdout.write("  4 kelompok KOPI, kegiatan, program pelatihan, usaha, peraturan, anggaran, 2 buletin")


def _empowerment(actor, today, stdout):
    from empowerment import services
    from empowerment.models import EnrolmentStatus, Outcome, ProgramStatus, TargetGroup

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


def _governance(actor, today):
    from governance import services
    from governance.models import RegulationKind, Stage, Topic

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
    for village in VILLAGES:
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


def _portal(actor, today, groups):
    from portal import services
    from portal.models import Guide, JobInfo, Publication

    # Network-wide items (the regency) are published by the district office; village news by the village side.
    district = User.objects.filter(username="petugas.blitar").first() or actor
    bulletin = services.create(district, Publication(
        kind="bulletin", region_id="35.05", title="Buletin KOPI Blitar Edisi Desember",
        summary="Pelatihan penyusunan SOP pelindungan pekerja migran di desa, kabar Perdes, kunjungan belajar.",
        body="<p>Pada edisi ini tim redaksi menyajikan liputan utama pelatihan penyusunan <strong>standar "
             "operasional prosedur (SOP)</strong> pelindungan pekerja migran di desa.</p><p>Rubrik kabar desa "
             "menyajikan proses penyusunan Peraturan Desa tentang pelindungan pekerja migran.</p>",
        author_name="Redaksi KOPI Blitar"))
    services.publish(district, bulletin)
    news = services.create(actor, Publication(
        kind="news", region_id="35.05.15.2001", group=groups["35.05.15.2001"],
        title="KOPI Sumberagung gandeng BPD wujudkan pelindungan pekerja migran",
        summary="KOPI menyerahkan draf Perdes pelindungan PMI kepada BPD untuk dikaji.",
        body="<p>KOPI Sumberagung bertemu BPD di ruang rapat BPD. Pembahasan meliputi Perdes pelindungan PMI, "
             "pemberdayaan, dan kemitraan.</p><ul><li>Draf Perdes diserahkan ke BPD</li><li>Program pemberdayaan "
             "calon dan purna PMI</li></ul>",
        author_name="Suliyati, Redaksi KOPI Sumberagung"))
    services.publish(actor, news)
    services.create(actor, Publication(kind="news", region_id="35.05.10.2002", title="Draf: rencana kunjungan "
                                       "belajar ke Ponorogo", body="<p>Masih disusun.</p>"))
    guide = services.create(district, Guide(
        region_id="35.05", title="Berangkat kerja ke luar negeri secara aman",
        intro="Langkah resmi untuk calon PMI dari Kabupaten Blitar.",
        steps="Datang ke kantor desa untuk pendataan dan surat keterangan\nDaftar di Disnaker Kab. Blitar\n"
              "Pilih P3MI yang izinnya berlaku (cek di halaman Cek P3MI)\nIkuti pemeriksaan kesehatan dan "
              "psikologi\nTanda tangani perjanjian penempatan di depan petugas\nIkuti orientasi pra pemberangkatan",
        rights="Menerima salinan perjanjian kerja\nMemegang sendiri paspor dan dokumen\nMenjadi peserta BPJS "
               "Ketenagakerjaan (JKK dan JKM)",
        documents="KTP elektronik\nKartu Keluarga\nSurat izin suami/istri/orang tua diketahui kepala desa\n"
                  "Akta kelahiran\nIjazah terakhir",
        forbidden_costs="Tiket pesawat keberangkatan (10 jabatan, Perban BP2MI 9/2020)\nVisa kerja\n"
                        "Legalisasi perjanjian kerja\nPelatihan dan sertifikat kompetensi\nJasa perusahaan "
                        "(P3MI)",
        hotlines="KP2MI — 0800-1000\nDisnaker Kab. Blitar — (0342) 801136\nKOPI Blitar — 0812-3456-7001",
    ))
    services.publish(district, guide)
    job = services.create(district, JobInfo(
        region_id="35.05", position="Perawat lansia (caregiver)", country="TW", employer="Panti wreda di Taichung",
        agency_name="PT Contoh Penempatan Resmi", agency_licence_number="SIP3MI-DEMO-001", vacancies=10,
        salary="NT$ 28.590 per bulan", requirements="Perempuan 21–40 tahun\nSehat jasmani dan rohani",
        costs_note="Sesuai ketentuan; tidak ada biaya di luar komponen resmi.",
        source="Disnaker Kab. Blitar", received_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=30)))
    services.publish(district, job)
