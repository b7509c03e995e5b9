"""The default catalogue of village migration services (SOP) and their letters.

Each village copies this set once and edits its copy; the defaults themselves are never shown to the
public. The wording follows the SOPs drafted by KOPI with villages in Blitar (see the field reports) and
the documents a prospective migrant needs under UU 18/2017 art. 13; the village's role is art. 42(1).

Letter texts are Indonesian official documents and stay in Indonesian whatever the UI language.
"""

# Classification codes of the official-records scheme: 470 population, 560 manpower. Each type has its
# own counter, so each needs its own pattern (a distinct letter code) for numbers never to coincide.
DEFAULT_NUMBER_PATTERN = "474/{seq}/{village_code}/{year}"

IDENTITY_BLOCK = (
    "Nama                 : {nama}\n"
    "NIK                  : {nik}\n"
    "Tempat/tanggal lahir : {tempat_lahir}, {tanggal_lahir}\n"
    "Jenis kelamin        : {jenis_kelamin}\n"
    "Pekerjaan            : {pekerjaan}\n"
    "Alamat               : {alamat}"
)

LETTER_TYPES = [
    {
        "code": "keterangan-cpmi",
        "states_placement": "candidate",
        "number_pattern": "560/{seq}/SKCPMI/{village_code}/{year}",
        "name": "Surat keterangan calon PMI",
        "title": "SURAT KETERANGAN",
        "body": (
            "Yang bertanda tangan di bawah ini {jabatan_penandatangan} {desa}, Kecamatan {kecamatan}, "
            "{kabupaten}, menerangkan dengan sebenarnya bahwa:\n\n" + IDENTITY_BLOCK + "\n\n"
            "adalah benar warga Desa {desa} yang telah terdata dan diverifikasi oleh Pemerintah Desa sebagai "
            "calon Pekerja Migran Indonesia dengan negara tujuan {tujuan} melalui perusahaan penempatan {p3mi} "
            "untuk jabatan {jabatan_kerja}.\n\n"
            "Surat keterangan ini dibuat untuk keperluan {keperluan}.\n\n"
            "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya."
        ),
    },
    {
        "code": "izin-keluarga",
        "number_pattern": "560/{seq}/SIK/{village_code}/{year}",
        "name": "Surat izin keluarga diketahui kepala desa",
        "title": "SURAT IZIN KELUARGA",
        "body": (
            "Yang bertanda tangan di bawah ini:\n\n"
            "Nama                 : {nama_keluarga}\n"
            "NIK                  : {nik_keluarga}\n"
            "Hubungan keluarga    : {hubungan_keluarga}\n\n"
            "dengan ini memberikan izin kepada:\n\n" + IDENTITY_BLOCK + "\n\n"
            "untuk bekerja ke luar negeri sebagai Pekerja Migran Indonesia di negara {tujuan} melalui "
            "perusahaan penempatan {p3mi}.\n\n"
            "Izin ini diberikan dengan penuh kesadaran dan tanpa paksaan dari pihak mana pun, sesuai Pasal 13 "
            "huruf b Undang-Undang Nomor 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia."
        ),
    },
    {
        "code": "domisili",
        "number_pattern": "470/{seq}/SKD/{village_code}/{year}",
        "name": "Surat keterangan domisili",
        "title": "SURAT KETERANGAN DOMISILI",
        "body": (
            "Yang bertanda tangan di bawah ini {jabatan_penandatangan} {desa}, Kecamatan {kecamatan}, "
            "{kabupaten}, menerangkan bahwa:\n\n" + IDENTITY_BLOCK + "\n\n"
            "adalah benar berdomisili di alamat tersebut di atas, Desa {desa}, Kecamatan {kecamatan}.\n\n"
            "Surat keterangan ini dibuat untuk keperluan {keperluan}."
        ),
    },
    {
        "code": "pengantar-paspor",
        "states_placement": "candidate",
        "number_pattern": "470/{seq}/SPP/{village_code}/{year}",
        "name": "Surat pengantar permohonan paspor",
        "title": "SURAT PENGANTAR",
        "body": (
            "Yang bertanda tangan di bawah ini {jabatan_penandatangan} {desa}, Kecamatan {kecamatan}, "
            "{kabupaten}, memberikan pengantar kepada:\n\n" + IDENTITY_BLOCK + "\n\n"
            "untuk mengajukan permohonan paspor pada Kantor Imigrasi guna bekerja sebagai Pekerja Migran "
            "Indonesia di negara {tujuan} melalui perusahaan penempatan {p3mi}.\n\n"
            "Yang bersangkutan telah terdata sebagai calon Pekerja Migran Indonesia di Desa {desa}."
        ),
    },
    {
        "code": "keterangan-purna",
        "states_placement": "returned",
        "number_pattern": "560/{seq}/SKPPMI/{village_code}/{year}",
        "name": "Surat keterangan purna PMI",
        "title": "SURAT KETERANGAN PURNA PEKERJA MIGRAN INDONESIA",
        "body": (
            "Yang bertanda tangan di bawah ini {jabatan_penandatangan} {desa}, Kecamatan {kecamatan}, "
            "{kabupaten}, menerangkan bahwa:\n\n" + IDENTITY_BLOCK + "\n\n"
            "adalah benar Pekerja Migran Indonesia purna yang telah kembali dari negara {tujuan} pada tanggal "
            "{tanggal_pulang} dan kini berdomisili di Desa {desa}.\n\n"
            "Surat keterangan ini dibuat untuk keperluan {keperluan}."
        ),
    },
]

