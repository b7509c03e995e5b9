"""Demo: two bulletins (one still a draft), a guide and a job order for Kabupaten Blitar (idempotent; through the
domain services, so the audit log shows it like real work)."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import facilitator
from accounts.models import User
from community.models import CommunityGroup

from . import services
from .models import Guide, JobInfo, Publication


@transaction.atomic
def load(stdout):
    actor = facilitator()
    if actor is None:
        stdout.write("  tidak ada pengguna demo; lewati")
        return
    if Publication.objects.filter(title="Buletin KOPI Blitar Edisi Desember").exists():
        stdout.write("  data portal publik sudah ada")
        return
    today = timezone.localdate()
    # The village news is KOPI Sumberagung's (community's demo runs first: INSTALLED_APPS order).
    group = CommunityGroup.objects.filter(name="KOPI Sumberagung").first()
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
        kind="news", region_id="35.05.15.2001", group=group,
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
    stdout.write("  2 buletin, 1 panduan, 1 lowongan")
