"""Reference data of the complaint domain, kept as data (not scattered through code).

Sources:
- Complaint categories and closing reasons: Perban BP2MI 6/2024 on complaint handling (closing reasons are
  its article 30). The category list follows what KOPI/Desbumi volunteers meet in the field. Their legal
  source, dates and waiting times are rules in the rule book (lawbook topics "complaint_category" and
  "closing_reason", shipped in lawbook/data/complaints.json): the services read the version in force; the
  numbers in CATEGORIES are only the fallback when the rule book has none (tests/lawbook keeps them equal).
- Claim types, their reporting articles and required documents: Permenaker 4/2023 on social security for
  migrant workers (BPJS Ketenagakerjaan: JKK work accident, JKM death, JHT old-age savings); reporting of
  work accidents before/after placement is in art. 43-45, during placement art. 46-50 (documents art. 50),
  death benefit documents and the order of heirs art. 57.
- Default service standards (working days per category) are the project's starting values; administrators
  change them in the service-standard screen, and every new case takes the value in force when it arrives.
"""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lawbook import store

# code: (label, default priority, default working days to resolve)
CATEGORIES = {
    "wants_home": (_("Ingin pulang"), "high", 10),
    "unpaid_wages": (_("Gaji tidak dibayar"), "normal", 20),
    "deportation": (_("Deportasi / pemulangan"), "high", 10),
    "failed_departure": (_("Gagal berangkat"), "normal", 20),
    "died_abroad": (_("Meninggal di luar negeri"), "urgent", 10),
    "job_fraud": (_("Penipuan kerja / calo"), "normal", 20),
    "illness": (_("Sakit"), "high", 10),
    "mental_distress": (_("Gangguan jiwa / tekanan mental"), "high", 10),
    "trafficking": (_("Perdagangan orang (TPPO)"), "urgent", 5),
    "pregnant_child": (_("Hamil / memiliki anak"), "high", 14),
    "social_security": (_("Jaminan sosial (BPJS Ketenagakerjaan)"), "normal", 20),
    "contract_mismatch": (_("Pekerjaan tidak sesuai perjanjian kerja"), "normal", 20),
    "employer_violence": (_("Kekerasan oleh majikan"), "urgent", 5),
    "sexual_harassment": (_("Pelecehan seksual"), "urgent", 5),
    "lost_contact": (_("Hilang kontak"), "high", 10),
    "early_dismissal": (_("PHK sebelum kontrak berakhir"), "normal", 20),
    "overcharging": (_("Biaya penempatan berlebih"), "normal", 20),
    "document_withholding": (_("Penahanan dokumen"), "normal", 14),
    "other": (_("Lainnya"), "normal", 20),
}
URGENT_CATEGORIES = frozenset(c for c, (_l, p, _d) in CATEGORIES.items() if p == "urgent")
# Death and repatriation cases get their own checklist and the mission's contacts.
REPATRIATION_CATEGORIES = frozenset({"died_abroad", "deportation"})

DEATH_CHECKLIST = [
    ("death_certificate", _("Surat keterangan kematian dari Perwakilan RI (KBRI/KJRI)")),
    ("body_repatriation", _("Pemulangan jenazah sampai ke rumah duka")),
    ("heirs", _("Ahli waris ditetapkan (surat keterangan ahli waris)")),
    ("jkm_claim", _("Klaim JKM BPJS Ketenagakerjaan diajukan")),
    ("estate", _("Barang peninggalan dan harta almarhum/ah")),
    ("unpaid_wages", _("Sisa gaji dan hak yang belum dibayar")),
]
REPATRIATION_CHECKLIST = [
    ("travel_document", _("Dokumen perjalanan (paspor/SPLP) tersedia")),
    ("ticket", _("Tiket pulang dan penjemputan di bandara/pelabuhan")),
    ("arrival", _("Tiba di daerah asal")),
    ("unpaid_wages", _("Sisa gaji dan hak yang belum dibayar")),
    ("health_check", _("Pemeriksaan kesehatan setelah tiba")),
]
CHECKLISTS = {"died_abroad": DEATH_CHECKLIST, "deportation": REPATRIATION_CHECKLIST}

