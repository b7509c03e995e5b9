"""Demo: an access request and a correction request at the Jatinom office, a portal request waiting for the
identity check, and a suspected breach in Jatinom (idempotent; through the domain services)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from people.models import Person

from . import services
from .models import Breach, DataRequest, RequestChannel

JATINOM = "35.05.10.2002"


@transaction.atomic
def load(stdout):
    operator = User.objects.filter(username="operator.jatinom").first()
    officer = User.objects.filter(username="petugas.blitar").first()
    person = Person.objects.filter(village_id=JATINOM).order_by("pk").first()
    if operator is None or officer is None or person is None:
        stdout.write("  tidak ada pengguna atau warga demo; lewati")
        return
    if DataRequest.objects.filter(village_id=JATINOM).exists():
        stdout.write("  data permintaan data pribadi sudah ada")
        return
    services.file_request(operator, kind="access", village=JATINOM, person=person)
    services.file_request(operator, kind="correction", village=JATINOM, person=person,
                          details={"field": "phone", "value": "+6281200000001", "note": "Nomor HP baru"})
    services.file_request(None, kind="erasure", village=JATINOM, channel=RequestChannel.PORTAL,
                          details={"name": person.name, "note": "Mohon hapus data saya."}, contact="0812000000")
    if not Breach.objects.exists():
        services.record_breach(officer, title="Dugaan kebocoran daftar warga Jatinom",
                               description="Berkas ekspor daftar warga terkirim ke grup percakapan yang salah.",
                               discovered_at=timezone.now(), data_affected="Nama, desa, nomor HP",
                               measures="Pesan ditarik, anggota grup diminta menghapus berkas.",
                               region_code=JATINOM, suspect_user=operator)
    stdout.write("  3 permintaan data pribadi dan 1 dugaan kegagalan pelindungan data")
