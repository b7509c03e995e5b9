"""Domain actions of village services: catalogue, requests, letters. Views and the API call these;
each one validates everything first, writes inside one transaction, and audits."""

import re
import secrets
from datetime import timedelta
from functools import reduce
from operator import or_

import lokal
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import regions_with_role, require_perm
from accounts.scoping import code_q
from audit.models import Action
from audit.services import log_create, log_update, record, snapshot
from core.crypto import keyed_hash
from core.uploads import JPEG_PNG, check_bytes
from regions.models import Region

from . import defaults, placeholders
from .models import (
    OPEN_STATUSES,
    Channel,
    Letter,
    LetterCounter,
    Letterhead,
    LetterStatus,
    LetterType,
    RequestStatus,
    Service,
    ServiceRequest,
)
from .rules import VILLAGE_OFFICE_ROLES

# Crockford base32: no I, L, O, U, so a code read aloud or retyped from paper is unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VERIFICATION_CODE_LENGTH = 12  # 60 random bits: guessing one valid code is hopeless even at scale
TRACKING_CODE_LENGTH = 10  # 50 random bits, and lookups are throttled


# --- Permissions (services/rules.py) ------------------------------------------------------------

def operated_villages(user):
    """Villages (level 4) where the user acts as the village office: the choices of the forms."""
    qs = Region.objects.villages().active()
    codes = regions_with_role(user, VILLAGE_OFFICE_ROLES)
    if codes is None:
        return qs
    return qs.filter(reduce(or_, (code_q("code", code) for code in codes), Q(pk__in=[])))


# --- Codes --------------------------------------------------------------------------------------

def random_code(length):
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(raw):
    """Uppercase, drop separators, and read the look-alikes the way Crockford base32 does."""
    text = (raw or "").upper().replace("-", "").replace(" ", "")
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return text


def display_code(code):
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _unique_code(model, field, length):
    for _attempt in range(10):
        code = random_code(length)
        if not model.objects.filter(**{field: code}).exists():
            return code
    raise RuntimeError("could not draw a unique code")


# --- Working days -------------------------------------------------------------------------------

def is_working_day(day):
    try:
        return lokal.is_working_day(day)
    except Exception:
        # lokal-id carries national holidays for the years the SKB 3 Menteri has been published;
        # outside them only weekends are known.
        return day.weekday() < 5


def add_working_days(start, days):
    day = start
    added = 0
    while added < days:
        day += timedelta(days=1)
        if is_working_day(day):
            added += 1
    return day


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def local_today():
    return timezone.localdate()


# --- Catalogue ----------------------------------------------------------------------------------

def default_letterhead_lines(village):
    ancestors = {r.level: r for r in village.ancestors()}
    regency = ancestors.get(2)
    district = ancestors.get(3)
    lines = []
    if regency:
        lines.append(f"PEMERINTAH {regency.name.upper()}" if regency.name.upper().startswith(("KABUPATEN", "KOTA"))
                     else f"PEMERINTAH {str(regency).upper()}")
    if district:
        lines.append(f"KECAMATAN {district.name.upper()}")
    lines.append(f"{'KELURAHAN' if village.is_kelurahan else 'DESA'} {village.name.upper()}")
    return lines


