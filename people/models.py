"""Residents (warga) and the family contacts reachable while a worker is abroad.

NIK, KK, name and phone are encrypted at rest, sealed under the person's data key (core.crypto), and paired
with keyed hashes for lookup: NIK/KK/phone exact (uniqueness, messaging), the name as a whole (near-duplicates)
and by word prefixes (search). Nothing else about them is stored in clear.
"""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedManager
from core.blindindex import DigestIndexField
from core.crypto import EncryptedCharField, EncryptedTextField, blind_index, keyed_hash, prefix_digests, prefix_query
from core.formatting import mask_nik
from core.models import TimeStampedModel, VillageScopedModel

from .validators import validate_birth_date


class Sex(models.TextChoices):
    MALE = "M", _("Laki-laki")
    FEMALE = "F", _("Perempuan")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Belum kawin")
    MARRIED = "married", _("Kawin")
    DIVORCED = "divorced", _("Cerai hidup")
    WIDOWED = "widowed", _("Cerai mati")


class Education(models.TextChoices):
    NONE = "none", _("Tidak/belum sekolah")
    SD = "sd", _("SD/sederajat")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/SMK/sederajat")
    D3 = "d3", _("Diploma")
    S1 = "s1", _("Sarjana (S1) atau lebih")


def normalise_name(name: str) -> str:
    """Key for near-duplicate detection: case, accents, punctuation and spacing do not matter."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def digits_hash(value: str) -> str:
    return keyed_hash("".join(ch for ch in (value or "") if ch.isdigit())) if value else ""


def name_hash(name: str) -> str:
    """Keyed hash of the normalised name (near-duplicate check: same name and birth date)."""
    return blind_index(normalise_name(name), "name")


def name_index(name: str) -> str:
    """Keyed hashes of every word prefix (3+ letters) of the normalised name: the name search's index."""
    return prefix_digests(normalise_name(name).split(), "name")


def phone_hash(phone: str) -> str:
    """Keyed hash of a phone number as stored (+62…, people.phone.normalise_phone)."""
    return blind_index(phone or "", "phone")


class PersonQuerySet(ScopedManager._queryset_class):
    def with_nik(self, nik):
        return self.filter(nik_hash=digits_hash(nik))

    def with_kk(self, kk):
        return self.filter(kk_hash=digits_hash(kk))

    def with_name(self, name):
        """People whose whole name is `name` (case, accents, punctuation and spacing aside), by its keyed hash."""
        return self.filter(name_key=name_hash(name))

    def with_phone(self, phone):
        """People whose number is `phone` (as stored: +62…)."""
        return self.filter(phone_hash=phone_hash(phone)) if phone else self.none()

    def named(self, text):
        """People with a word of their name starting with each word of `text` (3+ letters; shorter words match
        a whole word), found by the keyed prefix hashes: the name itself is sealed. Nothing for an empty text."""
        q = name_search_q(text)
        return self.none() if q is None else self.filter(q)


def name_search_q(text, prefix=""):
    """Q for a name search of `text` (None when it has no word to search): the name index holds every digest of
    `prefix_query` (core.blindindex's `has_digests`, a GIN index on PostgreSQL). `prefix`: "person__" through a
    relation; a search that ORs it with other columns asks for id sets instead (core.filters.any_of)."""
    digests = prefix_query(normalise_name(text).split(), "name")
    return models.Q(**{f"{prefix}name_index__has_digests": digests}) if digests else None