# What a receiving organisation expects with a referral letter (by accounts.OrganisationKind).
EXPECTED_DOCUMENTS = {
    "bpjs": [_("Kartu peserta BPJS Ketenagakerjaan"), _("Paspor atau KTP pekerja"), _("Kartu keluarga"),
             _("Surat keterangan kejadian (pemberi kerja/Perwakilan RI)"), _("Rekening tabungan")],
    "police": [_("KTP pelapor"), _("Kronologi tertulis"), _("Bukti transfer/kuitansi pembayaran"),
               _("Identitas dan kontak terlapor"), _("Tangkapan layar percakapan")],
    "mission": [_("Paspor pekerja (salinan)"), _("Alamat dan kontak majikan"), _("Perjanjian kerja"),
                _("Kontak keluarga di Indonesia")],
    "upt_bp3mi": [_("Paspor atau KTP pekerja"), _("Perjanjian kerja / perjanjian penempatan"),
                  _("Identitas P3MI"), _("Kronologi tertulis"), _("Surat kuasa bila pengadu bukan pekerja")],
    "kp2mi": [_("Paspor atau KTP pekerja"), _("Perjanjian kerja / perjanjian penempatan"), _("Identitas P3MI"),
              _("Kronologi tertulis"), _("Surat kuasa bila pengadu bukan pekerja")],
    "manpower_office": [_("KTP pekerja"), _("Identitas P3MI dan perekrut"), _("Kronologi tertulis"),
                        _("Bukti pembayaran biaya penempatan")],
    "agency": [_("Paspor pekerja (salinan)"), _("Perjanjian penempatan"), _("Kronologi tertulis")],
    "ngo": [_("Kronologi tertulis"), _("Dokumen pendukung yang ada")],
}
DEFAULT_EXPECTED_DOCUMENTS = [_("Kronologi tertulis"), _("Identitas pekerja"), _("Dokumen pendukung yang ada")]

_JKK_DURING_DOCS = [
    ("card", _("Kartu peserta BPJS Ketenagakerjaan")),
    ("passport", _("Paspor")),
    ("statement", _("Surat keterangan dari pemberi kerja, Perwakilan RI, KDEI atau dinas ketenagakerjaan")),
    ("medical", _("Surat keterangan diagnosa / resume medis dari fasilitas kesehatan")),
    ("transport", _("Bukti biaya transportasi")),
    ("account", _("Rekening tabungan atas nama pekerja atau pihak yang membayar lebih dulu")),
]
_JKK_BEFORE_AFTER_DOCS = [
    ("card", _("Kartu peserta BPJS Ketenagakerjaan")),
    ("identity", _("KTP atau paspor")),
    ("statement", _("Surat keterangan kejadian dari Pelaksana Penempatan atau dinas ketenagakerjaan")),
    ("evidence", _("Bukti kerugian (kuitansi, surat, tangkapan layar)")),
    ("account", _("Rekening tabungan atas nama peserta")),
]
_JKM_DOCS = [
    ("card", _("Kartu peserta BPJS Ketenagakerjaan")),
    ("worker_identity", _("KTP, paspor atau identitas lain pekerja")),
    ("heir_identity", _("KTP atau identitas lain ahli waris")),
    ("family_card", _("Kartu keluarga")),
    ("death_certificate", _("Surat keterangan kematian (dokter/pejabat berwenang/Perwakilan RI/KDEI)")),
    ("heir_statement", _("Surat keterangan ahli waris dari pejabat berwenang")),
    ("heir_account", _("Rekening tabungan atas nama ahli waris yang sah")),
]
_JKM_SCHOLARSHIP_DOCS = _JKM_DOCS + [
    ("child_identity", _("Akta kelahiran / identitas anak")),
    ("school_statement", _("Surat keterangan masih sekolah / kuliah")),
]
_JHT_DOCS = [
    ("card", _("Kartu peserta BPJS Ketenagakerjaan")),
    ("identity", _("KTP atau paspor")),
    ("family_card", _("Kartu keluarga")),
    ("account", _("Rekening tabungan atas nama peserta")),
]

