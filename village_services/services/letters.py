"""Letters: drafting (once per form or request), revising, revoking and public verification.

A letter is drafted by the village office without a number; the sekretaris desa checks it and the kepala desa
signs it (services.workflow), which takes the number. The draft's text is rendered with everything but what only
signing knows: {nomor}, {tanggal}, {penandatangan} and {jabatan_penandatangan} stay as tokens until then.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_create, log_update, record, snapshot
from core.crypto import keyed_hash
from core.formatting import mask_digit_runs

from .. import placeholders
from ..models import (
    EDITABLE_LETTER_STATUSES,
    OPEN_STATUSES,
    PLACEMENT_STATE_STATUSES,
    Letter,
    LetterStatus,
    PlacementState,
    RequestStatus,
    ServiceRequest,
)
from .catalogue import current_letterhead, validate_letter_type
from .common import ALPHABET, VERIFICATION_CODE_LENGTH, _unique_code, clean_nik, normalise_code
from .requests import apply_request_transition, missing_requirements

# Filled only when the kepala desa signs.
SIGNING_TOKENS = ("nomor", "tanggal", "penandatangan", "jabatan_penandatangan")


def signer_title_for(village):
    """The position printed under the signature: a kelurahan is led by a lurah, a desa by its kepala desa."""
    return "Lurah" if getattr(village, "is_kelurahan", False) else "Kepala Desa"


def place_values(village):
    ancestors = {r.level: r for r in village.ancestors()}
    return {
        "desa": village.name,
        "kecamatan": ancestors[3].name if 3 in ancestors else "",
        "kabupaten": str(ancestors[2]) if 2 in ancestors else "",
        "provinsi": ancestors[1].name if 1 in ancestors else "",
    }


def signing_values(*, number, signed_on, signer_name, signer_title):
    return {"nomor": number, "tanggal": placeholders.indonesian_date(signed_on), "penandatangan": signer_name,
            "jabatan_penandatangan": signer_title}


def automatic_values(letter_type, *, number, issued_on, signer_name="", signer_title=""):
    """Every automatic placeholder's value (the place, and what signing gives)."""
    return {**place_values(letter_type.village),
            **signing_values(number=number, signed_on=issued_on, signer_name=signer_name,
                             signer_title=signer_title or signer_title_for(letter_type.village))}


def clean_letter_values(letter_type, values):
    """The values the template needs, each present; NIKs well-formed. Raises naming every missing field."""
    values = {k: str(v).strip() for k, v in (values or {}).items() if v is not None}
    needed = placeholders.input_placeholders(letter_type.body)
    errors = {}
    for p in needed:
        if not values.get(p.name):
            errors[p.name] = [_("%(label)s wajib diisi untuk surat ini.") % {"label": p.label}]
        elif "{" in values[p.name] or "}" in values[p.name]:
            # A brace would be read as a placeholder when the letter is signed.
            errors[p.name] = [_("%(label)s tidak boleh memuat tanda { atau }.") % {"label": p.label}]
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


def holder_nik_hash(clean) -> str:
    """The keyed hash of the holder's NIK in a letter's cleaned values ("" when the type asks none)."""
    return keyed_hash(clean["nik"]) if clean.get("nik") else ""


def placement_state_error(letter_type, placement):
    """Why a letter of this type cannot be issued for this placement now (None when it can): a letter that
    states a placement status (e.g. "calon PMI") needs the placement to be in that status."""
    state = letter_type.states_placement
    if not state:
        return None
    label = PlacementState(state).label
    if placement is None:
        return _("Surat \"%(type)s\" menyatakan status penempatan \"%(state)s\": pilih penempatan warga ini "
                 "terlebih dahulu.") % {"type": letter_type.name, "state": label}
    if placement.status not in PLACEMENT_STATE_STATUSES[state]:
        return _("Surat \"%(type)s\" menyatakan warga berstatus \"%(state)s\", tetapi penempatannya kini "
                 "berstatus \"%(status)s\". Surat ini tidak dapat diterbitkan; perbarui status penempatan atau "
                 "pilih jenis surat lain.") % {"type": letter_type.name, "state": label,
                                               "status": placement.get_status_display()}
    return None


def _draft_body(letter_type, clean):
    return placeholders.render(letter_type.body, {**clean, **place_values(letter_type.village)})


class _Replay(Exception):
    """Raised inside the drafting transaction to roll it back when the letter asked for already exists."""

    def __init__(self, letter):
        super().__init__("letter already drafted")
        self.letter = letter


def _earlier_letter(letter_type, idempotency_key):
    """The letter drafted earlier with this form's key, or None."""
    if not idempotency_key:
        return None
    letter = Letter.objects.filter(idempotency_key=idempotency_key).first()
    if letter is not None and letter.letter_type_id != letter_type.pk:
        raise ValidationError({"idempotency_key": _("Formulir ini sudah dipakai untuk surat lain. Muat ulang "
                                                    "halaman lalu isi kembali.")})
    return letter


def _letter_of_request(request):
    """The request's letter in progress or issued (not revoked), or None."""
    return request.letters.exclude(status=LetterStatus.REVOKED).order_by("-created_at", "-id").first()