@transaction.atomic
def copy_default_catalogue(actor, village, *, signer_name=""):
    """Copy the default migration-service SOPs and letter types into a village. Existing copies are
    left as the village edited them, so running it again adds only what is missing."""
    require_perm(actor, "services.copy_catalogue", village)
    created = {"services": 0, "letter_types": 0, "letterhead": 0}
    types = {}
    for spec in defaults.LETTER_TYPES:
        letter_type = LetterType.objects.filter(village=village, code=spec["code"]).first()
        if letter_type is None:
            letter_type = LetterType.objects.create(
                village=village, code=spec["code"], name=spec["name"], title=spec["title"], body=spec["body"],
                number_pattern=spec.get("number_pattern", defaults.DEFAULT_NUMBER_PATTERN),
                signer_name=signer_name or _("(nama kepala desa)"), signer_title="Kepala Desa",
            )
            log_create(actor, letter_type, note="default catalogue")
            created["letter_types"] += 1
        types[spec["code"]] = letter_type
    for order, spec in enumerate(defaults.SERVICES):
        if Service.objects.filter(village=village, code=spec["code"]).exists():
            continue
        fields = {k: v for k, v in spec.items() if k != "letter"}
        service = Service.objects.create(village=village, order=order, letter_type=types[spec["letter"]], **fields)
        log_create(actor, service, note="default catalogue")
        created["services"] += 1
    if not Letterhead.objects.filter(village=village).exists():
        letterhead = Letterhead.objects.create(
            village=village, government_lines="\n".join(default_letterhead_lines(village)),
            address=_("Kantor %(village)s") % {"village": village}, created_by=actor,
        )
        log_create(actor, letterhead, note="default letterhead")
        created["letterhead"] = 1
    return created


def _stored_snapshot(obj):
    """The saved state of an edited instance, for the audit diff."""
    if obj.pk is None:
        return None
    return snapshot(type(obj).objects.get(pk=obj.pk))


def save_service(actor, service, before=None):
    """Save a catalogue entry edited in a form (already validated)."""
    require_perm(actor, "services.edit_service", service)
    before = before or _stored_snapshot(service)
    with transaction.atomic():
        is_new = service.pk is None
        service.full_clean()
        service.save()
        if is_new:
            log_create(actor, service)
        else:
            log_update(actor, service, before)
    return service


def validate_letter_type(letter_type):
    errors = {}
    body_errors = placeholders.template_errors(letter_type.body)
    if body_errors:
        errors["body"] = body_errors
    pattern_errors = placeholders.number_pattern_errors(letter_type.number_pattern)
    if pattern_errors:
        errors["number_pattern"] = pattern_errors
    if not errors and "type_code" not in placeholders.tokens(letter_type.number_pattern):
        # Each type counts on its own: two types with one pattern would print the same number twice.
        clash = LetterType.objects.filter(village_id=letter_type.village_id,
                                          number_pattern=letter_type.number_pattern).exclude(pk=letter_type.pk)
        if clash.exists():
            errors["number_pattern"] = [_("Pola nomor ini sudah dipakai jenis surat \"%(name)s\". Setiap jenis surat "
                                          "menghitung nomornya sendiri, jadi bedakan polanya (misalnya tambahkan "
                                          "kode surat atau {type_code}).") % {"name": clash.first().name}]
    if errors:
        raise ValidationError(errors)


def save_letter_type(actor, letter_type, before=None):
    """Unknown placeholders or a pattern that could repeat numbers are refused before anything is saved."""
    require_perm(actor, "services.edit_letter_type", letter_type)
    validate_letter_type(letter_type)
    before = before or _stored_snapshot(letter_type)
    with transaction.atomic():
        is_new = letter_type.pk is None
        letter_type.full_clean()
        letter_type.save()
        if is_new:
            log_create(actor, letter_type)
        else:
            log_update(actor, letter_type, before)
    return letter_type


def current_letterhead(village_code):
    return Letterhead.objects.filter(village_id=village_code).order_by("-id").first()


MAX_LOGO_BYTES = 300 * 1024


def validate_logo(data):
    """PNG/JPEG by content, at most 300 KB (core.uploads), the error under the form's "logo" field."""
    if not data:
        return ""
    try:
        return check_bytes(data, label=_("Logo"), types=JPEG_PNG, max_bytes=MAX_LOGO_BYTES, name="logo")[0]
    except ValidationError as exc:
        raise ValidationError({"logo": exc.messages})


