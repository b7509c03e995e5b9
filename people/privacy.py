"""What the registry holds about a person, for the privacy app (core.registry privacy hooks)."""

from django.db import connection
from django.utils.translation import gettext as _

from core.crypto import keyed_hash
from core.datakeys import update_where
from core.registry import PersonRecords

from .models import FamilyContact, Person, name_hash, name_index

# Columns blanked on erasure (live row and history): everything that identifies or locates the person.
# village, sex and the birth year stay for the aggregate statistics.
ERASED_BLANK = ("birth_place", "dusun", "rt", "rw", "address", "phone", "notes", "kk_hash", "phone_hash")


def records_for(person):
    rows = [{
        _("Nama"): person.name, _("NIK"): person.nik, _("Nomor KK"): person.kk,
        _("Jenis kelamin"): person.get_sex_display(), _("Tempat lahir"): person.birth_place,
        _("Tanggal lahir"): person.birth_date, _("Desa"): person.village.name if person.village_id else "",
        _("Dusun"): person.dusun, _("RT/RW"): f"{person.rt}/{person.rw}", _("Alamat"): person.address,
        _("Telepon"): person.phone, _("Status perkawinan"): person.get_marital_status_display(),
        _("Pendidikan"): person.get_education_display(), _("Catatan"): person.notes,
        _("Dicatat"): person.created_at,
    }]
    contacts = list(person.contacts.all())
    sections = [PersonRecords(title=_("Data kependudukan"), rows=rows, order=10)]
    if contacts:
        sections.append(PersonRecords(
            title=_("Kontak keluarga"), order=11,
            rows=[{_("Nama"): c.name, _("Hubungan"): c.get_relationship_display(), _("Telepon"): c.phone,
                   _("Alamat"): c.address} for c in contacts],
            refs=[("people.familycontact", c.pk) for c in contacts]))
    return sections


def erase(pseudonyms):
    """Pseudonymise the name, blank the identifying columns in the live row and every history row, and remove
    the family contacts (history: pseudonym, contact data blanked). The NIK/KK and other sealed values stay as
    ciphertext under the destroyed data keys; the name's and phone's keyed hashes are rewritten (the pseudonym's)
    or blanked. `pseudonyms`: {person id: pseudonym}; one statement per table."""
    ids = list(pseudonyms)
    blank = dict.fromkeys(ERASED_BLANK, "")
    births = dict(Person.objects.filter(pk__in=ids).values_list("pk", "birth_date"))
    name_field = Person._meta.get_field("name")  # sealed column: the pseudonym is stored encrypted too
    rows = [(name_field.get_db_prep_save(p, connection), name_hash(p), name_index(p),
             keyed_hash(f"erased-person-nik:{pk}"), births[pk].replace(month=7, day=1) if births.get(pk) else None,
             pk) for pk, p in pseudonyms.items()]
    # Erasure rewrites history by design (no new history row holding the old values). One statement per table: the
    # blanked columns ride along with the pseudonym.
    blanks = tuple(blank.values())
    update_where(Person, "id", [*blank, "name", "name_key", "name_index", "nik_hash", "birth_date"],
                 [(*blanks, *r) for r in rows])
    update_where(Person.history.model, "id", [*blank, "name", "nik_hash", "birth_date"],
                 [(*blanks, r[0], r[3], r[4], r[5]) for r in rows])
    contacts = FamilyContact.history.filter(person_id__in=ids).count()
    FamilyContact.objects.filter(person_id__in=ids).delete()
    update_where(FamilyContact.history.model, "person_id", ["name", "phone", "address"],
                 [(name_field.get_db_prep_save(p, connection), "", "", pk) for pk, p in pseudonyms.items()])
    return len(ids) + contacts
