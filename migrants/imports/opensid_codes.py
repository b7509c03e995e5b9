"""OpenSID's resident workbook: its 43 column names and the code tables of its coded columns
(../shared/formats/opensid.md 1.4-1.5, OpenSID v2410), and the translations to Payung's values.

A coded cell holds the numeric code or the label (any case, spaces ignored, as OpenSID's own importer reads
it); `code_of` turns either into the code.
"""

COLUMNS = [
    "alamat", "dusun", "rw", "rt", "nama", "no_kk", "nik", "sex", "tempatlahir", "tanggallahir", "agama_id",
    "pendidikan_kk_id", "pendidikan_sedang_id", "pekerjaan_id", "status_kawin", "kk_level", "warganegara_id",
    "ayah_nik", "nama_ayah", "ibu_nik", "nama_ibu", "golongan_darah_id", "akta_lahir", "dokumen_pasport",
    "tanggal_akhir_paspor", "dokumen_kitas", "akta_perkawinan", "tanggalperkawinan", "akta_perceraian",
    "tanggalperceraian", "cacat_id", "cara_kb_id", "hamil", "ktp_el", "status_rekam", "alamat_sekarang",
    "status_dasar", "suku", "tag_id_card", "id_asuransi", "no_asuransi", "lat", "lng",
]
# Accepted beyond OpenSID's 43: the later `pekerja_migran` column, and a village code per row (OpenDK's dump
# names it `desa_id`) for a file holding several villages.
EXTRA_COLUMNS = ["pekerja_migran", "kode_desa", "desa_id"]

SEX = {1: "LAKI-LAKI", 2: "PEREMPUAN"}
SEX_ALIASES = {"l": 1, "lk": 1, "p": 2, "pr": 2, "laki-laki": 1, "perempuan": 2}
STATUS_KAWIN = {1: "BELUM KAWIN", 2: "KAWIN", 3: "CERAI HIDUP", 4: "CERAI MATI"}
STATUS_KAWIN_ALIASES = {"bk": 1, "k": 2, "ch": 3, "cm": 4}
PENDIDIKAN_KK = {
    1: "TIDAK / BELUM SEKOLAH", 2: "BELUM TAMAT SD/SEDERAJAT", 3: "TAMAT SD / SEDERAJAT", 4: "SLTP/SEDERAJAT",
    5: "SLTA / SEDERAJAT", 6: "DIPLOMA I / II", 7: "AKADEMI/ DIPLOMA III/S. MUDA", 8: "DIPLOMA IV/ STRATA I",
    9: "STRATA II", 10: "STRATA III",
}
PENDIDIKAN_KK_ALIASES = {"tidak/blmsekolah": 1, "tidaktamatsd/sederajat": 2, "akademi/diplomaiii/sarjanamuda": 7,
                         "strata-ii": 9}
KK_LEVEL = {
    1: "KEPALA KELUARGA", 2: "SUAMI", 3: "ISTRI", 4: "ANAK", 5: "MENANTU", 6: "CUCU", 7: "ORANGTUA", 8: "MERTUA",
    9: "FAMILI LAIN", 10: "PEMBANTU", 11: "LAINNYA",
}
STATUS_DASAR = {1: "HIDUP", 2: "MATI", 3: "PINDAH", 4: "HILANG", 6: "PERGI", 9: "TIDAK VALID"}
STATUS_DASAR_ALIASES = {"pindahdalamnegeri": 3, "pindahluarnegeri": 3}
LIVING = 1
PEKERJAAN = dict(enumerate([
    "BELUM/TIDAK BEKERJA", "MENGURUS RUMAH TANGGA", "PELAJAR/MAHASISWA", "PENSIUNAN", "PEGAWAI NEGERI SIPIL (PNS)",
    "TENTARA NASIONAL INDONESIA (TNI)", "KEPOLISIAN RI (POLRI)", "PERDAGANGAN", "PETANI/PEKEBUN", "PETERNAK",
    "NELAYAN/PERIKANAN", "INDUSTRI", "KONSTRUKSI", "TRANSPORTASI", "KARYAWAN SWASTA", "KARYAWAN BUMN",
    "KARYAWAN BUMD", "KARYAWAN HONORER", "BURUH HARIAN LEPAS", "BURUH TANI/PERKEBUNAN", "BURUH NELAYAN/PERIKANAN",
    "BURUH PETERNAKAN", "PEMBANTU RUMAH TANGGA", "TUKANG CUKUR", "TUKANG LISTRIK", "TUKANG BATU", "TUKANG KAYU",
    "TUKANG SOL SEPATU", "TUKANG LAS/PANDAI BESI", "TUKANG JAHIT", "TUKANG GIGI", "PENATA RIAS", "PENATA BUSANA",
    "PENATA RAMBUT", "MEKANIK", "SENIMAN", "TABIB", "PARAJI", "PERANCANG BUSANA", "PENTERJEMAH", "IMAM MASJID",
    "PENDETA", "PASTOR", "WARTAWAN", "USTADZ/MUBALIGH", "JURU MASAK", "PROMOTOR ACARA", "ANGGOTA DPR-RI",
    "ANGGOTA DPD", "ANGGOTA BPK", "PRESIDEN", "WAKIL PRESIDEN", "ANGGOTA MAHKAMAH KONSTITUSI",
    "ANGGOTA KABINET KEMENTERIAN", "DUTA BESAR", "GUBERNUR", "WAKIL GUBERNUR", "BUPATI", "WAKIL BUPATI", "WALIKOTA",
    "WAKIL WALIKOTA", "ANGGOTA DPRD PROVINSI", "ANGGOTA DPRD KABUPATEN/KOTA", "DOSEN", "GURU", "PILOT", "PENGACARA",
    "NOTARIS", "ARSITEK", "AKUNTAN", "KONSULTAN", "DOKTER", "BIDAN", "PERAWAT", "APOTEKER", "PSIKIATER/PSIKOLOG",
    "PENYIAR TELEVISI", "PENYIAR RADIO", "PELAUT", "PENELITI", "SOPIR", "PIALANG", "PARANORMAL", "PEDAGANG",
    "PERANGKAT DESA", "KEPALA DESA", "BIARAWATI", "WIRASWASTA", "LAINNYA",
], start=1))