def update_letterhead(actor, village_code, *, government_lines, address, contact="", logo=None, remove_logo=False):
    """A new letterhead version; letters already issued keep the version they were printed with."""
    require_perm(actor, "services.edit_letterhead", village_code)
    previous = current_letterhead(village_code)
    logo_type = validate_logo(logo) if logo else ""
    if not logo and previous and not remove_logo:
        logo, logo_type = bytes(previous.logo or b""), previous.logo_type
    if not government_lines.strip():
        raise ValidationError({"government_lines": _("Isi paling sedikit satu baris kop.")})
    with transaction.atomic():
        letterhead = Letterhead.objects.create(
            village_id=village_code, government_lines=government_lines.strip(), address=address.strip(),
            contact=contact.strip(), logo=logo or b"", logo_type=logo_type if logo else "", created_by=actor,
        )
        log_create(actor, letterhead)
    return letterhead


# --- Requests -----------------------------------------------------------------------------------

def clean_nik(nik, field="nik"):
    nik = "".join(ch for ch in (nik or "") if not ch.isspace())
    if not nik:
        return ""
    if not nik.isdigit() or len(nik) != 16:
        raise ValidationError({field: _("NIK harus 16 angka.")})
    if not lokal.is_valid_nik(nik):
        raise ValidationError({field: _("NIK tidak valid: periksa kode wilayah dan tanggal lahir di dalamnya.")})
    return nik


def clean_phone(phone, field="phone", required=False):
    phone = (phone or "").strip()
    if not phone:
        if required:
            raise ValidationError({field: _("Nomor HP wajib diisi agar petugas dapat menghubungi Anda.")})
        return ""
    info = lokal.parse_phone(phone)
    if not info.valid:
        raise ValidationError({field: _("Nomor HP tidak valid. Tulis seperti 0812 3456 7890.")})
    return info.e164


def submit_request(*, service, applicant_name, nik="", phone="", purpose="", channel=Channel.COUNTER, actor=None,
                   person=None, received_at=None):
    """A new request. At the counter an operator records it; online a resident submits it (no actor),
    for a published service that accepts online requests, with NIK and phone required."""
    if channel == Channel.COUNTER:
        require_perm(actor, "services.take_request", service)
    elif not (service.is_active and service.is_published and service.accepts_online):
        raise ValidationError({"service": _("Layanan ini tidak menerima permohonan daring.")})
    errors = {}
    if not service.is_active:
        errors["service"] = [_("Layanan ini tidak aktif.")]
    name = (applicant_name or "").strip()
    if person is None and nik and channel == Channel.COUNTER:
        person = find_person(actor, service.village_id, nik)
    if not name and person is not None:
        name = person_name(person)
    if not name:
        errors["applicant_name"] = [_("Nama pemohon wajib diisi.")]
    try:
        nik = clean_nik(nik or (person_nik(person) if person is not None else ""))
        if channel == Channel.ONLINE and not nik:
            raise ValidationError({"nik": _("NIK wajib diisi.")})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        phone = clean_phone(phone, required=channel == Channel.ONLINE)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    received_at = received_at or timezone.now()
    due = add_working_days(timezone.localtime(received_at).date(), service.time_standard_days)
    with transaction.atomic():
        req = ServiceRequest(
            village_id=service.village_id, service=service, channel=channel, applicant_name=name[:150],
            applicant_nik=nik, applicant_nik_hash=keyed_hash(nik) if nik else "", applicant_phone=phone,
            purpose=(purpose or "").strip(), received_at=received_at, due_date=due,
            tracking_code=_unique_code(ServiceRequest, "tracking_code", TRACKING_CODE_LENGTH),
            handled_by=actor if channel == Channel.COUNTER else None,
        )
        if person is None and nik:
            # Online: link to the registered resident when the NIK matches (never shown to the resident).
            from people.models import Person

            person = Person.objects.filter(village_id=service.village_id).with_nik(nik).first()
        req.person = person
        req.save()
        log_create(actor, req, note=str(Channel(channel).label))
    return req


