"""National-scale synthetic data for benchmarks and demos (`manage.py generate_demo --scale national`).

Realistic skew: most migrants come from a few provinces (Jawa Timur, Jawa Tengah, Jawa Barat, NTB, Lampung)
and, inside a province, from a minority of "pocket" villages; every village still gets at least one person.
Rows are written with PostgreSQL COPY (psycopg 3) with explicit ids; other databases get executemany.
NIK is encrypted with `core.crypto` (about 20 µs a value) and a person's hidden columns come from
`Person.hidden_columns`, so the data looks exactly like data the application wrote.
"""

import json
import random
import time
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from django.db import connection, transaction

PROVINCE_WEIGHTS = {"35": 0.24, "33": 0.19, "32": 0.18, "52": 0.12, "18": 0.07}  # the rest share 0.20

DESTINATIONS = [("TW", 30), ("HK", 22), ("MY", 20), ("SA", 6), ("SG", 6), ("KR", 5), ("JP", 5), ("AE", 2),
                ("BN", 2), ("QA", 1), ("PL", 1)]
SECTOR_BY_COUNTRY = {
    "TW": [("caregiver", 50), ("factory", 30), ("fishing", 10), ("domestic", 10)],
    "HK": [("domestic", 85), ("caregiver", 15)],
    "MY": [("plantation", 45), ("factory", 25), ("domestic", 20), ("construction", 10)],
    "SA": [("domestic", 80), ("hospitality", 20)],
    "SG": [("domestic", 80), ("hospitality", 20)],
    "KR": [("factory", 70), ("fishing", 30)],
    "JP": [("factory", 50), ("caregiver", 30), ("construction", 20)],
}
SCHEMES = [("p2p", 80), ("g2g", 8), ("individual", 8), ("company", 3), ("spsk", 1)]
STATUSES = [("interest", 4), ("verified", 4), ("process", 5), ("ready", 2), ("departed", 5), ("working", 40),
            ("returned", 12), ("returnee", 18), ("failed", 5), ("cancelled", 3), ("deceased", 1), ("deported", 1)]
PROSPECTIVE = {"interest", "verified", "process", "ready"}
ABROAD = {"departed", "working"}
BACK = {"returned", "returnee", "deceased", "deported"}
ENROLMENT_STATES = ["enrolled", "completed", "completed", "dropped"]


def _weighted(pairs):
    values = [v for v, _w in pairs]
    cum, total = [], 0
    for _v, w in pairs:
        total += w
        cum.append(total)
    return values, cum


class Writer:
    """COPY on PostgreSQL, executemany elsewhere; ids are given by us and sequences moved past them."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.pg = connection.vendor == "postgresql"

    def encrypted(self, model, given, rows):
        """Values given for encrypted columns (a case's story) are written as the application writes them."""
        from core.crypto import EncryptedField

        at = {i for i, name in enumerate(given) if isinstance(model._meta.get_field(name), EncryptedField)}
        return (_encrypt_at(row, at) for row in rows) if at else rows

    def columns(self, model, given):
        """Every concrete column: the given ones, the rest filled with the field's default."""
        cols, fill = [], []
        for f in model._meta.concrete_fields:
            if f.attname in given:
                continue
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.blank:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{f.name} has no default: give it")
            if isinstance(value, dict | list):
                value = json.dumps(value)
            cols.append(f.column)
            fill.append(value)
        return [model._meta.get_field(g).column for g in given] + cols, tuple(fill)

    def write(self, model, given, rows, quiet=False):
        cols, fill = self.columns(model, given)
        rows = self.encrypted(model, given, rows)
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in cols)
        n = 0
        started = time.monotonic()
        with connection.cursor() as cursor:
            if self.pg:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + fill)
                        n += 1
            else:
                sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(cols))})"
                batch = []
                for row in rows:
                    batch.append(row + fill)
                    n += 1
                    if len(batch) == 5000:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
            if self.pg:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
                               f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
        if not quiet:
            self.stdout.write(f"  {model._meta.label}: {n:,} baris dalam {time.monotonic() - started:.1f} s")
        return n

    def write_sealed(self, model, given, rows, subject_type, chunk=20_000):
        """Rows of records holding a subject's personal data (the subject's id first in each row), written as the
        application writes them (issue 19): each subject gets its own data key (core.datakeys.create_keys) and
        the encrypted columns are sealed under it, so the synthetic people and cases are erasable like real ones.
        Rows go in chunks: the keys of one chunk are written before its rows (two COPYs cannot interleave on one
        connection) and only one chunk's keys are held in memory."""
        from core.crypto import EncryptedField
        from core.datakeys import create_keys, seal_token

        at = [i for i, name in enumerate(given) if isinstance(model._meta.get_field(name), EncryptedField)]
        started, n, batch = time.monotonic(), 0, []

        def flush():
            keys = create_keys(subject_type, [row[0] for row in batch])
            sealed = []
            for row in batch:
                key, row = keys[row[0]], list(row)
                for i in at:
                    if row[i]:
                        row[i] = seal_token(str(row[i]), key)
                sealed.append(tuple(row))
            batch.clear()
            return self.write(model, given, sealed, quiet=True)

        for row in rows:
            batch.append(row)
            if len(batch) == chunk:
                n += flush()
        if batch:
            n += flush()
        self.stdout.write(f"  {model._meta.label}: {n:,} baris (tersegel) dalam {time.monotonic() - started:.1f} s")
        return n


