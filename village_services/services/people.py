"""People and placements as seen from the village office, and the letter values taken from them."""

from django.core.exceptions import ValidationError

from .. import placeholders
from .common import clean_nik


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
