import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import ChoiceLabels


def search_key(name):
    """The name as region search compares it: lower case, punctuation as single spaces ("Sumber-Agung" and
    "sumber agung" meet). Indexed, so a typed name's beginning is an index range on SQLite and PostgreSQL."""
    return " ".join(w for w in re.split(r"[^\w']+", (name or "").lower()) if w)[:120]


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa/Kelurahan")


class Kind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")


class RegionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def within(self, code):
        """The region with this code and everything below it."""
        return self.filter(models.Q(code=code) | models.Q(code__startswith=code + "."))

    def visible_to(self, user):
        from accounts.scoping import scope_q

        return self.filter(scope_q(user, "code"))

    def villages(self):
        return self.filter(level=Level.VILLAGE)


class Region(ChoiceLabels, models.Model):
    """A Kemendagri administrative region; the primary key is the official dotted code."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100, db_index=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("induk")
    )
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    search_key = models.CharField(_("kunci pencarian"), max_length=120, blank=True, db_index=True, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Set when a later decree retires this code (merge/split/renumbering): records stay attached here
    # and can be moved to the successor; nothing is deleted.
    successor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="predecessors",
        verbose_name=_("pengganti"),
    )
    source = models.ForeignKey("RegionDataset", on_delete=models.PROTECT, related_name="regions")

    objects = RegionQuerySet.as_manager()
    # A region is its own scope: permissions and exports read its region code from this field.
    SCOPE_FIELD = "code"

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self):
        # Regency names already carry "Kabupaten"/"Kota" in the official data.
        return f"{self.get_kind_display()} {self.name}" if self.level > 2 else self.name

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return str(self)

    def ancestors(self):
        """Province → ... → parent, from the code alone (no recursive queries)."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts))]
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [found[c] for c in codes if c in found]

    @property
    def path_name(self):
        return ", ".join(str(r) for r in reversed([*self.ancestors(), self]))

    @property
    def is_kelurahan(self):
        return self.level == Level.VILLAGE and self.code.split(".")[-1].startswith("1")


class RegionDataset(models.Model):
    """Which decree and package version the region table came from (one row per load)."""

    decree = models.CharField(_("keputusan"), max_length=120)
    package = models.CharField(_("paket sumber"), max_length=120)
    loaded_at = models.DateTimeField(_("dimuat"), auto_now_add=True)
    provinces = models.PositiveIntegerField(default=0)
    regencies = models.PositiveIntegerField(default=0)
    districts = models.PositiveIntegerField(default=0)
    villages = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("sumber data wilayah")
        verbose_name_plural = _("sumber data wilayah")

    def __str__(self):
        return f"{self.decree} ({self.package})"
