"""Reference data: agencies (P3MI) and field recruiters."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.blindindex import DigestIndexField, prefix_digests, prefix_query
from core.crypto import EncryptedCharField, EncryptedTextField
from core.models import TimeStampedModel
from people.models import name_hash, normalise_name, phone_hash
from people.phone import phone_or_blank


class Agency(TimeStampedModel):
    """A placement company (P3MI). Reference data: visible to every signed-in user so repeat offenders show."""

    # The licensed-company (P3MI) registry: public business data (a company's name, SIP3MI licence, address, office
    # phone), left plain on purpose (issue 19.3); a case's agency_name names it plain too.

    name = models.CharField(_("nama P3MI"), max_length=200)
    licence_number = models.CharField(_("nomor SIP3MI"), max_length=100, blank=True, db_index=True)
    licence_valid_from = models.DateField(_("SIP3MI berlaku sejak"), null=True, blank=True)
    licence_valid_until = models.DateField(_("SIP3MI berlaku sampai"), null=True, blank=True)
    licence_revoked = models.BooleanField(_("izin dicabut/dibekukan"), default=False)
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("P3MI")
        verbose_name_plural = _("P3MI")

    def __str__(self):
        return self.name

    def licence_valid_on(self, day):
        """True when the SIP3MI covers `day` (the departure date)."""
        if self.licence_revoked or not self.licence_number or not self.licence_valid_until:
            return False
        if self.licence_valid_from and day < self.licence_valid_from:
            return False
        return day <= self.licence_valid_until

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("migrants:agency_detail", args=[self.pk])


def recruiter_index(name) -> str:
    """Keyed hashes of every word prefix of a recruiter's name (core.blindindex, the "recruiter" domain, as a case's
    recruiter_name is indexed): how the register's search finds a sealed name."""
    return prefix_digests(normalise_name(str(name or "")).split(), "recruiter")


def recruiter_search_q(text):
    """Q for recruiters with a word of their name starting with each word of `text` (None: no word to search)."""
    digests = prefix_query(normalise_name(str(text or "")).split(), "recruiter")
    return models.Q(name_index__has_digests=digests) if digests else None


def recruiter_ids_by_name(names) -> dict:
    """{normalised name: recruiter pk} of the recorded recruiters named `names` (case, accents, punctuation and spacing
    aside), found by the keyed whole-name hash (name_key): no recruiter is loaded nor decrypted. Of several recruiters
    with one name the newest wins. Erased recruiters have no hash and are never found."""
    by_hash = {}
    for name in names:
        key = normalise_name(str(name or ""))
        if key:
            by_hash.setdefault(name_hash(key), key)
    hashes, found = list(by_hash), {}
    for start in range(0, len(hashes), 1000):
        for pk, key in (Recruiter.objects.filter(name_key__in=hashes[start:start + 1000]).order_by("pk")
                        .values_list("pk", "name_key")):
            found[by_hash[key]] = pk
    return found


class RecruiterQuerySet(models.QuerySet):
    def with_name(self, name):
        """Recruiters whose whole name is `name` (case, accents, punctuation and spacing aside), by its keyed hash."""
        key = normalise_name(str(name or ""))
        return self.filter(name_key=name_hash(key)) if key else self.none()

    def with_phone(self, phone):
        """Recruiters whose number is `phone` (any way people write it: 0812…, +62 812…), by its keyed hash."""
        number = phone_or_blank(str(phone or ""))
        return self.filter(phone_hash=phone_hash(number)) if number else self.none()

    def named(self, text):
        """Recruiters with a word of their name starting with each word of `text` (keyed prefix hashes)."""
        q = recruiter_search_q(text)
        return self.none() if q is None else self.filter(q)


class Recruiter(TimeStampedModel):
    """A field recruiter (sponsor/calo) and the agency they claim to work for."""

    # Not the P3MI registry (that is Agency): a field recruiter is usually a natural person, with a phone. Decided
    # (issue 19.3): a register of reported calo is personal data of natural persons, and UU 27/2022 protects them
    # too, whatever they are suspected of. So the name, phone and notes are sealed (core.crypto) under each
    # recruiter's own data key (DATA_SUBJECT "self", "migrants.recruiter"), live and history rows and the audit log
    # alike: a backup holds only ciphertext, and erasing one recruiter on request (migrants.services.erase_recruiter)
    # destroys the key, so every copy opens to nothing while the row stays for the placements and cases naming it.
    # The register stays searchable and deduplicable by keyed hashes beside the sealed values (FIELD_HASH_KEY, never
    # stored with the data): the whole normalised name (name_key, the imports' dedupe), the phone as stored, +62…
    # (phone_hash), and every word prefix of the name (name_index, the list's search; GIN on PostgreSQL). None is
    # kept in history. The database cannot sort by a sealed name: lists are newest first.

    AUDIT_SENSITIVE_FIELDS = frozenset({"name", "phone", "notes", "name_key", "phone_hash", "name_index"})
    DATA_SUBJECT = "self"
    HIDDEN_SOURCES = frozenset({"name", "phone"})

    name = EncryptedCharField(_("nama"), max_length=150)
    phone = EncryptedCharField(_("telepon"), max_length=20, blank=True)
    claimed_agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="recruiters",
        verbose_name=_("mengaku dari P3MI"),
    )
    home_region = models.ForeignKey(
        "regions.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("wilayah asal/kerja"),
    )
    notes = EncryptedTextField(_("catatan"), blank=True)
    # Keyed hashes of the sealed values (hidden_columns): blank once erased.
    name_key = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    name_index = DigestIndexField(blank=True, default="", editable=False)
    erased_at = models.DateTimeField(_("data pribadi dihapus"), null=True, blank=True, editable=False)

    objects = RecruiterQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_key", "phone_hash", "name_index"])

    class Meta:
        ordering = ["-id"]
        verbose_name = _("perekrut lapangan")
        verbose_name_plural = _("perekrut lapangan")

    def __str__(self):
        return str(self.name)

    @staticmethod
    def hidden_columns(name, phone="") -> dict:
        """The keyed hashes derived from the sealed name and phone (save() and the data migration alike); the phone's
        is of its stored form, +62… (people.phone), as a person's is."""
        return {"name_key": name_hash(str(name or "")), "phone_hash": phone_hash(phone_or_blank(str(phone or ""))),
                "name_index": recruiter_index(name)}

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if self.erased_at is None and (fields is None or self.HIDDEN_SOURCES & set(fields)):
            hidden = self.hidden_columns(self.name, self.phone)
            self.__dict__.update(hidden)
            if fields is not None:
                kwargs["update_fields"] = {*fields, *hidden}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("migrants:recruiter_detail", args=[self.pk])

