"""What the registry holds about a person, for the privacy app (core.registry privacy hooks)."""

from django.utils.translation import gettext as _

from core.crypto import keyed_hash
from core.registry import PersonRecords

from .models import FamilyContact, Person, normalise_name

# Columns blanked on erasure (live row and history): everything that identifies or locates the person.
# village, sex and the birth year stay for the aggregate statistics.
ERASED_BLANK = ("birth_place", "dusun", "rt", "rw", "address", "phone", "notes", "kk_hash")


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


def erase(person, pseudonym):
    """Pseudonymise the name, blank the identifying columns in the live row and every history row, and remove
    the family contacts (history included). The NIK/KK tokens stay, sealed under the destroyed data key."""
    blank = dict.fromkeys(ERASED_BLANK, "")
    year_only = person.birth_date.replace(month=7, day=1) if person.birth_date else None
    changes = {"name": pseudonym, "name_key": normalise_name(pseudonym), **blank,
               "nik_hash": keyed_hash(f"erased-person-nik:{person.pk}")}
    # Erasure rewrites history by design (QuerySet.update, no new history row holding the old values).
    Person.objects.filter(pk=person.pk).update(**changes, birth_date=year_only)
    history_changes = {k: v for k, v in changes.items() if k != "name_key"}
    Person.history.filter(id=person.pk).update(**history_changes, birth_date=year_only)
    contacts = FamilyContact.history.filter(person_id=person.pk).update(name=pseudonym, phone="", address="")
    FamilyContact.objects.filter(person_id=person.pk).delete()
    FamilyContact.history.filter(person_id=person.pk).update(name=pseudonym, phone="", address="")
    return 1 + contacts
