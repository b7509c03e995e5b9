"""Demo: a KOPI group per Blitar village with members, meetings and follow-ups (idempotent).

Everything goes through the domain services, so the audit log shows it like real work. Empowerment, governance
and portal load their own demo records (their demo.py), in INSTALLED_APPS order.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import facilitator

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


@transaction.atomic
def load(stdout):
    from community import services as community
    from community.models import ActivityKind, CommunityGroup, MemberRole

    actor = facilitator()
    if actor is None:
        stdout.write("  tidak ada pengguna demo; lewati")
        return
    if CommunityGroup.objects.filter(name="KOPI Jatinom").exists():
        stdout.write("  data komunitas sudah ada")
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
    stdout.write("  4 kelompok KOPI dengan anggota, kegiatan dan tindak lanjut")
