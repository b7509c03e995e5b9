"""A letter's way through the village office (issue 22.2, OpenSID's convention):

    draft (operator) -> checked (sekretaris desa) -> signed (kepala desa: the number is taken)
      -> issued (the signature provider signs the PDF; its hash is recorded)

or back to the operator with a note from the sekretaris desa (a draft) or the kepala desa (a checked letter).

The number is taken inside the signing transaction, with the (village, type, year) counter row locked, so
numbers never repeat and a refused or rolled-back signature never skips one. The kepala desa signs several
letters at once; each is its own transaction, so one refused letter does not hold back the others.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import covers, require_perm
from audit.models import Action
from audit.services import log_update, snapshot

from .. import placeholders, signals, signing
from ..models import OPEN_STATUSES, Letter, LetterCounter, LetterSignature, LetterStatus, RequestStatus
from .common import local_today
from .letters import placement_state_error, signer_title_for, signing_values
from .requests import apply_request_transition

MIN_NOTE = 5


def _locked(letter):
    return Letter.objects.select_for_update().select_related("letter_type", "village").get(pk=letter.pk)


def _transition(actor, letter, status, note="", **fields):
    before = snapshot(letter, ["status", *fields])
    letter.status = status
    for name, value in fields.items():
        setattr(letter, name, value)
    letter.save()
    log_update(actor, letter, before, action=Action.TRANSITION, note=note)
    return letter


def _placement_error(letter, lock=False):
    placement = letter.placement
    if placement is not None and lock:
        placement = type(placement).objects.select_for_update().get(pk=placement.pk)
    return placement_state_error(letter.letter_type, placement)


def check_letter(actor, letter):
    """The sekretaris desa has checked the draft: it goes to the kepala desa."""
    require_perm(actor, "services.check_letter", letter)
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status != LetterStatus.DRAFT:
            raise ValidationError({"status": _("Hanya konsep surat yang dapat diperiksa; surat ini berstatus "
                                               "%(status)s.") % {"status": letter.get_status_display()}})
        error = _placement_error(letter)
        if error:
            raise ValidationError({"placement": error})
        return _transition(actor, letter, LetterStatus.CHECKED, checked_by=actor, checked_at=timezone.now(),
                           return_note="")


def return_letter(actor, letter, note):
    """Back to the operator with a note: a draft by the sekretaris desa, a checked letter by the kepala desa."""
    note = (note or "").strip()
    if len(note) < MIN_NOTE:
        raise ValidationError({"note": _("Tuliskan catatan untuk operator (minimal %(n)d huruf): apa yang harus "
                                         "diperbaiki.") % {"n": MIN_NOTE}})
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status == LetterStatus.DRAFT:
            require_perm(actor, "services.check_letter", letter)
        elif letter.status == LetterStatus.CHECKED:
            require_perm(actor, "services.sign_letter", letter)
        else:
            raise ValidationError({"status": _("Surat berstatus %(status)s tidak dapat dikembalikan.") % {
                "status": letter.get_status_display()}})
        return _transition(actor, letter, LetterStatus.RETURNED, note=note, returned_by=actor, return_note=note,
                           checked_by=None, checked_at=None)


def signer_of(actor, village):
    """(name, position) printed under the signature: the kepala desa signing, from their account and the
    membership that makes them kepala desa of this village. Only a kepala desa signs (not an administrator)."""
    holds = any(m.role == Role.VILLAGE_HEAD and m.region_id and covers(m.region_id, village.code)
                for m in actor.active_memberships())
    if not holds:
        raise PermissionDenied(_("Hanya kepala desa %(village)s yang dapat menandatangani surat desa ini.") % {
            "village": village.name})
    name = (actor.full_name or "").strip()
    if not name:
        raise ValidationError({"signer": _("Nama lengkap Anda belum diisi di akun; nama itu dicetak di bawah tanda "
                                           "tangan. Lengkapi nama lengkap terlebih dahulu.")})
    return name[:150], signer_title_for(village)


def _lock_counter(letter_type, year):
    """The counter row for (village, type, year), locked until the signing transaction ends."""
    try:
        with transaction.atomic():  # savepoint: a concurrent first signature of the year may create it first
            LetterCounter.objects.get_or_create(village_id=letter_type.village_id, letter_type=letter_type, year=year)
    except IntegrityError:
        pass
    return LetterCounter.objects.select_for_update().get(
        village_id=letter_type.village_id, letter_type=letter_type, year=year,
    )


@dataclass
class Outcome:
    letter: Letter
    ok: bool
    message: str = ""


def sign_letters(actor, letters, *, signed_on=None):
    """The kepala desa signs checked letters (one or many): each takes its number, then goes through the
    signature provider to be issued. Returns one Outcome per letter, in the order given; a letter already signed
    (a second click) counts as done."""
    outcomes = []
    for letter in letters:
        try:
            signed = sign_letter(actor, letter, signed_on=signed_on)
            outcomes.append(Outcome(signed, True, getattr(signed, "issue_error", "")))
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            outcomes.append(Outcome(letter, False, " ".join(messages)))
    return outcomes


def sign_letter(actor, letter, *, signed_on=None):
    """Sign one checked letter (the number is taken here), then issue it through the signature provider. A
    provider that cannot sign now leaves the letter signed, its number kept, to be issued again later
    (`issue_error` says why)."""
    require_perm(actor, "services.sign_letter", letter)
    name, title = signer_of(actor, letter.village)
    signed_on = signed_on or local_today()
    letter = _sign_locked(actor, letter, signed_on, name, title)
    if letter.status == LetterStatus.SIGNED:
        try:
            letter = issue_signed_letter(actor, letter)
        except signing.SignatureUnavailable as exc:
            letter.issue_error = str(exc)
    return letter


@transaction.atomic
def _sign_locked(actor, letter, signed_on, name, title):
    letter = _locked(letter)
    if letter.status in (LetterStatus.SIGNED, LetterStatus.VALID):
        return letter  # signed by a click that committed first
    if letter.status != LetterStatus.CHECKED:
        raise ValidationError({"status": _("Surat \"%(name)s\" belum diperiksa sekretaris desa (status: "
                                           "%(status)s).") % {"name": letter.holder_name,
                                                              "status": letter.get_status_display()}})
    error = _placement_error(letter, lock=True)
    if error:
        raise ValidationError({"placement": error})
    letter_type = letter.letter_type
    counter = _lock_counter(letter_type, signed_on.year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    number = placeholders.format_number(letter_type.number_pattern, seq=counter.last_seq, issued_on=signed_on,
                                        village_code=letter.village_id, type_code=letter_type.code)
    if Letter.objects.filter(village_id=letter.village_id, number=number).exists():
        # Only reachable when two types' patterns produce the same text; the whole signature rolls back.
        raise ValidationError({"number_pattern": _("Nomor %(number)s sudah dipakai surat lain di desa ini. "
                                                   "Bedakan pola nomor jenis surat ini.") % {"number": number}})
    letter.body = placeholders.render(letter.body, signing_values(number=number, signed_on=signed_on,
                                                                  signer_name=name, signer_title=title))
    return _transition(actor, letter, LetterStatus.SIGNED, number=number, year=signed_on.year,
                       seq=counter.last_seq, issued_on=signed_on, signed_by=actor, signed_at=timezone.now(),
                       signer_name=name, signer_title=title)


def issue_signed_letter(actor, letter):
    """The signature provider's step: the PDF rendered, signed, its hash and signature kept with it; the letter
    is issued and the service request it answers is completed. Raises SignatureUnavailable (the letter stays
    signed) when the provider cannot sign now; asked again later by the village office or the kepala desa."""
    require_perm(actor, "services.issue_signed_letter", letter)
    if letter.status == LetterStatus.VALID:
        return letter
    if letter.status != LetterStatus.SIGNED:
        raise ValidationError({"status": _("Surat belum ditandatangani kepala desa.")})
    error = _placement_error(letter)
    if error:
        raise ValidationError({"placement": error})
    from ..pdf import render_letter_pdf

    # Rendered and signed outside any transaction: a remote provider may take seconds.
    provider = signing.provider()
    signed = provider.sign(render_letter_pdf(letter), letter=letter)
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status != LetterStatus.SIGNED:
            return letter  # issued by a concurrent retry
        LetterSignature.objects.create(letter=letter, provider=provider.name, key_id=signed.key_id,
                                       pdf_sha256=hashlib.sha256(signed.pdf).hexdigest(),
                                       signature=signing.encode(signed.signature), pdf=signing.encode(signed.pdf))
        letter = _transition(actor, letter, LetterStatus.VALID, note=f"{provider.name}:{signed.sha256}",
                             issued_at=timezone.now(), issued_by=actor)
        request = letter.request
        if request is not None:
            if request.status in OPEN_STATUSES:
                if request.status == RequestStatus.SUBMITTED:
                    apply_request_transition(actor, request, RequestStatus.IN_PROCESS)
                apply_request_transition(actor, request, RequestStatus.COMPLETED, note=_(
                    "Surat %(number)s diterbitkan.") % {"number": letter.number})
            signals.letter_ready.send(sender=Letter, letter=letter, request=request, actor=actor)
    return letter


def signed_pdf(letter):
    """The PDF bytes the provider signed (what an issued letter prints), or None before issue."""
    row = LetterSignature.objects.filter(letter=letter).first()
    return signing.decode(row.pdf) if row is not None else None
