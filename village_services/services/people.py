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


def values_from(person=None, placement=None, request=None, claim=None):
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
        if claim is not None:
            values.update(_claim_values(claim))
    return {k: v for k, v in values.items() if v}


def visible_claims(user):
    """JKM claims (cases.Claim) the user may see: a letter of heirs is pre-filled from one."""
    from cases.models import Claim

    return Claim.objects.visible_to(user).select_related("case", "placement")


def heir_lines(heirs):
    """The heirs as the letter lists them, in the order of Permenaker 4/2023 art. 57(4) (cases.reference.HEIR_ORDER:
    widow/widower/child first, then blood relatives, siblings, parents-in-law, the person named in a will); heirs of
    one rank keep the order given. `heirs`: [(name, rank code, relation)]."""
    from cases.reference import HEIR_ORDER

    order = {code: index for index, (code, _label) in enumerate(HEIR_ORDER)}
    labels = dict(HEIR_ORDER)
    ranked = sorted(heirs, key=lambda heir: order.get(heir[1], len(order)))
    lines = []
    for number, (name, rank, relation) in enumerate(ranked, start=1):
        detail = ", ".join(str(part) for part in (relation, labels.get(rank, "")) if part)
        lines.append(f"{number}. {name}" + (f" ({detail})" if detail else ""))
    return "\n".join(lines)


def _claim_values(claim):
    """From a JKM claim: the heirs of its case's claims in the art. 57 order, the date of death, the purpose."""
    claims = claim.case.claims.filter(claim_type__startswith="jkm").exclude(heir_name="").order_by("id")
    heirs, seen = [], set()
    for item in claims:
        if item.heir_name.strip().lower() not in seen:
            seen.add(item.heir_name.strip().lower())
            heirs.append((item.heir_name.strip(), item.heir_rank, item.heir_relation.strip()))
    values = {"daftar_ahli_waris": heir_lines(heirs),
              "keperluan": "pengajuan manfaat Jaminan Kematian (JKM) BPJS Ketenagakerjaan"}
    if claim.incident_date:
        values["tanggal_meninggal"] = placeholders.indonesian_date(claim.incident_date)
    if not claim.case.person_id:
        values.update({"nama": claim.case.worker_name, "nik": claim.case.worker_nik})
    return values


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
        "status_perkawinan": str(person.get_marital_status_display()),
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