class Person(VillageScopedModel):
    """A resident registered by the village: a prospective, current or returned migrant worker."""

    # Sealed values never reach the audit log in clear (erasure could not reach them there).
    AUDIT_SENSITIVE_FIELDS = frozenset({"nik", "kk", "nik_hash", "kk_hash", "birth_place", "address", "notes",
                                        "name", "name_key", "name_index", "phone", "phone_hash"})
    AUDIT_READS = True
    # Encrypted fields are sealed under the person's own data key (core.crypto): erasure destroys it, and a
    # backup or history row taken before opens to nothing. Name and phone are found by keyed hashes beside them
    # (name_key, name_index, phone_hash; erasure rewrites them). Dusun/RT/RW (lists search and group by them)
    # stay plain and are blanked on erasure, live and history rows alike; village, sex and birth year stay.
    DATA_SUBJECT = "self"

    nik = EncryptedCharField(_("NIK"), help_text=_("16 digit, sesuai KTP."))
    nik_hash = models.CharField(max_length=64, unique=True, editable=False)
    kk = EncryptedCharField(_("nomor KK"), blank=True, help_text=_("16 digit, sesuai kartu keluarga."))
    kk_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    name = EncryptedCharField(_("nama lengkap"), max_length=150)
    name_key = models.CharField(max_length=150, db_index=True, editable=False)  # name_hash(name)
    name_index = DigestIndexField(blank=True, default="", editable=False)  # name_index(name): the name search
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = EncryptedCharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), validators=[validate_birth_date])
    dusun = models.CharField(_("dusun"), max_length=100, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    address = EncryptedCharField(_("alamat (jalan/nomor)"), max_length=255, blank=True)
    phone = EncryptedCharField(_("telepon"), max_length=20, blank=True, help_text=_("Disimpan dalam format +62…"))
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    marital_status = models.CharField(
        _("status perkawinan"), max_length=10, choices=MaritalStatus.choices, default=MaritalStatus.SINGLE
    )
    education = models.CharField(_("pendidikan terakhir"), max_length=5, choices=Education.choices, blank=True)
    notes = EncryptedTextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    objects = PersonQuerySet.as_manager()
    # History is read per record (by id), never searched by these columns: their indexes would only slow every
    # write (a 100,000-row import writes 100,000 history rows).
    history = HistoricalRecords(excluded_fields=["name_key", "name_index"],
                                no_db_index=["village", "nik_hash", "kk_hash", "phone_hash", "created_by"])

    class Meta:
        # Newest first: the name is sealed, so the database cannot sort by it.
        ordering = ["-created_at", "-id"]
        verbose_name = _("warga")
        verbose_name_plural = _("warga")
        indexes = [models.Index(fields=["name_key", "birth_date"]),
                   models.Index(fields=["-created_at", "-id"], name="person_newest"),
                   # The search's dusun part (a substring: no index answers it) reads this instead of the table.
                   models.Index(fields=["dusun", "id"], name="person_dusun_search")]

    def __str__(self):
        return str(self.name)  # an unreadable name raises DecryptionError (the key-problem page), not a TypeError

    # The hidden columns and the field each is derived from.
    HIDDEN_COLUMNS = {"nik": ["nik_hash"], "kk": ["kk_hash"], "name": ["name_key", "name_index"],
                      "phone": ["phone_hash"]}

    @staticmethod
    def hidden_columns(nik, kk, name, phone="") -> dict:
        """The columns never typed, derived from NIK, KK, name and phone: the keyed hashes that find a person
        without decrypting (exact, near-duplicate name, name search). The one derivation used by save(), the
        importer's bulk writes and the synthetic data generator."""
        return {"nik_hash": digits_hash(nik), "kk_hash": digits_hash(kk), "name_key": name_hash(name),
                "name_index": name_index(name), "phone_hash": phone_hash(phone)}

    def save(self, *args, **kwargs):
        self.nik = "".join(ch for ch in (self.nik or "") if ch.isdigit())
        self.kk = "".join(ch for ch in (self.kk or "") if ch.isdigit())
        for attname, value in self.hidden_columns(self.nik, self.kk, self.name, self.phone).items():
            setattr(self, attname, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = self.HIDDEN_COLUMNS
            kwargs["update_fields"] = set(update_fields) | {c for f in update_fields for c in extra.get(f, [])}
        super().save(*args, **kwargs)

    @property
    def masked_nik(self):
        return mask_nik(self.nik)

    @property
    def masked_kk(self):
        return mask_nik(self.kk)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("people:detail", args=[self.pk])


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Suami/istri")
    PARENT = "parent", _("Orang tua")
    CHILD = "child", _("Anak")
    SIBLING = "sibling", _("Saudara kandung")
    GUARDIAN = "guardian", _("Wali")
    RELATIVE = "relative", _("Kerabat lain")
    OTHER = "other", _("Lainnya")


class FamilyContact(TimeStampedModel):
    """Someone at home the village can reach about the worker (and who can reach the worker)."""

    SCOPE_FIELD = "person__village__code"
    AUDIT_SENSITIVE_FIELDS = frozenset({"name", "phone", "address"})
    DATA_SUBJECT = "person"  # name, phone and address sealed under the worker's data key (core.crypto)

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("warga"))
    name = EncryptedCharField(_("nama"), max_length=150)
    relationship = models.CharField(_("hubungan"), max_length=10, choices=Relationship.choices)
    phone = EncryptedCharField(_("telepon"), max_length=20, blank=True, help_text=_("Disimpan dalam format +62…"))
    address = EncryptedCharField(_("alamat"), max_length=255, blank=True)
    is_primary = models.BooleanField(_("kontak utama"), default=False)

    objects = ScopedManager()
    history = HistoricalRecords(no_db_index=["person"])

    class Meta:
        ordering = ["-is_primary", "id"]  # the name is sealed: the database cannot sort by it
        verbose_name = _("kontak keluarga")
        verbose_name_plural = _("kontak keluarga")

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()})"

    @property
    def region_code(self):
        return self.person.village_id