# Payung's values for OpenSID's codes.
PAYUNG_SEX = {1: "M", 2: "F"}
PAYUNG_MARITAL = {1: "single", 2: "married", 3: "divorced", 4: "widowed"}
PAYUNG_EDUCATION = {1: "none", 2: "none", 3: "sd", 4: "smp", 5: "sma", 6: "d3", 7: "d3", 8: "s1", 9: "s1", 10: "s1"}

# OpenSID's Dukcapil occupation list has no migrant-worker code; villages that keep labels write these words
# (an occupation text containing one of them is a migrant job).
MIGRANT_JOB_WORDS = ("pekerja migran", "buruh migran", "pmi", "tki", "tkw", "tenaga kerja indonesia",
                     "tenaga kerja luar negeri")
NOT_MIGRANT = "BUKAN PEKERJA MIGRAN"
# `pekerja_migran` values Payung writes: the job names of pantau's sample list (the live list is unconfirmed,
# the field is free text) for the positions that have one, else the position's own label.
PEKERJA_MIGRAN_OF_POSITION = {
    "elderly_carer": "Perawat", "nurse": "Perawat", "cook": "Koki", "family_driver": "Driver",
    "cleaner": "Cleaning Service", "hospitality_staff": "Pelayan Restoran", "factory_operator": "Operator Mesin",
}


def _key(text):
    return "".join(str(text).lower().split())


def _lookup(table, aliases=None):
    found = {_key(label): code for code, label in table.items()}
    found.update(aliases or {})
    return found


LOOKUPS = {
    "sex": (SEX, _lookup(SEX, SEX_ALIASES)),
    "status_kawin": (STATUS_KAWIN, _lookup(STATUS_KAWIN, STATUS_KAWIN_ALIASES)),
    "pendidikan_kk_id": (PENDIDIKAN_KK, _lookup(PENDIDIKAN_KK, PENDIDIKAN_KK_ALIASES)),
    "kk_level": (KK_LEVEL, _lookup(KK_LEVEL)),
    "status_dasar": (STATUS_DASAR, _lookup(STATUS_DASAR, STATUS_DASAR_ALIASES)),
    "pekerjaan_id": (PEKERJAAN, _lookup(PEKERJAAN)),
}


class UnknownCode(ValueError):
    pass


def code_of(column, value):
    """The code of a coded cell (None when empty or `-`); UnknownCode when neither a code nor a label."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if text in ("", "-"):
        return None
    table, lookup = LOOKUPS[column]
    if text.isdigit():
        if int(text) in table:
            return int(text)
        raise UnknownCode(text)
    code = lookup.get(_key(text))
    if code is None:
        raise UnknownCode(text)
    return code


def is_migrant_job(text):
    words = f" {' '.join(str(text or '').lower().replace('/', ' ').split())} "
    return any(f" {word} " in words for word in MIGRANT_JOB_WORDS)


def is_migrant_status(text):
    value = " ".join(str(text or "").split()).upper()
    return bool(value) and value != NOT_MIGRANT