# Issue 16.6: letters the field needs for the CPMI file and when a worker dies abroad.
# Permenaker 4/2023 art. 57(1) lists, for a JKM claim, a death certificate (huruf e) and "surat keterangan ahli waris
# dari pejabat yang berwenang" (huruf f); art. 57(4) orders the heirs: a. widow, widower or child; b. failing them,
# 1. blood relatives in the straight line up and down to the second degree, 2. siblings, 3. parents-in-law,
# 4. whoever the participant named in a will (text read on pasal.id, Permenaker-no-4-tahun-2023, Pasal 57).
# E-PMI lists a marital-status letter among the Perseorangan scheme's documents (issue 16).
LETTER_TYPES += [
    {
        "code": "status-perkawinan",
        "number_pattern": "474.2/{seq}/SKSP/{village_code}/{year}",
        "name": "Surat keterangan status perkawinan",
        "title": "SURAT KETERANGAN STATUS PERKAWINAN",
        "body": (
            "Yang bertanda tangan di bawah ini {jabatan_penandatangan} {desa}, Kecamatan {kecamatan}, "
            "{kabupaten}, menerangkan dengan sebenarnya bahwa:\n\n" + IDENTITY_BLOCK + "\n\n"
            "berdasarkan data kependudukan Desa {desa} dan keterangan yang bersangkutan, pada tanggal surat ini "
            "berstatus {status_perkawinan}.\n\n"
            "Surat keterangan ini dibuat untuk melengkapi berkas calon Pekerja Migran Indonesia, untuk keperluan "
            "{keperluan}.\n\n"
            "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya."
        ),
    },
    {
        "code": "ahli-waris",
        "number_pattern": "474.3/{seq}/SKAW/{village_code}/{year}",
        "name": "Surat keterangan ahli waris",
        "title": "SURAT KETERANGAN AHLI WARIS",
        "body": (
            "Yang bertanda tangan di bawah ini {jabatan_penandatangan} {desa}, Kecamatan {kecamatan}, "
            "{kabupaten}, menerangkan bahwa almarhum/almarhumah:\n\n" + IDENTITY_BLOCK + "\n\n"
            "telah meninggal dunia pada tanggal {tanggal_meninggal} di {tempat_meninggal}, dan meninggalkan ahli "
            "waris sebagai berikut, disusun menurut urutan ahli waris Pasal 57 ayat (4) Peraturan Menteri "
            "Ketenagakerjaan Nomor 4 Tahun 2023 tentang Jaminan Sosial Pekerja Migran Indonesia:\n\n"
            "{daftar_ahli_waris}\n\n"
            "Surat keterangan ini dibuat untuk keperluan {keperluan}, antara lain pengajuan manfaat Jaminan "
            "Kematian (JKM) BPJS Ketenagakerjaan sebagaimana dimaksud Pasal 57 ayat (1) huruf f Peraturan Menteri "
            "tersebut.\n\n"
            "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya."
        ),
    },
    {
        "code": "kematian-pmi",
        "states_placement": "deceased",
        "number_pattern": "474.3/{seq}/SKK/{village_code}/{year}",
        "name": "Surat keterangan kematian (pemulangan jenazah PMI)",
        "title": "SURAT KETERANGAN KEMATIAN",
        "body": (
            "Yang bertanda tangan di bawah ini {jabatan_penandatangan} {desa}, Kecamatan {kecamatan}, "
            "{kabupaten}, menerangkan bahwa:\n\n" + IDENTITY_BLOCK + "\n\n"
            "adalah warga Desa {desa} yang bekerja sebagai Pekerja Migran Indonesia di negara {tujuan} dan telah "
            "meninggal dunia pada tanggal {tanggal_meninggal} di {tempat_meninggal}, karena {sebab_meninggal}.\n\n"
            "Keterangan ini dibuat berdasarkan laporan {nama_pelapor} ({hubungan_pelapor}) dan data Pemerintah "
            "Desa, untuk keperluan pemulangan jenazah dan pengurusan hak-hak almarhum/almarhumah, yaitu "
            "{keperluan}.\n\n"
            "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya."
        ),
    },
]

