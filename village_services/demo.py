"""Demo for the four Blitar villages: the default migration-service catalogue copied into each, a
letterhead, a few requests (one open, one past its time standard) and a few letters drafted, checked and signed by
the village's own officials, filled from the demo residents and placements when the migrants demo has made them."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from migrants.models import Placement
from regions.models import Region

from . import services
from .models import PLACEMENT_STATE_STATUSES, Letter, LetterType, RequestStatus, Service, ServiceRequest

# village code -> (operator username, office address)
VILLAGES = {
    "35.05.10.2002": ("operator.jatinom", "Jl. Raya Jatinom No. 1, Kanigoro"),
    "35.05.10.2003": ("operator.gogodeso", "Jl. Raya Gogodeso No. 5, Kanigoro"),
    "35.05.12.2001": ("operator.pandanarum", "Jl. Pandanarum No. 2, Sutojayan"),
    "35.05.15.2001": ("operator.sumberagung", "Jl. Sumberagung No. 10, Gandusari"),
}


def load(stdout):
    for code, (username, address) in VILLAGES.items():
        village = Region.objects.filter(code=code).first()
        operator = User.objects.filter(username=username).first()
        if village is None or operator is None:
            stdout.write(f"  {code}: wilayah atau akun operator demo tidak ada, dilewati")
            continue
        with transaction.atomic():
            created = services.copy_default_catalogue(operator, village)
            if created["letterhead"]:
                lh = services.current_letterhead(code)
                services.update_letterhead(operator, code, government_lines=lh.government_lines, address=address,
                                           contact="Telp. (0342) 000000")
            letters = 0 if Letter.objects.filter(village=village).exists() else _letters(operator, village)
            requests = 0 if ServiceRequest.objects.filter(village=village).exists() else _requests(operator, village)
        stdout.write(f"  {village}: {created['services']} layanan, {created['letter_types']} jenis surat, "
                     f"{requests} permohonan, {letters} surat")


def _family_nik(code):
    # A well-formed NIK from the village's district for a (fictional) parent born 1 January 1965.
    return code.replace(".", "")[:6] + "010165" + "0009"


def _values_for(letter_type, person, placement):
    values = services.values_from(person=person, placement=placement)
    values.setdefault("pekerjaan", "Petani")
    values.setdefault("tujuan", "Hong Kong")
    values.setdefault("p3mi", "PT Demo Jasa Penempatan")
    values.setdefault("jabatan_kerja", "Penata laksana rumah tangga")
    values.setdefault("alamat", f"Desa {letter_type.village.name}")
    values.setdefault("tempat_lahir", "Blitar")
    values.setdefault("tanggal_pulang", "3 Januari 2026")
    values.setdefault("keperluan", "Persyaratan penempatan Pekerja Migran Indonesia")
    contact = person.contacts.first() if person is not None and hasattr(person, "contacts") else None
    values.setdefault("nama_keluarga", contact.name.replace(" (keluarga)", "") if contact else "Sumarni")
    values.setdefault("nik_keluarga", _family_nik(letter_type.village_id))
    values.setdefault("hubungan_keluarga", "Orang tua")
    return values


def _officials(operator):
    """The demo village's sekretaris desa and kepala desa (accounts.demo), or (None, None)."""
    village = operator.username.split(".", 1)[1]
    return (User.objects.filter(username=f"sekdes.{village}").first(),
            User.objects.filter(username=f"kades.{village}").first())


def _placement_for(village, letter_type, used):
    """A placement of the village that the letter type may be issued for (one not used yet), or None."""
    qs = Placement.objects.filter(village=village).exclude(pk__in=used).select_related("person", "agency")
    if letter_type.states_placement:
        qs = qs.filter(status__in=PLACEMENT_STATE_STATUSES[letter_type.states_placement])
    return qs.order_by("id").first()


def _letters(operator, village):
    """Three letters the way a village makes them: drafted by the operator, checked by the sekretaris desa,
    signed by the kepala desa (who signs them together); one more left waiting for the secretary's check."""
    secretary, head = _officials(operator)
    if secretary is None or head is None:
        return 0
    types = {t.code: t for t in LetterType.objects.filter(village=village)}
    plan = ["keterangan-cpmi", "izin-keluarga", "domisili", "keterangan-purna"]
    drafts, used = [], []
    for index, code in enumerate(plan):
        letter_type = types[code]
        placement = _placement_for(village, letter_type, used)
        if placement is None and letter_type.states_placement:
            continue
        person = placement.person if placement is not None else None
        if placement is not None:
            used.append(placement.pk)
        values = _values_for(letter_type, person, placement)
        if person is None:
            values.update({"nama": ["Siti Aminah", "Dwi Lestari", "Ahmad Fauzi", "Sri Utami"][index],
                           "nik": village.code.replace(".", "")[:6] + ["450890", "120395", "050788", "410192"][index]
                           + "0001", "tanggal_lahir": "5 Agustus 1990", "jenis_kelamin": "Perempuan"})
        drafts.append(services.draft_letter(operator, letter_type, values, person=person, placement=placement))
    waiting = drafts.pop() if len(drafts) > 1 else None  # stays a draft: the secretary's queue is not empty
    for letter in drafts:
        services.check_letter(secretary, letter)
    issued = [o.letter for o in services.sign_letters(head, drafts) if o.ok]
    if village.code == "35.05.10.2002" and issued:
        services.revoke_letter(operator, issued[-1], "Contoh pencabutan: data alamat keliru, diganti surat baru")
    return len(issued) + (waiting is not None)


def _requests(operator, village):
    service = Service.objects.filter(village=village, code="keterangan-cpmi").first()
    passport = Service.objects.filter(village=village, code="pengantar-paspor").first()
    if service is None or passport is None:
        return 0
    now = timezone.now()
    open_req = services.submit_request(service=service, applicant_name="Dewi Anggraini", actor=operator,
                                       purpose="Rencana bekerja di Taiwan", received_at=now)
    services.set_requirements(operator, open_req, service.requirement_list()[:2])
    late = services.submit_request(service=passport, applicant_name="Rina Marlina", actor=operator,
                                   purpose="Paspor untuk penempatan ke Malaysia",
                                   received_at=now - datetime.timedelta(days=10))
    services.transition_request(operator, late, RequestStatus.IN_PROCESS)
    return 2
