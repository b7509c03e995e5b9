"""Catalogue actions: the default catalogue, services, letter types and the letterhead."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import require_perm
from audit.services import log_create, log_update, snapshot
from core.uploads import JPEG_PNG, check_bytes

from .. import defaults, placeholders
from ..models import (
    Letterhead,
    LetterType,
    Service,
)


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
def copy_default_catalogue(actor, village, *, address="", contact=""):
    """Copy the default migration-service SOPs and letter types into a village. Existing copies are
    left as the village edited them, so running it again adds only what is missing. `address` and `contact`
    go on a new village's first letterhead (the onboarding form asks for them)."""
    require_perm(actor, "services.copy_catalogue", village)
    created = {"services": 0, "letter_types": 0, "letterhead": 0}
    types = {}
    for spec in defaults.LETTER_TYPES:
        letter_type = LetterType.objects.filter(village=village, code=spec["code"]).first()
        if letter_type is None:
            letter_type = LetterType.objects.create(
                village=village, code=spec["code"], name=spec["name"], title=spec["title"], body=spec["body"],
                number_pattern=spec.get("number_pattern", defaults.DEFAULT_NUMBER_PATTERN),
                states_placement=spec.get("states_placement", ""),
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
            address=address.strip() or _("Kantor %(village)s") % {"village": village}, contact=contact.strip(),
            created_by=actor,
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