def set_requirements(actor, req, checked):
    """Tick off requirements; only names from the service's list are kept, in the list's order."""
    require_perm(actor, "services.process_request", req)
    wanted = set(checked or [])
    before = snapshot(req, ["requirements_checked"])
    req.requirements_checked = [r for r in req.service.requirement_list() if r in wanted]
    with transaction.atomic():
        req.save(update_fields=["requirements_checked", "updated_at"])
        log_update(actor, req, before)
    return req


def missing_requirements(req):
    return [r for r in req.service.requirement_list() if r not in req.requirements_checked]


TRANSITIONS = {
    RequestStatus.SUBMITTED: {RequestStatus.IN_PROCESS, RequestStatus.REJECTED, RequestStatus.CANCELLED},
    RequestStatus.IN_PROCESS: {RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.CANCELLED},
    RequestStatus.COMPLETED: set(),
    RequestStatus.REJECTED: set(),
    RequestStatus.CANCELLED: set(),
}


def transition_request(actor, req, status, note=""):
    require_perm(actor, "services.process_request", req)
    status = RequestStatus(status)
    if status not in TRANSITIONS[RequestStatus(req.status)]:
        raise ValidationError({"status": _("Permohonan berstatus %(old)s tidak dapat diubah menjadi %(new)s.") % {
            "old": RequestStatus(req.status).label, "new": status.label}})
    if status == RequestStatus.COMPLETED and missing_requirements(req):
        raise ValidationError({"status": _("Persyaratan belum lengkap: %(missing)s.") % {
            "missing": "; ".join(missing_requirements(req))}})
    if status in (RequestStatus.REJECTED, RequestStatus.CANCELLED) and not (note or "").strip():
        raise ValidationError({"note": _("Tuliskan alasan penolakan/pembatalan untuk pemohon.")})
    before = snapshot(req, ["status", "decision_note", "completed_at"])
    req.status = status
    if note:
        req.decision_note = note.strip()
    if status in (RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.CANCELLED):
        req.completed_at = timezone.now()
    req.handled_by = req.handled_by or actor
    with transaction.atomic():
        req.save()
        log_update(actor, req, before, action=Action.TRANSITION, note=note)
    return req


def overdue_q(today=None):
    return Q(status__in=OPEN_STATUSES, due_date__lt=today or local_today())


def elapsed_working_days(req, today=None):
    start = timezone.localtime(req.received_at).date()
    end = timezone.localtime(req.completed_at).date() if req.completed_at else (today or local_today())
    return working_days_between(start, end)


def is_overdue(req, today=None):
    if req.status in OPEN_STATUSES:
        return (today or local_today()) > req.due_date
    return bool(req.completed_at) and timezone.localtime(req.completed_at).date() > req.due_date


def find_request_by_code(raw):
    code = normalise_code(raw)
    if len(code) != TRACKING_CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return ServiceRequest.objects.select_related("service", "village").filter(tracking_code=code).first()


# --- People and placements ------------------------------------------------------------------------

def person_name(person):
    return person.name


def person_nik(person):
    return person.nik or ""


def find_person(user, village_code, nik):
    """A registered resident of this village with this NIK, if the user may see them."""

    try:
        nik = clean_nik(nik)
    except ValidationError:
        return None
    if not nik:
        return None
    return visible_people(user).filter(village_id=village_code).with_nik(nik).first()


def visible_people(user):
    """Person.objects.visible_to(user) with a lookup that compiles on a foreign key (people.Person keeps
    the default "village_id" scope field, which Django refuses with __startswith)."""
    from accounts.scoping import scope_q
    from people.models import Person

    return Person.objects.filter(scope_q(user, "village__code"))


def visible_placements(user):
    from accounts.scoping import scope_q
    from migrants.models import Placement

    return Placement.objects.filter(scope_q(user, "village__code"))


def latest_placement(person):
    if person is None:
        return None
    return person.placements.select_related("agency").order_by("-created_at", "-id").first()