def draft_letter(actor, letter_type, values, *, request=None, person=None, placement=None, idempotency_key=None):
    """Draft one letter: values checked and the text rendered, no number yet (the kepala desa's signature takes
    it). Drafted once: a replay of the same form (`idempotency_key`, generated when it rendered) or a second
    letter for the same service request returns the letter already drafted, with `reused` True."""
    require_perm(actor, "services.draft_letter", letter_type)
    earlier = _earlier_letter(letter_type, idempotency_key)
    if earlier is None and request is not None:
        earlier = _letter_of_request(request)
        if earlier is None and request.status not in OPEN_STATUSES:
            raise ValidationError({"request": _("Permohonan ini sudah ditutup.")})
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
    state_error = placement_state_error(letter_type, placement)
    if state_error:
        raise ValidationError({"placement": state_error})
    clean = clean_letter_values(letter_type, values)
    letter = Letter(
        village_id=letter_type.village_id, letter_type=letter_type, request=request, letterhead=letterhead,
        status=LetterStatus.DRAFT, drafted_by=actor, title=letter_type.title, type_name=letter_type.name,
        holder_name=clean["nama"][:150], holder_nik_hash=holder_nik_hash(clean), body=_draft_body(letter_type, clean),
        values=clean,
        page_size=letter_type.page_size, idempotency_key=idempotency_key or None,
        verification_code=_unique_code(Letter, "verification_code", VERIFICATION_CODE_LENGTH),
    )
    letter.person = person
    letter.placement = placement
    try:
        letter = _save_draft(actor, letter, request)
    except _Replay as replay:
        replay.letter.reused = True
        return replay.letter
    letter.reused = False
    return letter


@transaction.atomic
def _save_draft(actor, letter, request):
    if request is not None:
        # Locked, then re-read: a concurrent draft for the same request that committed meanwhile is the answer.
        ServiceRequest.objects.select_for_update().only("pk").get(pk=request.pk)
        request.refresh_from_db()
        earlier = _letter_of_request(request)
        if earlier is not None:
            raise _Replay(earlier)
        if request.status not in OPEN_STATUSES:
            raise ValidationError({"request": _("Permohonan ini sudah ditutup.")})
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        earlier = _earlier_letter(letter.letter_type, letter.idempotency_key)
        if earlier is not None:
            raise _Replay(earlier)
        raise
    log_create(actor, letter)
    if request is not None and request.status == RequestStatus.SUBMITTED:
        apply_request_transition(actor, request, RequestStatus.IN_PROCESS)
    return letter


def revise_letter(actor, letter, values):
    """The operator corrects a draft, or a letter sent back with a note; it goes back to draft for checking."""
    require_perm(actor, "services.draft_letter", letter)
    letter_type = letter.letter_type
    clean = clean_letter_values(letter_type, values)
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.status not in EDITABLE_LETTER_STATUSES:
            raise ValidationError({"status": _("Surat berstatus %(status)s tidak dapat diubah lagi.") % {
                "status": letter.get_status_display()}})
        state_error = placement_state_error(letter_type, letter.placement)
        if state_error:
            raise ValidationError({"placement": state_error})
        before = snapshot(letter, ["status", "holder_name", "body", "values"])
        letter.values = clean
        letter.body = _draft_body(letter_type, clean)
        letter.holder_name, letter.holder_nik_hash = clean["nama"][:150], holder_nik_hash(clean)
        letter.title, letter.type_name, letter.page_size = letter_type.title, letter_type.name, letter_type.page_size
        letter.letterhead = current_letterhead(letter.village_id) or letter.letterhead
        letter.status = LetterStatus.DRAFT
        letter.save()
        log_update(actor, letter, before)
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
    if not letter.is_numbered:
        raise ValidationError({"reason": _("Konsep surat belum bernomor; kembalikan atau perbaiki, tidak perlu "
                                           "dicabut.")})
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
    """The issued (or revoked) letter a verification code names, or None for anything else: malformed, altered,
    forged, or a letter not yet issued."""
    code = normalise_code(raw)
    if len(code) != VERIFICATION_CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return Letter.objects.select_related("village").filter(
        verification_code=code, status__in=(LetterStatus.VALID, LetterStatus.REVOKED)).first()


def display_body(letter):
    """The letter's text; a letter not yet signed shows what signing will fill in."""
    if letter.is_numbered:
        return letter.body
    return placeholders.render(letter.body, {
        "nomor": _("(nomor diberikan saat ditandatangani)"), "tanggal": _("(tanggal tanda tangan)"),
        "penandatangan": _("(nama kepala desa)"), "jabatan_penandatangan": signer_title_for(letter.village)})


def body_for(user, letter):
    """The letter's text as this user may read it on screen and in the API: NIK and KK numbers masked unless
    the user may reveal NIKs in the letter's village. The printed PDF (the official letter) keeps them whole."""
    body = display_body(letter)
    if user is not None and user.has_perm("people.reveal_nik", letter):
        return body
    return mask_digit_runs(body)


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
