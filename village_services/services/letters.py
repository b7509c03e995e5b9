"""Letters: values, numbering, issuing once, revoking and public verification."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, log_update, record, snapshot
from core.formatting import mask_digit_runs

from .. import placeholders, signals
from ..models import (
    OPEN_STATUSES,
    Letter,
    LetterCounter,
    LetterStatus,
    RequestStatus,
    ServiceRequest,
)
from .catalogue import current_letterhead, validate_letter_type
from .common import ALPHABET, VERIFICATION_CODE_LENGTH, _unique_code, clean_nik, local_today, normalise_code
from .requests import missing_requirements, transition_request


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
        signals.letter_ready.send(sender=Letter, letter=letter, request=request, actor=actor)
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


def body_for(user, letter):
    """The letter's text as this user may read it on screen and in the API: NIK and KK numbers masked unless
    the user may reveal NIKs in the letter's village. The printed PDF (the official letter) keeps them whole."""
    if user is not None and user.has_perm("people.reveal_nik", letter):
        return letter.body
    return mask_digit_runs(letter.body)


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