def values_from(person=None, placement=None, request=None):
    """Placeholder values known from the records the letter is about; the operator completes the rest.
    Letters are Indonesian documents, so country names and choice labels are taken in Indonesian."""
    from django.utils import translation

    values = {}
    with translation.override("id"):
        if request is not None:
            values.update({"nama": request.applicant_name, "nik": request.applicant_nik,
                           "keperluan": request.purpose})
        if person is not None:
            values.update(_person_values(person))
        if placement is not None:
            values.update(_placement_values(placement))
    return {k: v for k, v in values.items() if v}


def _person_values(person):
    address = [person.address] if person.address else []
    if person.rt or person.rw:
        address.append(f"RT {person.rt or '-'} RW {person.rw or '-'}")
    if person.dusun:
        address.append(f"Dusun {person.dusun}")
    return {
        "nama": person.name,
        "nik": person.nik,
        "tempat_lahir": person.birth_place,
        "tanggal_lahir": placeholders.indonesian_date(person.birth_date) if person.birth_date else "",
        "jenis_kelamin": str(person.get_sex_display()),
        "alamat": ", ".join(address),
    }


def _placement_values(placement):
    values = {}
    if placement.destination_country:
        values["tujuan"] = str(placement.destination_country.name)
    if placement.agency_id:
        values["p3mi"] = placement.agency.name
    if placement.position:
        values["jabatan_kerja"] = placement.position_detail or str(placement.get_position_display())
    if placement.actual_return:
        values["tanggal_pulang"] = placeholders.indonesian_date(placement.actual_return)
    return values


# --- Letters ------------------------------------------------------------------------------------

def automatic_values(letter_type, *, number, issued_on):
    village = letter_type.village
    ancestors = {r.level: r for r in village.ancestors()}
    return {
        "nomor": number,
        "tanggal": placeholders.indonesian_date(issued_on),
        "desa": village.name,
        "kecamatan": ancestors[3].name if 3 in ancestors else "",
        "kabupaten": str(ancestors[2]) if 2 in ancestors else "",
        "provinsi": ancestors[1].name if 1 in ancestors else "",
        "penandatangan": letter_type.signer_name,
        "jabatan_penandatangan": letter_type.signer_title,
    }


def clean_letter_values(letter_type, values):
    """The values the template needs, each present; NIKs well-formed. Raises naming every missing field."""
    values = {k: str(v).strip() for k, v in (values or {}).items() if v is not None}
    needed = placeholders.input_placeholders(letter_type.body)
    errors = {}
    for p in needed:
        if not values.get(p.name):
            errors[p.name] = [_("%(label)s wajib diisi untuk surat ini.") % {"label": p.label}]
    for field in ("nik", "nik_keluarga"):
        if values.get(field) and field not in errors:
            try:
                values[field] = clean_nik(values[field], field)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if not values.get("nama"):
        errors.setdefault("nama", [_("Nama pemegang surat wajib diisi.")])
    if errors:
        raise ValidationError(errors)
    keep = {p.name for p in needed} | {"nama"}
    return {k: v for k, v in values.items() if k in keep}


def _lock_counter(letter_type, year):
    """The counter row for (village, type, year), locked until the issuing transaction ends."""
    try:
        with transaction.atomic():  # savepoint: a concurrent first issue of the year may create it first
            LetterCounter.objects.get_or_create(village_id=letter_type.village_id, letter_type=letter_type, year=year)
    except IntegrityError:
        pass
    return LetterCounter.objects.select_for_update().get(
        village_id=letter_type.village_id, letter_type=letter_type, year=year,
    )


class _Replay(Exception):
    """Raised inside the issuing transaction to roll it back when the letter asked for already exists."""

    def __init__(self, letter):
        super().__init__("letter already issued")
        self.letter = letter


def _earlier_letter(letter_type, idempotency_key):
    """The letter issued earlier with this form's key, or None."""
    if not idempotency_key:
        return None
    letter = Letter.objects.filter(idempotency_key=idempotency_key).first()
    if letter is not None and letter.letter_type_id != letter_type.pk:
        raise ValidationError({"idempotency_key": _("Formulir ini sudah dipakai untuk surat lain. Muat ulang "
                                                    "halaman lalu isi kembali.")})
    return letter


