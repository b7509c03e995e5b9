"""Demo registry: about 200 people and placements over the four Blitar demo villages, covering every state
and every risk flag. Idempotent: a second run adds nothing. Names, NIKs and agencies are fictional.

The dates tell one story: a placement was registered, then verified by its village's operator (who and when, as
`services.verify_placement` records it), then departed; registrations and verifications are spread over the past
months so the monthly figures ("Calon PMI terdaftar", "Calon PMI terverifikasi") are not all in the load's month.
A non-procedural placement and half of the cancelled ones were never verified."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

# Village code -> the NIK district prefix of its kecamatan.
VILLAGES = {code: code.replace(".", "")[:6] for code in ("35.05.10.2002", "35.05.10.2003", "35.05.12.2001",
                                                         "35.05.15.2001")}
FIRST_F = ["Siti", "Sri", "Rina", "Dewi", "Sulastri", "Yuli", "Nur", "Wahyuni", "Tutik", "Umi", "Lilik", "Endah",
           "Suprihatin", "Kasiyati", "Anik", "Erna"]
FIRST_M = ["Agus", "Budi", "Joko", "Slamet", "Eko", "Heru", "Yanto", "Dwi", "Imam", "Sugeng", "Bambang", "Wawan"]
LAST = ["Rahayu", "Lestari", "Wulandari", "Susanti", "Purnomo", "Santoso", "Hidayat", "Setiawan", "Mulyani",
        "Handayani", "Kurniawan", "Prasetyo", "Maryati", "Ningsih"]
DUSUN = ["Krajan", "Sumberejo", "Ngrejo", "Tegalrejo", "Kedungrejo"]
MARKER_AGENCY = "PT Demo Sejahtera Abadi"


def load(stdout):
    from migrants.models import Agency

    if Agency.objects.filter(name=MARKER_AGENCY).exists():
        stdout.write("migrants: demo data already present")
        return
    from regions.models import Region

    present = set(Region.objects.filter(code__in=list(VILLAGES)).values_list("code", flat=True))
    if not present:
        stdout.write("migrants: demo villages missing (run load_regions --only 35.05 first); skipped")
        return
    with transaction.atomic():
        counts = _load([code for code in VILLAGES if code in present])
    stdout.write(f"migrants: {counts['people']} people, {counts['placements']} placements, "
                 f"{counts['agencies']} agencies")


def _nik(district, birth, sex, serial):
    day = birth.day + (40 if sex == "F" else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


# Statuses a placement reaches only after the village verified it (when it went through the procedure).
VERIFIED_STATUSES = ("verified", "process", "ready", "departed", "working", "returned", "returnee", "failed",
                     "deceased", "deported")


def _operators():
    from accounts.demo import VILLAGES as NAMES
    from accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__startswith="operator.")}
    return {code: users.get(f"operator.{name}") for name, code in NAMES.items()}


def _history_dates(placement, departure, today, rng, operator):
    """Verification (who, when) for a placement past 'interest' that went through the village, and a
    registration date before it: verified 2 weeks to 5 months before departure (or before today)."""
    d = datetime.timedelta
    base = departure if departure and departure <= today else today
    verified = None
    if placement.status in VERIFIED_STATUSES and not placement.non_procedural and operator is not None:
        verified = base - d(days=rng.randint(14, 150))
    elif placement.status == "cancelled" and rng.random() < 0.5 and operator is not None:
        verified = base - d(days=rng.randint(14, 150))
    registered = (verified or base) - d(days=rng.randint(3, 45))
    tz = timezone.get_current_timezone()
    if verified is not None:
        placement.verified_by = operator
        placement.verified_at = datetime.datetime.combine(verified, datetime.time(9, rng.randint(0, 59)), tz)
    # created_at is set on insert (auto_now_add): moved back by a second save of that column only.
    placement.created_at = datetime.datetime.combine(registered, datetime.time(8, rng.randint(0, 59)), tz)
    placement.save(update_fields=["verified_by", "verified_at", "created_at"])
    person = placement.person
    person.created_at = placement.created_at
    person.save(update_fields=["created_at"])


def _load(villages):
    from migrants import services
    from migrants.models import (
        Agency,
        Channel,
        Collector,
        ContactLog,
        CostComponent,
        DocumentKind,
        DocumentStatus,
        Recruiter,
        Status,
    )
    from people.models import FamilyContact, Person

    rng = random.Random(20260501)
    today = timezone.localdate()
    d = datetime.timedelta
    agencies = [
        Agency.objects.create(name=MARKER_AGENCY, licence_number="SIP3MI/DEMO/001", address="Surabaya",
                              licence_valid_from=today - d(days=3000), licence_valid_until=today + d(days=900)),
        Agency.objects.create(name="PT Demo Karya Mandiri", licence_number="SIP3MI/DEMO/002", address="Malang",
                              licence_valid_from=today - d(days=3000), licence_valid_until=today + d(days=400)),
        Agency.objects.create(name="PT Demo Bina Tenaga (izin habis)", licence_number="SIP3MI/DEMO/003",
                              address="Blitar", licence_valid_from=today - d(days=2000),
                              licence_valid_until=today - d(days=120)),
        Agency.objects.create(name="PT Demo Cahaya (izin dicabut)", licence_number="SIP3MI/DEMO/004",
                              address="Tulungagung", licence_valid_from=today - d(days=700),
                              licence_valid_until=today + d(days=1000), licence_revoked=True),
    ]
    good, other, expired, revoked = agencies
    recruiters = [
        Recruiter.objects.create(name="Pak Sponsor Demo", phone="+6281200000001", claimed_agency=good),
        Recruiter.objects.create(name="Bu Calo Demo", phone="+6281200000002", claimed_agency=expired),
        Recruiter.objects.create(name="Mas Perantara Demo", phone="+6281200000003"),
    ]
    # (status, scenario) — every state, every flag; the rest are ordinary lawful placements.
    plan = []
    scenarios = ["clean", "clean", "clean", "under_age", "agency_unlicensed", "moratorium", "document_missing",
                 "passport_expiring", "no_social_security", "overcharging", "lost_contact", "non_procedural"]
    for status in Status:
        for _i in range(16):
            plan.append((status, scenarios[len(plan) % len(scenarios)]))
    # ~200 in total: 12 states × 16 = 192 plus a few people without a placement yet.
    people_created = placements_created = 0
    operators = _operators()
    serial = 9000
    for index, (status, scenario) in enumerate(plan + [(None, "none")] * 8):
        village = villages[index % len(villages)]
        sex = "F" if rng.random() < 0.7 else "M"
        first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
        name = f"{first} {rng.choice(LAST)}"
        age_days = rng.randint(20 * 365, 42 * 365)
        birth = today - d(days=age_days)
        departure = _departure_for(status, today, rng)
        if scenario == "under_age":
            birth = (departure or today) - d(days=17 * 365 + 30)
        serial += 1
        person = Person(
            village_id=village, nik=_nik(VILLAGES[village], birth, sex, serial),
            kk=f"{VILLAGES[village]}{rng.randint(10, 99)}0101{serial:04d}", name=name, sex=sex,
            birth_place="Blitar", birth_date=birth, dusun=rng.choice(DUSUN), rt=f"{rng.randint(1, 9):03d}",
            rw=f"{rng.randint(1, 5):03d}", phone=f"+62812{rng.randint(10000000, 99999999)}",
            marital_status=rng.choice(["single", "married", "married", "divorced"]),
            education=rng.choice(["sd", "smp", "sma", "sma"]),
        )
        person.save()
        people_created += 1
        FamilyContact.objects.create(person=person, name=f"{rng.choice(FIRST_M)} (keluarga)",
                                     relationship=rng.choice(["parent", "spouse", "sibling"]),
                                     phone=f"+62813{rng.randint(10000000, 99999999)}", is_primary=True)
        if status is None:
            continue
        placement = _placement(person, status, scenario, departure, today, rng, agencies, recruiters)
        placements_created += 1
        _history_dates(placement, departure, today, rng, operators.get(village))
        services.ensure_checklist(placement)
        _documents(placement, status, scenario, today, rng, DocumentKind, DocumentStatus, operators.get(village))
        if scenario == "overcharging":
            for component, amount in ((CostComponent.AGENCY_FEE, 15_000_000), (CostComponent.TRAINING, 3_500_000)):
                placement.costs.create(component=component, amount=amount, collected_by=Collector.RECRUITER,
                                       collector_name=recruiters[1].name, paid_on=(departure or today) - d(days=60))
        elif rng.random() < 0.2:
            placement.costs.create(component=CostComponent.OTHER, amount=250_000, collected_by=Collector.OTHER,
                                   collector_name="Fotokopi dan materai", receipt_number=f"KW-{serial}")
        if status in (Status.DEPARTED, Status.WORKING, Status.RETURNED, Status.RETURNEE):
            last = today - d(days=200 if scenario == "lost_contact" else rng.randint(3, 60))
            if departure and last > departure:
                ContactLog.objects.create(placement=placement, contacted_on=last, channel=Channel.WHATSAPP,
                                          contact_with=person.name, note="Kabar baik, gaji diterima.")
        services.recompute_flags(placement)
    return {"people": people_created, "placements": placements_created, "agencies": len(agencies)}


def _departure_for(status, today, rng):
    d = datetime.timedelta
    if status in ("interest", "verified", "process", "cancelled", "failed"):
        return None if rng.random() < 0.5 else today + d(days=rng.randint(5, 25))
    if status == "ready":
        return today + d(days=rng.randint(1, 20))
    if status == "departed":
        return today - d(days=rng.randint(1, 25))
    if status == "working":
        return today - d(days=rng.randint(100, 700))
    return today - d(days=rng.randint(800, 1500))


def _placement(person, status, scenario, departure, today, rng, agencies, recruiters):
    from migrants.models import Placement, Status

    d = datetime.timedelta
    good, other, expired, revoked = agencies
    options = [("HK", "domestic", "housekeeper", "household"), ("TW", "caregiver", "elderly_carer", "household"),
               ("MY", "plantation", "farm_worker", "company"), ("TW", "factory", "factory_operator", "company"),
               ("SG", "domestic", "babysitter", "household"), ("KR", "fishing", "fishing_crew", "vessel"),
               ("JP", "caregiver", "nurse", "company")]
    country, sector, position, employer_type = rng.choice(options)
    scheme, agency = "p2p", rng.choice([good, other])
    if scenario == "moratorium":
        country, sector, position, employer_type = "AE", "domestic", "housekeeper", "household"
    if scenario == "agency_unlicensed":
        agency = rng.choice([expired, revoked])
    if scenario == "overcharging":
        position, sector, employer_type = "housekeeper", "domestic", "household"
    if scenario == "clean" and rng.random() < 0.2:
        country, scheme, sector, position, employer_type = "SA", "spsk", "domestic", "housekeeper", "household"
    if country == "KR" and scenario == "clean":
        scheme, agency = "g2g", None
    start = (departure or today + d(days=30)) + d(days=3)
    end = start + d(days=730)
    if status == Status.WORKING and rng.random() < 0.35:
        end = today + d(days=rng.randint(1, 29))  # due back soon
    if status == Status.WORKING and rng.random() < 0.15:
        end = today - d(days=rng.randint(5, 90))  # overdue
    placement = Placement(
        person=person, village_id=person.village_id, status=status, destination_country=country, sector=sector,
        position=position, employer_type=employer_type, scheme=scheme, agency=agency,
        recruiter=recruiters[1] if scenario in ("overcharging", "agency_unlicensed") else rng.choice(
            [None, recruiters[0], recruiters[2]]),
        employer_name=f"Employer {rng.randint(100, 999)}", contract_start=start, contract_end=end,
        departure_date=departure, expected_return=end,
        actual_return=(end + d(days=rng.randint(1, 20))) if status in (Status.RETURNED, Status.RETURNEE) else None,
        lost_contact=scenario == "lost_contact" and status in (Status.DEPARTED, Status.WORKING),
        non_procedural=scenario == "non_procedural",
        national_id_ref=f"SISKO-DEMO-{person.pk:05d}" if status not in (Status.INTEREST,) else "",
        status_note={"failed": "Tidak lolos pemeriksaan kesehatan.", "cancelled": "Mengundurkan diri.",
                     "deceased": "Meninggal dunia karena sakit; jenazah dipulangkan.",
                     "deported": "Dideportasi karena dokumen tidak sah."}.get(status, ""),
    )
    if scenario == "under_age" and placement.departure_date is None:
        placement.departure_date = departure or today + d(days=10)
    placement.save()
    return placement


def _documents(placement, status, scenario, today, rng, DocumentKind, DocumentStatus, operator=None):
    d = datetime.timedelta
    advanced = status not in ("interest",)
    for doc in placement.documents.all():
        if not advanced:
            if rng.random() < 0.3:
                doc.status = DocumentStatus.SUBMITTED
                doc.save()
            continue
        if scenario == "document_missing" and doc.kind in (DocumentKind.VISA, DocumentKind.HEALTH):
            continue
        if scenario == "no_social_security" and doc.kind == DocumentKind.BPJS:
            continue
        if status in ("verified", "process") and doc.kind in (DocumentKind.VISA, DocumentKind.EMPLOYMENT_CONTRACT,
                                                              DocumentKind.ORIENTATION) and scenario == "clean":
            doc.status = DocumentStatus.SUBMITTED
            doc.save()
            continue
        doc.status = DocumentStatus.VERIFIED
        doc.number = f"{doc.kind.upper()}-{placement.pk:05d}"
        doc.issued_on = today - d(days=rng.randint(30, 300))
        # Verified by the village operator some days after it was issued (never in the future).
        checked = min(today, doc.issued_on + d(days=rng.randint(3, 20)))
        doc.verified_by = operator
        doc.verified_at = datetime.datetime.combine(checked, datetime.time(10), timezone.get_current_timezone())
        if doc.kind == DocumentKind.PASSPORT:
            doc.number = f"C{rng.randint(1000000, 9999999)}"
            ends = placement.contract_end or today
            doc.expires_on = ends - d(days=90) if scenario == "passport_expiring" else ends + d(days=900)
        doc.save()