def _encrypt_at(row, at):
    from core.crypto import encrypt, is_encrypted_token

    return tuple(encrypt(v) if i in at and v and not is_encrypted_token(v) else v for i, v in enumerate(row))


def _next_id(model):
    from django.db.models import Max

    return (model._base_manager.aggregate(m=Max("id"))["m"] or 0) + 1


def village_weights(rng, villages):
    """A weight per village: province share × a heavy-tailed village factor (pockets of migration)."""
    by_province = {}
    for code in villages:
        by_province.setdefault(code[:2], []).append(code)
    other = [p for p in by_province if p not in PROVINCE_WEIGHTS]
    rest = (1 - sum(PROVINCE_WEIGHTS.values())) / max(1, len(other))
    weights = []
    for province, codes in by_province.items():
        share = PROVINCE_WEIGHTS.get(province, rest)
        factors = [rng.paretovariate(1.3) for _ in codes]
        total = sum(factors)
        weights.extend((code, share * f / total) for code, f in zip(codes, factors, strict=True))
    return weights


def generate(stdout, people=1_000_000, cases=100_000, claims=100_000, programs=100_000, seed=2026,
             today=None):
    from regions.models import Region

    rng = random.Random(seed)
    today = today or date.today()
    Person = apps.get_model("people", "Person")
    Placement = apps.get_model("migrants", "Placement")
    Case = apps.get_model("cases", "Case")
    Claim = apps.get_model("cases", "Claim")
    Referral = apps.get_model("cases", "Referral")
    Program = apps.get_model("empowerment", "Program")
    Enrolment = apps.get_model("empowerment", "Enrolment")
    Organisation = apps.get_model("accounts", "Organisation")
    writer = Writer(stdout)
    t0 = time.monotonic()

    villages = list(Region.objects.filter(level=4, is_active=True).order_by("code").values_list("code", flat=True))
    if not villages:
        raise ValueError("no villages: run `manage.py load_regions` first")
    weighted = village_weights(rng, villages)
    codes = [c for c, _w in weighted]
    cum, total = [], 0.0
    for _c, w in weighted:
        total += w
        cum.append(total)

    def pick_village():
        return rng.choices(codes, cum_weights=cum, k=1)[0]

    # Every village at least once, then the skewed draw for the rest.
    def village_stream(n):
        for i in range(n):
            yield villages[i] if i < len(villages) else pick_village()

    dest_v, dest_c = _weighted(DESTINATIONS)
    scheme_v, scheme_c = _weighted(SCHEMES)
    status_v, status_c = _weighted(STATUSES)
    sector_tables = {k: _weighted(v) for k, v in SECTOR_BY_COUNTRY.items()}
    other_sectors = _weighted([("factory", 40), ("domestic", 30), ("construction", 20), ("hospitality", 10)])
    now = datetime.now(UTC)
    start = date(2021, 1, 1)
    span = (today - start).days

    person_id0 = _next_id(Person)
    placement_id0 = _next_id(Placement)
    person_village = []
    serials = {}

    def person_rows():
        for i, village in enumerate(village_stream(people)):
            sex = "F" if rng.random() < 0.68 else "M"
            birth = date(1970, 1, 1) + timedelta(days=rng.randrange(365 * 35))
            day = birth.day + (40 if sex == "F" else 0)
            district = village[:8].replace(".", "")
            key = (district, birth)
            serial = serials.get(key, 0) + 1
            serials[key] = serial
            nik = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
            name = f"Warga Sintetis {person_id0 + i}"
            person_village.append(village)
            hidden = Person.hidden_columns(nik, "", name)
            yield (person_id0 + i, village, nik, hidden["nik_hash"], name, hidden["name_key"],
                   hidden["name_index"], sex, birth, now, now)

    writer.write_sealed(Person, ["id", "village_id", "nik", "nik_hash", "name", "name_key", "name_index", "sex",
                                 "birth_date", "created_at", "updated_at"], person_rows(), "people.person")
    serials.clear()

    n_placements = int(people * 1.05)

    def placement_rows():
        for i in range(n_placements):
            p = i if i < people else rng.randrange(people)
            village = person_village[p]
            status = rng.choices(status_v, cum_weights=status_c, k=1)[0]
            country = rng.choices(dest_v, cum_weights=dest_c, k=1)[0]
            sv, sc = sector_tables.get(country, other_sectors)
            sector = rng.choices(sv, cum_weights=sc, k=1)[0]
            scheme = rng.choices(scheme_v, cum_weights=scheme_c, k=1)[0]
            registered = start + timedelta(days=rng.randrange(span))
            created = datetime(registered.year, registered.month, registered.day, 3, tzinfo=UTC)
            verified = created + timedelta(days=rng.randrange(1, 20)) if status != "interest" else None
            departure = expected = actual = None
            if status not in PROSPECTIVE and status not in {"failed", "cancelled"}:
                departure = min(registered + timedelta(days=rng.randrange(30, 200)), today)
                expected = departure + timedelta(days=730)
                if status in BACK:
                    actual = min(departure + timedelta(days=rng.randrange(60, 900)), today)
            non_procedural = rng.random() < (0.25 if scheme == "individual" else 0.04)
            lost = status in ABROAD and rng.random() < 0.015
            yield (placement_id0 + i, village, person_id0 + p, status, country if status != "interest" else "",
                   sector, scheme, departure, expected, actual, non_procedural, lost, verified, created, now)

    writer.write(Placement, ["id", "village_id", "person_id", "status", "destination_country", "sector", "scheme",
                             "departure_date", "expected_return", "actual_return", "non_procedural",
                             "lost_contact", "verified_at", "created_at", "updated_at"], placement_rows())
    person_village.clear()

    # --- Cases, referrals, claims ------------------------------------------------------------------
    from cases.models import Category, ClaimType

    categories = list(Category.values)
    open_states = ["received", "verified", "in_progress", "referred", "clarification", "mediation"]
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ2345679"
    case_id0 = _next_id(Case)
    used_codes = set()

    def tracking():
        while True:
            raw = "".join(rng.choice(alphabet) for _ in range(12))
            code = f"S{raw[1:4]}-{raw[4:8]}-{raw[8:]}"
            if code not in used_codes:
                used_codes.add(code)
                return code

    def case_rows():
        for i in range(cases):
            village = pick_village()
            received_day = start + timedelta(days=rng.randrange(span))
            received = datetime(received_day.year, received_day.month, received_day.day, 2, tzinfo=UTC)
            due = received_day + timedelta(days=28)
            if rng.random() < 0.6:
                status = "resolved" if rng.random() < 0.8 else "closed"
                resolved = received + timedelta(days=int(rng.expovariate(1 / 40)))
                resolved = min(resolved, now)
            else:
                status, resolved = rng.choice(open_states), None
            complainant, worker = f"Pengadu {i}", f"Pekerja {i}"
            hidden = Case.hidden_columns(worker, complainant)
            yield (case_id0 + i, village, tracking(), rng.choice(categories), status, received, due,
                   "Kasus sintetis untuk uji beban.", "worker", complainant, worker, hidden["name_index"],
                   hidden["worker_name_key"], resolved, resolved if status == "closed" else None, received, now)

    # A case with no registered worker is sealed under its own key (Case.DATA_SUBJECT ends in "self").
    writer.write_sealed(Case, ["id", "village_id", "tracking_code", "category", "status", "received_at", "due_date",
                               "description", "complainant_role", "complainant_name", "worker_name", "name_index",
                               "worker_name_key", "resolved_at", "closed_at", "created_at", "updated_at"],
                        case_rows(), "cases.case")
    used_codes.clear()

    orgs = list(Organisation.objects.values_list("id", flat=True))
    if len(orgs) < 5:
        with transaction.atomic():
            for kind, name in [("manpower_office", "Disnaker"), ("upt_bp3mi", "UPT BP3MI"),
                               ("bpjs", "BPJS Ketenagakerjaan"), ("ngo", "Migrant CARE"), ("mission", "KBRI")]:
                orgs.append(Organisation.objects.create(name=f"{name} (sintetis)", kind=kind).id)
    referral_id0 = _next_id(Referral)

    def referral_rows():
        for i in range(cases // 3):
            case = case_id0 + rng.randrange(cases)
            sent = now - timedelta(days=rng.randrange(span))
            status = rng.choices(["sent", "accepted", "declined", "completed"], [2, 3, 1, 4])[0]
            yield (referral_id0 + i, case, rng.choice(orgs), status, "Mohon penanganan.", sent)

    writer.write(Referral, ["id", "case_id", "organisation_id", "status", "request", "sent_at"], referral_rows())

    claim_types = list(ClaimType.values)
    claim_id0 = _next_id(Claim)

    def claim_rows():
        for i in range(claims):
            case = case_id0 + rng.randrange(cases)
            created_day = start + timedelta(days=rng.randrange(span))
            created = datetime(created_day.year, created_day.month, created_day.day, 4, tzinfo=UTC)
            status = rng.choices(["preparing", "submitted", "verification", "paid", "rejected"], [1, 1, 1, 5, 1])[0]
            paid = min(created_day + timedelta(days=rng.randrange(10, 90)), today) if status == "paid" else None
            amount = rng.choice([5_000_000, 15_000_000, 42_000_000, 85_000_000]) if paid else 0
            yield (claim_id0 + i, case, rng.choice(claim_types), status, paid, amount, created, now)

    writer.write(Claim, ["id", "case_id", "claim_type", "status", "paid_date", "amount_paid", "created_at",
                         "updated_at"], claim_rows())

    # --- Programs and participants -----------------------------------------------------------------
    program_id0 = _next_id(Program)
    program_start = {}

    def program_rows():
        for i in range(programs):
            starts = start + timedelta(days=rng.randrange(span))
            program_start[program_id0 + i] = starts
            status = "completed" if starts < today - timedelta(days=90) else rng.choice(["planned", "running"])
            yield (program_id0 + i, pick_village(), f"Pelatihan sintetis {i}",
                   rng.choice(["prospective", "family", "returnee", "mixed"]), starts, status, now, now)

    writer.write(Program, ["id", "village_id", "title", "target_group", "starts_on", "status", "created_at",
                           "updated_at"], program_rows())
    enrolment_id0 = _next_id(Enrolment)

    def enrolment_rows():
        from people.models import name_hash

        n = 0
        for pid, starts in program_start.items():
            for _k in range(rng.randint(1, 3)):
                enrolled = starts - timedelta(days=rng.randrange(0, 14))
                yield (enrolment_id0 + n, pid, f"Peserta {n}", name_hash(f"Peserta {n}"),
                       rng.choice(["prospective", "family", "returnee"]), enrolled, rng.choice(ENROLMENT_STATES),
                       now, now)
                n += 1

    # A participant not registered is sealed under the enrolment's own key (Enrolment.DATA_SUBJECT ends in "self").
    writer.write_sealed(Enrolment, ["id", "program_id", "name", "name_key", "participant_group", "enrolled_on",
                                    "status", "created_at", "updated_at"], enrolment_rows(), "empowerment.enrolment")
    if connection.vendor == "postgresql":
        from core.models import DataKey

        # Statistics for what was written (autovacuum may be off or behind): without them on the data keys, each
        # key look-up by subject read all of them (326 ms per statement at quarter size).
        with connection.cursor() as cursor:
            for model in (Person, Placement, Case, Referral, Claim, Program, Enrolment, DataKey):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    stdout.write(f"Selesai dalam {time.monotonic() - t0:.0f} s.")
    return time.monotonic() - t0