def _letter_of_closed_request(request):
    """A closed request's valid letter (a second issue for it answers with this one); refuses otherwise."""
    letter = request.letters.filter(status=LetterStatus.VALID).order_by("-issued_at", "-id").first()
    if letter is None:
        raise ValidationError({"request": _("Permohonan ini sudah ditutup.")})
    return letter


def issue_letter(actor, letter_type, values, *, request=None, issued_on=None, person=None, placement=None,
                 idempotency_key=None):
    """Issue one letter: the next number of its type and year, the text rendered and frozen, a fresh
    verification code. Validation comes first; the number is taken only inside the transaction that
    saves the letter, so a failure rolls the counter back with it (no gaps).

    Issued once: `idempotency_key` (from the form, generated when it rendered) is stored unique on the
    letter, so a replay of the same form returns the letter it issued, even when the first answer was lost
    (a worker killed after the commit); a service request is locked and re-checked inside the numbering
    transaction, so a second issue for it returns its letter. A returned earlier letter has `reused` True."""
    require_perm(actor, "services.issue_letter", letter_type)
    earlier = _earlier_letter(letter_type, idempotency_key)
    if earlier is None and request is not None and request.status not in OPEN_STATUSES:
        earlier = _letter_of_closed_request(request)
    if earlier is not None:
        earlier.reused = True
        return earlier
    if not letter_type.is_active:
        raise ValidationError({"letter_type": _("Jenis surat ini tidak aktif.")})
    validate_letter_type(letter_type)
    letterhead = current_letterhead(letter_type.village_id)
    if letterhead is None:
        raise ValidationError({"letterhead": _("Kop surat desa belum diisi. Lengkapi kop surat terlebih dahulu.")})
    if request is not None:
        if request.village_id != letter_type.village_id:
            raise ValidationError({"request": _("Permohonan ini milik desa lain.")})
        if missing_requirements(request):
            raise ValidationError({"request": _("Persyaratan belum lengkap: %(missing)s.") % {
                "missing": "; ".join(missing_requirements(request))}})
    person = person or (request.person if request is not None else None)
    if person is not None and person.village_id != letter_type.village_id:
        raise ValidationError({"person": _("Warga ini terdaftar di desa lain.")})
    if placement is not None and (person is None or placement.person_id != person.pk):
        raise ValidationError({"placement": _("Penempatan ini bukan milik warga pemegang surat.")})
    clean = clean_letter_values(letter_type, values)
    issued_on = issued_on or local_today()
    # Everything that does not depend on the number is prepared before the counter row is locked, so
    # concurrent operators wait on each other as briefly as possible.
    fixed_values = automatic_values(letter_type, number="", issued_on=issued_on)
    code = _unique_code(Letter, "verification_code", VERIFICATION_CODE_LENGTH)
    try:
        letter = _issue_locked(actor, letter_type, request, letterhead, clean, fixed_values, code, issued_on,
                               person, placement, idempotency_key)
    except _Replay as replay:
        replay.letter.reused = True
        return replay.letter
    letter.reused = False
    return letter


