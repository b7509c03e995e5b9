"""Demo: the referral directory, a BPJS Ketenagakerjaan staff account, and ~60 cases in the four Blitar
villages over all categories and states, built through cases.services so every rule and audit entry holds.
Idempotent: a second run adds nothing."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, VILLAGES
from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from migrants.models import Placement

from . import reference, services
from .models import Case, ClaimStatus, CloseReason, EntryKind, Status

BLITAR = "35.05"

# name, kind, region, country, address (missions: the address of the post; phone numbers are left for
# the district to fill from the official directory rather than guessed here)
DIRECTORY = [
    ("Dinas Tenaga Kerja Kabupaten Blitar", OrganisationKind.MANPOWER_OFFICE, BLITAR, "", ""),
    ("UPT BP3MI Jawa Timur", OrganisationKind.UPT_BP3MI, "35", "", "Surabaya"),
    ("KP2MI", OrganisationKind.KP2MI, None, "", "Jakarta"),
    ("BPJS Ketenagakerjaan Blitar", OrganisationKind.BPJS, BLITAR, "", "Blitar"),
    ("Polres Blitar", OrganisationKind.POLICE, BLITAR, "", "Blitar"),
    ("KJRI Hong Kong", OrganisationKind.MISSION, None, "HK", "127-129 Leighton Road, Causeway Bay, Hong Kong"),
    ("KDEI Taipei", OrganisationKind.MISSION, None, "TW", "Taipei, Taiwan"),
    ("KBRI Kuala Lumpur", OrganisationKind.MISSION, None, "MY", "233 Jalan Tun Razak, Kuala Lumpur"),
    ("KBRI Singapura", OrganisationKind.MISSION, None, "SG", "7 Chatsworth Road, Singapura"),
    ("KBRI Riyadh", OrganisationKind.MISSION, None, "SA", "Diplomatic Quarter, Riyadh"),
    ("KBRI Seoul", OrganisationKind.MISSION, None, "KR", "Seoul, Korea Selatan"),
    ("SBMI (Serikat Buruh Migran Indonesia)", OrganisationKind.NGO, None, "", ""),
    ("Migrant CARE", OrganisationKind.NGO, None, "", "Jakarta"),
]
BPJS_USER = ("staf.bpjs", "Petugas BPJS Ketenagakerjaan Blitar")

WORKERS = ["Sri Wahyuni", "Siti Khotijah", "Lilik Suryani", "Tutik Handayani", "Anik Rahayu", "Nur Hasanah",
           "Endah Susanti", "Sumiati", "Yuli Astutik", "Puji Lestari", "Dwi Rahmawati", "Eko Prasetyo",
           "Agus Salim", "Mariyam", "Sulastri", "Rini Wulandari", "Umi Kulsum", "Winarti", "Suparmi", "Indah Sari"]
COMPLAINANTS = [("Sutrisno", "suami"), ("Mbok Painem", "ibu"), ("Joko Santoso", "kakak"), ("Sri Utami", "adik"),
                ("Ahmad Fauzi", "suami"), ("Karsini", "ibu")]
COUNTRIES = ["HK", "TW", "MY", "SG", "SA", "KR"]
AGENCIES = ["PT Sinar Harapan Mandiri", "PT Duta Karya Utama", "PT Bina Tenaga Sejahtera", ""]
STORIES = {
    "wants_home": "Pekerja menelepon keluarga, ingin pulang karena beban kerja berat dan majikan menolak.",
    "unpaid_wages": "Gaji beberapa bulan belum dibayar majikan; pekerja hanya menerima uang makan.",
    "deportation": "Pekerja ditahan imigrasi karena izin tinggal habis dan akan dideportasi.",
    "failed_departure": "Sudah membayar dan mengikuti pelatihan, tetapi keberangkatan dibatalkan tanpa kejelasan.",
    "died_abroad": "Keluarga menerima kabar pekerja meninggal di negara penempatan; perlu pemulangan jenazah.",
    "job_fraud": "Calo menjanjikan pekerjaan di pabrik, menerima uang, lalu tidak bisa dihubungi.",
    "illness": "Pekerja sakit dan dirawat, majikan tidak menanggung biaya pengobatan.",
    "mental_distress": "Pekerja menunjukkan tanda depresi berat menurut teman sekamarnya.",
    "trafficking": "Pekerja dipindahkan ke negara lain tanpa persetujuan dan paspornya diambil.",
    "pregnant_child": "Pekerja hamil dan khawatir kehilangan pekerjaan; perlu pendampingan.",
    "social_security": "Keluarga tidak tahu cara mencairkan manfaat BPJS Ketenagakerjaan setelah kecelakaan.",
    "contract_mismatch": "Pekerjaan berbeda dari perjanjian kerja: merawat lansia dan menjaga toko sekaligus.",
    "employer_violence": "Pekerja dipukul majikan; ada foto luka yang dikirim lewat WhatsApp.",
    "sexual_harassment": "Pekerja mengalami pelecehan oleh anggota keluarga majikan.",
    "lost_contact": "Sudah empat bulan keluarga tidak bisa menghubungi pekerja.",
    "early_dismissal": "Kontrak diputus sepihak setelah lima bulan, tanpa pesangon dan tiket pulang.",
    "overcharging": "Dipotong biaya penempatan jauh di atas ketentuan, tujuh bulan gaji.",
    "document_withholding": "Paspor dan perjanjian kerja ditahan agensi.",
    "other": "Meminta informasi tentang hak-hak pekerja migran yang kontraknya diperpanjang.",
}
# Target state and how to get there from "received".
PATHS = {
    "received": [],
    "verified": [Status.VERIFIED],
    "in_progress": [Status.VERIFIED, Status.IN_PROGRESS],
    "clarification": [Status.CLARIFICATION],
    "settlement": [Status.VERIFIED, Status.IN_PROGRESS, Status.SETTLEMENT],
    "mediation": [Status.VERIFIED, Status.IN_PROGRESS, Status.MEDIATION],
    "sanction": [Status.VERIFIED, Status.IN_PROGRESS, Status.SANCTION],
    "litigation": [Status.VERIFIED, Status.IN_PROGRESS, Status.LITIGATION],
    "resolved": [Status.VERIFIED, Status.IN_PROGRESS, Status.SETTLEMENT, Status.RESOLVED],
    "closed": [Status.CLOSED],
}
TARGETS = list(PATHS) + ["referred", "resolved", "in_progress", "referred"]
# Villages whose operators keep to the service standard: every case past its due date was finished by it, so
# the readiness table (governance.readiness, "cases") shows them ready; the other two show late cases.
ON_TIME = {VILLAGES["jatinom"], VILLAGES["gogodeso"]}
FINISHED = (Status.RESOLVED, Status.CLOSED)


def _directory(stdout):
    orgs = {}
    for name, kind, region, country, address in DIRECTORY:
        org, _created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "region_id": region, "country": country, "address": address})
        orgs[name] = org
    user, created = User.objects.get_or_create(username=BPJS_USER[0], defaults={"full_name": BPJS_USER[1]})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    # No region: an organisation user's scope is what is referred to the organisation, nothing more.
    Membership.objects.get_or_create(user=user, role=Role.ORGANISATION_STAFF, region=None,
                                     defaults={"organisation": orgs["BPJS Ketenagakerjaan Blitar"]})
    return orgs


def _placements(code):
    return list(Placement.objects.filter(village_id=code).select_related("person")[:5])


@transaction.atomic
def load(stdout):
    orgs = _directory(stdout)
    codes = list(VILLAGES.values())
    if Case.objects.filter(village_id__in=codes, channel__in=["web", "phone", "whatsapp", "in_person"],
                           complainant_email__endswith="@contoh.id").count() >= 60:
        stdout.write("  kasus demo sudah ada")
        _print_login(stdout)
        return
    rng = random.Random(2026)
    operators = {code: User.objects.get(username=f"operator.{name}") for name, code in VILLAGES.items()}
    volunteer = User.objects.filter(username="relawan.kopi").first()
    officer = User.objects.get(username="petugas.blitar")
    bpjs_user = User.objects.get(username=BPJS_USER[0])
    categories = list(reference.CATEGORIES)
    today = timezone.localdate()
    made = 0
    for i in range(60):
        category = categories[i % len(categories)]
        target = TARGETS[i % len(TARGETS)]
        code = codes[i % len(codes)]
        actor = operators[code]
        if volunteer and code != VILLAGES["sumberagung"] and i % 3 == 0:
            actor = volunteer
        age = 5 + (i * 37) % 230  # days ago, spread over about eight months
        received = timezone.now() - dt.timedelta(days=age, hours=rng.randint(0, 8))
        worker = WORKERS[i % len(WORKERS)]
        complainant, relation = COMPLAINANTS[i % len(COMPLAINANTS)]
        placement = None
        placements = _placements(code)
        if placements and i % 4 == 0:
            placement = placements[i % len(placements)]
        if placement is not None:
            worker = services._person_name(placement.person)
        consent_share = target != "clarification" and i % 7 != 3
        case = services.intake_case(
            actor, village=code, category=category, description=STORIES[category], placement=placement,
            channel=["in_person", "whatsapp", "phone", "web"][i % 4], received_at=received,
            complainant_name=complainant, complainant_relation=relation, complainant_role="family",
            complainant_phone=f"08{rng.randint(1100000000, 5999999999)}", complainant_email=f"pengadu{i}@contoh.id",
            worker_name=worker, destination_country=COUNTRIES[i % len(COUNTRIES)],
            agency_name=AGENCIES[i % len(AGENCIES)], consent_process=True, consent_share=consent_share,
            handler=operators[code] if i % 5 else None,
        )
        made += 1
        on_time = code in ON_TIME or i % 2 == 0
        if code in ON_TIME and case.due_date < today and target in ("closed", "clarification", "verified",
                                                                        "in_progress", "settlement", "mediation",
                                                                        "sanction", "litigation", "received"):
            target = "resolved"  # old enough to be past its standard: this village finished it in time
        services.add_entry(actor, case, EntryKind.CALL, "Menelepon pengadu untuk melengkapi kronologi.",
                           at=received + dt.timedelta(days=1))
        if i % 3 == 0:
            services.add_entry(actor, case, EntryKind.VISIT, "Kunjungan rumah; salinan paspor dan perjanjian "
                                                             "kerja dicatat.", at=received + dt.timedelta(days=3))
        if target == "referred":
            org = orgs["BPJS Ketenagakerjaan Blitar" if category in ("social_security", "died_abroad")
                       else "UPT BP3MI Jawa Timur"]
            if not consent_share:
                services.refer_case(officer, case, org, request="Mohon penanganan sesuai kewenangan.",
                                    override_reason="Pengadu sedang di luar negeri; persetujuan menyusul.")
            else:
                services.refer_case(actor, case, org, request="Mohon penanganan sesuai kewenangan.")
            if code in ON_TIME and case.due_date < today:
                case = services.transition(actor, case, Status.RESOLVED, today=today,
                                           outcome_note="Ditangani instansi rujukan; pengadu menerima hasilnya.")
                _backdate_finish(case, True, rng, today)
            continue
        for step in PATHS[target]:
            kwargs = {}
            if step == Status.RESOLVED:
                kwargs = {"wages_recovered": rng.choice([0, 7_500_000, 18_000_000]),
                          "documents_returned": category == "document_withholding",
                          "repatriated": category in ("wants_home", "deportation"),
                          "outcome_note": "Diselesaikan melalui mediasi dengan P3MI."}
            if step == Status.CLOSED:
                if age >= 30:
                    kwargs = {"close_reason": CloseReason.DOCS_INCOMPLETE}
                else:
                    kwargs = {"close_reason": CloseReason.OTHER, "close_note": "Pengadu mencabut pengaduan."}
            case = services.transition(actor, case, step, today=today, **kwargs)
        if case.status in FINISHED:
            _backdate_finish(case, on_time, rng, today)
        # Referrals in progress on cases being handled, answered by the organisations.
        if case.is_open and consent_share and target in ("mediation", "settlement"):
            org = orgs[["Dinas Tenaga Kerja Kabupaten Blitar", "BPJS Ketenagakerjaan Blitar",
                        "SBMI (Serikat Buruh Migran Indonesia)"][i % 3]]
            referral = services.refer_case(actor, case, org, request="Mohon dukungan penanganan kasus.")
            if org.kind == OrganisationKind.BPJS:
                services.answer_referral(bpjs_user, referral, accept=True, external_reference=f"BPJS-BLT-{100 + i}")
        # Claims for deaths, accidents, violence and social-security complaints.
        if category in ("died_abroad", "social_security", "employer_violence", "failed_departure"):
            claim_type = {"died_abroad": "jkm_death", "social_security": "jkk_during_accident",
                          "employer_violence": "jkk_during_violence",
                          "failed_departure": "jkk_before_failed_departure"}[category]
            fields = {"membership_number": f"{rng.randint(10**10, 10**11 - 1)}",
                      "incident_date": timezone.localdate(received) - dt.timedelta(days=7)}
            if claim_type == "jkm_death":
                fields.update(heir_name=complainant, heir_rank="spouse_or_child", heir_relation=relation)
            claim = services.open_claim(actor, case, claim_type, **fields)
            if i % 2 == 0:
                for document in claim.documents.all():
                    services.set_claim_document(actor, document, True)
                services.set_claim_status(actor, claim, ClaimStatus.SUBMITTED,
                                          on=timezone.localdate(received) + dt.timedelta(days=10))
                if target == "resolved":
                    services.set_claim_status(actor, claim, ClaimStatus.PAID, amount_paid=85_000_000)
        if category == "died_abroad":
            for item in case.checklist.all()[:2]:
                services.set_checklist_item(actor, item, True)
    stdout.write(f"  {made} kasus demo, {len(orgs)} lembaga rujukan")
    _print_login(stdout)


def _backdate_finish(case, on_time, rng, today):
    """The services stamp a finish "now"; a demo case received months ago was finished back then: within its
    due date when `on_time`, else some days after it. Its status entries are spread over the handling time."""
    received = timezone.localdate(case.received_at)
    span = max(1, (case.due_date - received).days)
    if on_time:
        day = received + dt.timedelta(days=rng.randint(min(4, span), span))
    else:
        day = case.due_date + dt.timedelta(days=rng.randint(3, 30))
    finished = dt.datetime.combine(min(day, today), dt.time(14, rng.randint(0, 59)), timezone.get_current_timezone())
    # Never in the future (today at 14:xx may still be ahead), never before the case was received.
    finished = max(min(finished, timezone.now()), case.received_at + dt.timedelta(hours=1))
    if case.status == Status.RESOLVED:
        case.resolved_at = finished
    else:
        case.closed_at = finished
    case.save()
    entries = list(case.timeline.filter(kind=EntryKind.STATUS).order_by("at", "id"))
    for k, entry in enumerate(entries, start=1):
        entry.at = case.received_at + (finished - case.received_at) * k / len(entries)
        entry.save()


def _print_login(stdout):
    stdout.write(f"  Akun lembaga rujukan: {BPJS_USER[0]} / {DEMO_PASSWORD} ({BPJS_USER[1]}, "
                 "hanya melihat kasus yang dirujuk ke BPJS Ketenagakerjaan Blitar)")
