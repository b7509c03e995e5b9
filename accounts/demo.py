"""Demo users for Kabupaten Blitar (spine issue): printed by load_demo."""

from django.db import transaction

from .models import Membership, Organisation, OrganisationKind, Role, User

DEMO_PASSWORD = "Payung-Demo-2026"

VILLAGES = {
    "jatinom": "35.05.10.2002",
    "gogodeso": "35.05.10.2003",
    "pandanarum": "35.05.12.2001",
    "sumberagung": "35.05.15.2001",
}
BLITAR = "35.05"
# The officials of each demo village (fictional): sekretaris desa, kepala desa (issue 22.2: they check and sign).
OFFICIALS = {
    "jatinom": ("Agus Santoso", "Suprapto"),
    "gogodeso": ("Dwi Handayani", "Sulastri"),
    "pandanarum": ("Eko Prasetyo", "Bambang Wijayanto"),
    "sumberagung": ("Rina Kusuma", "Sri Wahyuni"),
}

# username, full name, [(role, region code or None)], organisation name or None, superuser
USERS = [
    *[(f"operator.{v}", f"Operator Desa {v.title()}", [(Role.VILLAGE_OPERATOR, code)], None, False)
      for v, code in VILLAGES.items()],
    *[(f"sekdes.{v}", OFFICIALS[v][0], [(Role.VILLAGE_SECRETARY, code)], None, False) for v, code in VILLAGES.items()],
    *[(f"kades.{v}", OFFICIALS[v][1], [(Role.VILLAGE_HEAD, code)], None, False) for v, code in VILLAGES.items()],
    ("relawan.kopi", "Siti Aminah (KOPI)",
     [(Role.COMMUNITY_VOLUNTEER, VILLAGES["jatinom"]), (Role.COMMUNITY_VOLUNTEER, VILLAGES["gogodeso"]),
      (Role.COMMUNITY_VOLUNTEER, VILLAGES["pandanarum"])], "KOPI Blitar", False),
    ("fasilitator.infest", "Fasilitator Infest",
     [(Role.NGO_FACILITATOR, code) for code in VILLAGES.values()], "Infest Yogyakarta", False),
    ("petugas.blitar", "Petugas Disnaker Kab. Blitar", [(Role.DISTRICT_OFFICER, BLITAR)],
     "Dinas Tenaga Kerja Kabupaten Blitar", False),
    ("petugas.jatim", "Petugas Provinsi Jawa Timur", [(Role.PROVINCE_OFFICER, "35")], None, False),
    ("petugas.nasional", "Petugas KP2MI", [(Role.NATIONAL_OFFICER, None)], "KP2MI", False),
    ("admin", "Administrator Payung", [(Role.SYSTEM_ADMIN, None)], None, True),
]

ORGANISATIONS = [
    ("KOPI Blitar", OrganisationKind.COMMUNITY, BLITAR),
    ("Infest Yogyakarta", OrganisationKind.NGO, None),
    ("Dinas Tenaga Kerja Kabupaten Blitar", OrganisationKind.MANPOWER_OFFICE, BLITAR),
    ("KP2MI", OrganisationKind.KP2MI, None),
]


@transaction.atomic
def load(stdout):
    orgs = {}
    for name, kind, region in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "region_id": region})
    for username, full_name, memberships, org, superuser in USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "is_superuser": superuser, "is_staff": superuser}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for role, region in memberships:
            Membership.objects.get_or_create(
                user=user, role=role, region_id=region, defaults={"organisation": orgs.get(org)}
            )


def facilitator():
    """Who the community-side demos (community, empowerment, governance, portal) act as: the NGO facilitator,
    or the superuser when the demo users are absent; None when neither exists."""
    return User.objects.filter(username="fasilitator.infest").first() or User.objects.filter(is_superuser=True).first()


def print_logins(stdout):
    stdout.write("Akun demo (kata sandi semua: %s):" % DEMO_PASSWORD)
    for username, full_name, *_rest in USERS:
        stdout.write(f"  {username:<22} {full_name}")
