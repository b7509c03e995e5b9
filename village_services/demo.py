"""Demo for the four Blitar villages: the default migration-service catalogue copied into each, a
letterhead, a few requests (one open, one past its time standard) and a few issued letters, filled from
the demo residents and placements when the migrants demo has made them."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from migrants.models import Placement
from regions.models import Region

from . import services
from .models import Letter, LetterType, RequestStatus, Service, ServiceRequest

# village code -> (operator username, village head (fictional), office address)
VILLAGES = {
    "35.05.10.2002": ("operator.jatinom", "Suprapto", "Jl. Raya Jatinom No. 1, Kanigoro"),
    "35.05.10.2003": ("operator.gogodeso", "Sulastri", "Jl. Raya Gogodeso No. 5, Kanigoro"),
    "35.05.12.2001": ("operator.pandanarum", "Bambang Wijayanto", "Jl. Pandanarum No. 2, Sutojayan"),
    "35.05.15.2001": ("operator.sumberagung", "Sri Wahyuni", "Jl. Sumberagung No. 10, Gandusari"),
}


def load(stdout):
    for code, (username, head, address) in VILLAGES.items():
        village = Region.objects.filter(code=code).first()
        operator = User.objects.filter(username=username).first()
        if village is None or operator is None:
            stdout.write(f"  {code}: wilayah atau akun operator demo tidak ada, dilewati")
            continue
        with transaction.atomic():
            created = services.copy_default_catalogue(operator, village, signer_name=head)
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


def _people(village):
    placements = Placement.objects.filter(village=village).select_related("person", "agency").order_by("id")[:3]
    return [(p.person, p) for p in placements]


def _letters(operator, village):
    types = {t.code: t for t in LetterType.objects.filter(village=village)}
    pairs = _people(village)
    plan = ["keterangan-cpmi", "izin-keluarga", "domisili"]
    issued = []
    for index, code in enumerate(plan):
        person, placement = pairs[index] if index < len(pairs) else (None, None)
        values = _values_for(types[code], person, placement)
        if person is None:
            values.update({"nama": ["Siti Aminah", "Dwi Lestari", "Ahmad Fauzi"][index],
                           "nik": village.code.replace(".", "")[:6] + ["450890", "120395", "050788"][index] + "0001",
                           "tanggal_lahir": "5 Agustus 1990", "jenis_kelamin": "Perempuan"})
        issued.append(services.issue_letter(operator, types[code], values, person=person,
                                            placement=placement if person is not None else None))
    if village.code == "35.05.10.2002":
        services.revoke_letter(operator, issued[-1], "Contoh pencabutan: data alamat keliru, diganti surat baru")
    return len(issued)


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