# code: (label, program, phase, article, documents[(code, label)])
CLAIM_TYPES = {
    "jkk_before_failed_departure": (_("JKK sebelum bekerja: gagal berangkat bukan karena kesalahan CPMI"),
                                    "JKK", "before", "Pasal 45", _JKK_BEFORE_AFTER_DOCS),
    "jkk_before_accident": (_("JKK sebelum bekerja: kecelakaan kerja"), "JKK", "before", "Pasal 43-44",
                            _JKK_BEFORE_AFTER_DOCS),
    "jkk_during_accident": (_("JKK selama bekerja: kecelakaan kerja / penyakit akibat kerja"), "JKK", "during",
                            "Pasal 46-50", _JKK_DURING_DOCS),
    "jkk_during_failed_placement": (_("JKK selama bekerja: gagal ditempatkan bukan karena kesalahan PMI"), "JKK",
                                    "during", "Pasal 46-50", _JKK_DURING_DOCS),
    "jkk_during_contract_mismatch": (_("JKK selama bekerja: pekerjaan tidak sesuai perjanjian kerja"), "JKK",
                                     "during", "Pasal 46-50", _JKK_DURING_DOCS),
    "jkk_during_dismissal": (_("JKK selama bekerja: PHK sepihak"), "JKK", "during", "Pasal 46-50", _JKK_DURING_DOCS),
    "jkk_during_troubled_return": (_("JKK selama bekerja: pemulangan bermasalah"), "JKK", "during", "Pasal 46-50",
                                   _JKK_DURING_DOCS),
    "jkk_during_rape": (_("JKK selama bekerja: pemerkosaan / pelecehan seksual"), "JKK", "during", "Pasal 50",
                        _JKK_DURING_DOCS),
    "jkk_during_violence": (_("JKK selama bekerja: kekerasan fisik"), "JKK", "during", "Pasal 50",
                            _JKK_DURING_DOCS),
    "jkk_after_return_loss": (_("JKK setelah bekerja: kerugian dalam perjalanan pulang ke daerah asal"), "JKK",
                              "after", "Pasal 45", _JKK_BEFORE_AFTER_DOCS),
    "jkk_after_accident": (_("JKK setelah bekerja: kecelakaan kerja"), "JKK", "after", "Pasal 43-44",
                           _JKK_BEFORE_AFTER_DOCS),
    "jkm_death": (_("JKM: santunan kematian"), "JKM", "any", "Pasal 57", _JKM_DOCS),
    "jkm_scholarship": (_("JKM: beasiswa pendidikan anak"), "JKM", "any", "Pasal 57", _JKM_SCHOLARSHIP_DOCS),
    "jht": (_("JHT: jaminan hari tua"), "JHT", "any", "Bab VII Bagian JHT", _JHT_DOCS),
}

# Order of heirs for JKM (Permenaker 4/2023 art. 57(4)): spouse or children first, then in this order.
HEIR_ORDER = [
    ("spouse_or_child", _("Janda, duda, atau anak")),
    ("lineal", _("Keturunan sedarah garis lurus ke atas/ke bawah sampai derajat kedua")),
    ("sibling", _("Saudara kandung")),
    ("in_law", _("Mertua")),
    ("testament", _("Pihak yang ditunjuk dalam wasiat peserta")),
]

# Consent text shown on the public form and on staff intake; its version is stored with every consent.
CONSENT_VERSION = "2026-01"
CONSENT_PROCESS_TEXT = _(
    "Saya menyetujui data dalam pengaduan ini diolah oleh pemerintah desa dan pendamping untuk menangani "
    "pengaduan, sesuai UU 27/2022 tentang Pelindungan Data Pribadi. Saya dapat meminta salinan atau "
    "penghapusan data saya."
)
CONSENT_SHARE_TEXT = _(
    "Saya menyetujui data pengaduan ini dibagikan kepada lembaga rujukan (misalnya Disnaker, UPT BP3MI, "
    "BPJS Ketenagakerjaan, Perwakilan RI, kepolisian) bila diperlukan untuk menyelesaikan kasus."
)


def closing_basis(on=None):
    """One sentence naming the legal source of the closing reasons in force, and saying so when it is disputed."""
    on = on or timezone.localdate()
    laws = [law for law in store.rules("closing_reason", on).values() if law.source.article]
    if not laws:
        return ""
    law = laws[0]
    text = gettext("Dasar: %(source)s.") % {"source": f"{law.source.instrument} {law.source.article}"}
    if any(item.disputed for item in laws):
        contra = "; ".join(sorted({str(s) for item in laws for s in item.contra_sources.all()}))
        text += " " + gettext("Status hukum diperdebatkan: %(contra)s.") % {"contra": contra}
    return text