SERVICES = [
    {
        "code": "keterangan-cpmi",
        "letter": "keterangan-cpmi",
        "name": "Surat keterangan calon Pekerja Migran Indonesia",
        "description": "Keterangan desa bahwa warga telah terdata dan diverifikasi sebagai calon PMI.",
        "eligibility": "Warga desa berusia minimal 18 tahun yang akan bekerja ke luar negeri.",
        "requirements": "KTP elektronik asli dan fotokopi\nKartu Keluarga asli dan fotokopi\n"
                        "Surat izin keluarga diketahui kepala desa\n"
                        "Informasi lowongan/perusahaan penempatan (P3MI) yang berizin",
        "steps": "Pemohon datang ke loket pelayanan atau mengajukan daring\n"
                 "Petugas memeriksa kelengkapan persyaratan dan mencocokkan data kependudukan\n"
                 "Petugas mendata calon PMI dan memeriksa izin P3MI\n"
                 "Surat diterbitkan dan ditandatangani kepala desa\nSurat diserahkan kepada pemohon",
        "responsible_officer": "Kepala Urusan Pelayanan",
        "time_standard_days": 1,
        "legal_basis": "UU 18/2017 tentang Pelindungan PMI, Pasal 42 ayat (1) huruf b dan c; PP 59/2021.",
    },
    {
        "code": "izin-keluarga",
        "letter": "izin-keluarga",
        "name": "Surat izin keluarga (suami/istri/orang tua/wali) diketahui kepala desa",
        "description": "Izin keluarga untuk bekerja ke luar negeri, diketahui kepala desa.",
        "eligibility": "Calon PMI bersama suami/istri, orang tua, atau wali yang memberi izin.",
        "requirements": "KTP elektronik calon PMI dan pemberi izin\nKartu Keluarga\n"
                        "Buku nikah (bagi yang menikah) atau akta kelahiran\n"
                        "Pemberi izin hadir di kantor desa",
        "steps": "Calon PMI dan pemberi izin datang ke kantor desa\n"
                 "Petugas memeriksa identitas dan hubungan keluarga\n"
                 "Petugas menjelaskan hak dan risiko bekerja ke luar negeri\n"
                 "Pemberi izin menandatangani surat di hadapan petugas\n"
                 "Kepala desa menandatangani sebagai yang mengetahui",
        "responsible_officer": "Kepala Urusan Pelayanan",
        "time_standard_days": 1,
        "legal_basis": "UU 18/2017 Pasal 13 huruf b dan Pasal 42 ayat (1) huruf c.",
    },
    {
        "code": "domisili",
        "letter": "domisili",
        "name": "Surat keterangan domisili",
        "description": "Keterangan tempat tinggal warga.",
        "eligibility": "Warga yang bertempat tinggal di desa.",
        "requirements": "KTP elektronik\nKartu Keluarga\nSurat pengantar RT/RW",
        "steps": "Pemohon menyerahkan persyaratan\nPetugas memeriksa data kependudukan\n"
                 "Surat diterbitkan dan ditandatangani",
        "responsible_officer": "Kepala Urusan Pelayanan",
        "time_standard_days": 1,
        "legal_basis": "UU 6/2014 tentang Desa; UU 18/2017 Pasal 42 ayat (1) huruf c.",
    },
    {
        "code": "pengantar-paspor",
        "letter": "pengantar-paspor",
        "name": "Surat pengantar permohonan paspor",
        "description": "Pengantar desa untuk permohonan paspor calon PMI ke Kantor Imigrasi.",
        "eligibility": "Calon PMI yang telah terdata di desa.",
        "requirements": "KTP elektronik\nKartu Keluarga\nAkta kelahiran/ijazah/buku nikah\n"
                        "Surat keterangan calon PMI dari desa\nSurat rekomendasi Dinas Tenaga Kerja",
        "steps": "Pemohon menyerahkan persyaratan\nPetugas mencocokkan data calon PMI\n"
                 "Surat pengantar diterbitkan dan ditandatangani",
        "responsible_officer": "Kepala Urusan Pelayanan",
        "time_standard_days": 1,
        "legal_basis": "UU 18/2017 Pasal 13 huruf e dan Pasal 42 ayat (1) huruf c; Permenkumham 8/2014.",
    },
    {
        "code": "keterangan-purna",
        "letter": "keterangan-purna",
        "name": "Surat keterangan purna Pekerja Migran Indonesia",
        "description": "Keterangan bahwa warga telah kembali dari bekerja di luar negeri, untuk program "
                       "pemberdayaan, klaim jaminan sosial, atau keperluan lain.",
        "eligibility": "Purna PMI yang telah kembali ke desa, atau keluarganya.",
        "requirements": "KTP elektronik\nKartu Keluarga\nPaspor (halaman identitas dan cap kepulangan)",
        "steps": "Pemohon menyerahkan persyaratan\nPetugas mencatat kepulangan\n"
                 "Surat diterbitkan dan ditandatangani",
        "responsible_officer": "Kepala Urusan Pelayanan",
        "time_standard_days": 2,
        "legal_basis": "UU 18/2017 Pasal 42 ayat (1) huruf d dan e.",
    },
    {
        "code": "status-perkawinan",
        "letter": "status-perkawinan",
        "name": "Surat keterangan status perkawinan",
        "description": "Keterangan status perkawinan warga untuk berkas calon PMI.",
        "eligibility": "Warga desa, termasuk calon PMI.",
        "requirements": "KTP elektronik\nKartu Keluarga\nBuku nikah atau akta cerai (bagi yang pernah menikah)",
        "steps": "Pemohon menyerahkan persyaratan\nPetugas mencocokkan data kependudukan\n"
                 "Sekretaris desa memeriksa, kepala desa menandatangani",
        "responsible_officer": "Kepala Urusan Pelayanan",
        "time_standard_days": 1,
        "legal_basis": "UU 18/2017 Pasal 42 ayat (1) huruf c; persyaratan skema Perseorangan (E-PMI).",
    },
    {
        "code": "ahli-waris",
        "letter": "ahli-waris",
        "name": "Surat keterangan ahli waris",
        "description": "Keterangan ahli waris PMI yang meninggal dunia, untuk klaim JKM BPJS Ketenagakerjaan.",
        "eligibility": "Ahli waris PMI yang meninggal dunia.",
        "requirements": "KTP elektronik ahli waris\nKartu Keluarga\nSurat keterangan kematian\n"
                        "Buku nikah / akta kelahiran yang menunjukkan hubungan dengan almarhum/almarhumah",
        "steps": "Ahli waris menyerahkan persyaratan\nPetugas menyusun daftar ahli waris menurut urutan Pasal 57 "
                 "ayat (4) Permenaker 4/2023\nSekretaris desa memeriksa, kepala desa menandatangani",
        "responsible_officer": "Kepala Urusan Pelayanan",
        "time_standard_days": 2,
        "legal_basis": "Permenaker 4/2023 tentang Jaminan Sosial PMI, Pasal 57 ayat (1) huruf f dan ayat (4).",
    },
    {
        "code": "kematian-pmi",
        "letter": "kematian-pmi",
        "name": "Surat keterangan kematian untuk pemulangan jenazah PMI",
        "description": "Keterangan desa bahwa warganya yang bekerja di luar negeri meninggal dunia, untuk pemulangan "
                       "jenazah dan pengurusan hak-haknya.",
        "eligibility": "Keluarga PMI yang meninggal dunia di luar negeri.",
        "requirements": "KTP elektronik pelapor\nKartu Keluarga\nKabar kematian dari Perwakilan RI, P3MI atau "
                        "KemenP2MI (bila ada)",
        "steps": "Keluarga melapor ke kantor desa\nPetugas mencatat kematian pada data penempatan\n"
                 "Sekretaris desa memeriksa, kepala desa menandatangani",
        "responsible_officer": "Kepala Urusan Pelayanan",
        "time_standard_days": 1,
        "legal_basis": "UU 18/2017 Pasal 42 ayat (1) huruf e; Permenaker 4/2023 Pasal 57 ayat (1) huruf e.",
    },
]