@transaction.atomic
def _issue_locked(actor, letter_type, request, letterhead, clean, fixed_values, code, issued_on, person, placement,
                  idempotency_key):
    if request is not None:
        # Locked first (before the counter, in every issue: one lock order), then re-read: a concurrent issue
        # for the same request that committed while this one waited has closed it.
        ServiceRequest.objects.select_for_update().only("pk").get(pk=request.pk)
        request.refresh_from_db()
        if request.status not in OPEN_STATUSES:
            raise _Replay(_letter_of_closed_request(request))
    counter = _lock_counter(letter_type, issued_on.year)
    # A replay of the same form that committed while this one waited for the counter.
    earlier = _earlier_letter(letter_type, idempotency_key)
    if earlier is not None:
        raise _Replay(earlier)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    number = placeholders.format_number(
        letter_type.number_pattern, seq=counter.last_seq, issued_on=issued_on,
        village_code=letter_type.village_id, type_code=letter_type.code,
    )
    all_values = {**clean, **fixed_values, "nomor": number}
    letter = Letter(
        village_id=letter_type.village_id, letter_type=letter_type, request=request, letterhead=letterhead,
        number=number, year=issued_on.year, seq=counter.last_seq, issued_on=issued_on, issued_by=actor,
        title=letter_type.title, type_name=letter_type.name, holder_name=clean["nama"][:150],
        body=placeholders.render(letter_type.body, all_values), values=clean,
        signer_name=letter_type.signer_name, signer_title=letter_type.signer_title,
        page_size=letter_type.page_size,
        verification_code=code, idempotency_key=idempotency_key or None,
    )
    letter.person = person
    letter.placement = placement
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        earlier = _earlier_letter(letter_type, idempotency_key)
        if earlier is not None:  # the same form issued under another type's counter meanwhile
            raise _Replay(earlier)
        # Only reachable when two types' patterns produce the same text; the whole issue rolls back.
        raise ValidationError({"number_pattern": _("Nomor %(number)s sudah dipakai surat lain di desa ini. "
                                                   "Bedakan pola nomor jenis surat ini.") % {"number": number}})
    log_create(actor, letter)
    if request is not None:
        if request.status == RequestStatus.SUBMITTED:
            transition_request(actor, request, RequestStatus.IN_PROCESS)
        transition_request(actor, request, RequestStatus.COMPLETED, note=_("Surat %(number)s diterbitkan.") % {
            "number": number})
    return letter


MIN_REASON = 10


def revoke_letter(actor, letter, reason):
    """Revoking keeps the letter and its number (numbers never come back) and says so on verification."""
    require_perm(actor, "services.revoke_letter", letter)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": _("Tuliskan alasan pencabutan (minimal %(n)d huruf).") % {"n": MIN_REASON}})
    if letter.status == LetterStatus.REVOKED:
        raise ValidationError({"reason": _("Surat ini sudah dicabut.")})
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        before = snapshot(letter, ["status", "revoked_at", "revocation_reason"])
        letter.status = LetterStatus.REVOKED
        letter.revoked_at = timezone.now()
        letter.revoked_by = actor
        letter.revocation_reason = reason
        letter.save()
        log_update(actor, letter, before, action=Action.TRANSITION, note=reason)
    return letter


def find_letter_by_code(raw):
    """The letter a verification code names, or None for anything else: malformed, altered or forged."""
    code = normalise_code(raw)
    if len(code) != VERIFICATION_CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return Letter.objects.select_related("village").filter(verification_code=code).first()


# A NIK or KK number in a letter's text: 16 digits standing alone.
NIK_IN_TEXT = re.compile(r"(?<!\d)\d{16}(?!\d)")


def body_for(user, letter):
    """The letter's text as this user may read it on screen and in the API: NIK and KK numbers masked unless
    the user may reveal NIKs in the letter's village. The printed PDF (the official letter) keeps them whole."""
    if user is not None and user.has_perm("people.reveal_nik", letter):
        return letter.body
    from people.nik import mask_nik

    return NIK_IN_TEXT.sub(lambda match: mask_nik(match.group()), letter.body)


def mask_name(name):
    """'Siti Aminah' -> 'Si** Am****': enough to match the paper in hand, not enough to learn a name."""
    masked = []
    for word in (name or "").split():
        keep = 2 if len(word) >= 4 else 1
        masked.append(word[:keep] + "*" * (len(word) - keep))
    return " ".join(masked)


def record_verification(letter, request=None):
    """Verification is public: the view count is not personal data, but who checks a letter may be
    evidence in a forgery case, so each check is logged against the letter."""
    record(None, Action.READ, letter, note="public verification", request=request)


