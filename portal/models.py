"""Public information: news and bulletins, safe-migration guides and job information (art. 42 a).

Each record belongs to a region of any level (a village, or a regency for a network such as KOPI Blitar;
none for national guides) and is edited only by users whose scope covers that region. Only published
records reach the public pages.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.uploads import validate_image, validate_pdf


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")
    WITHDRAWN = "withdrawn", _("Ditarik")


class PublicQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts.scoping import scope_q

        return self.filter(scope_q(user, self.model.SCOPE_FIELD))

    def published(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


PublicManager = models.Manager.from_queryset(PublicQuerySet)


class PublicRecord(TimeStampedModel):
    SCOPE_FIELD = "region__code"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("wilayah"),
        help_text=_("Desa untuk berita desa; kabupaten untuk jaringan (mis. KOPI Blitar)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("waktu terbit"), null=True, blank=True)
    author_name = models.CharField(_("penulis"), max_length=150, blank=True)

    objects = PublicManager()

    class Meta:
        abstract = True

    @property
    def region_code(self):
        return self.region_id or ""

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and self.published_at is not None and \
            self.published_at <= timezone.now()


class PublicationKind(models.TextChoices):
    NEWS = "news", _("Berita")
    BULLETIN = "bulletin", _("Buletin")
    ANNOUNCEMENT = "announcement", _("Pengumuman")


class Publication(PublicRecord):
    kind = models.CharField(_("jenis"), max_length=15, choices=PublicationKind.choices, default=PublicationKind.NEWS)
    group = models.ForeignKey("community.CommunityGroup", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="publications", verbose_name=_("diterbitkan oleh kelompok"))
    title = models.CharField(_("judul"), max_length=200)
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    body = models.TextField(_("isi"), help_text=_("Boleh memakai format sederhana: paragraf, tebal, miring, "
                                                   "daftar, tautan, judul kecil."))
    cover = models.FileField(_("gambar sampul"), upload_to="portal/covers/%Y/", blank=True,
                             validators=[validate_image])
    pdf = models.FileField(_("lampiran PDF"), upload_to="portal/pdf/%Y/", blank=True, validators=[validate_pdf])

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("publikasi")
        verbose_name_plural = _("publikasi")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:publication", args=[self.pk])


class Guide(PublicRecord):
    """A safe-migration guide; each list field holds one item per line."""

    title = models.CharField(_("judul"), max_length=200)
    destination = CountryField(_("negara tujuan"), blank=True, help_text=_("Kosong bila berlaku umum."))
    intro = models.TextField(_("pengantar"), blank=True)
    steps = models.TextField(_("langkah-langkah"), help_text=_("Satu langkah per baris."))
    rights = models.TextField(_("hak PMI"), blank=True, help_text=_("Satu hak per baris."))
    documents = models.TextField(_("dokumen yang diperlukan"), blank=True, help_text=_("Satu dokumen per baris."))
    forbidden_costs = models.TextField(
        _("biaya yang tidak boleh dibebankan"), blank=True,
        help_text=_("Satu per baris; mis. tiket, visa, legalisasi, pelatihan untuk 10 jabatan "
                    "(Perban BP2MI 9/2020)."),
    )
    hotlines = models.TextField(_("hotline pengaduan"), blank=True,
                                help_text=_("Satu per baris: nama lembaga — nomor."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("panduan migrasi aman")
        verbose_name_plural = _("panduan migrasi aman")

    def __str__(self):
        return self.title

    @staticmethod
    def _lines(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    def step_list(self):
        return self._lines(self.steps)

    def right_list(self):
        return self._lines(self.rights)

    def document_list(self):
        return self._lines(self.documents)

    def forbidden_cost_list(self):
        return self._lines(self.forbidden_costs)

    def hotline_list(self):
        return self._lines(self.hotlines)


class JobInfo(PublicRecord):
    """A job order passed on by the village (UU 18/2017 art. 42 a), as received from the ministry."""

    position = models.CharField(_("jabatan"), max_length=150)
    country = CountryField(_("negara penempatan"))
    employer = models.CharField(_("pemberi kerja"), max_length=200, blank=True)
    agency = models.ForeignKey("migrants.Agency", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="job_infos", verbose_name=_("P3MI terdaftar"))
    agency_name = models.CharField(_("P3MI (perusahaan penempatan)"), max_length=200)
    agency_licence_number = models.CharField(_("nomor izin P3MI (SIP3MI)"), max_length=80)
    job_order_number = models.CharField(_("nomor job order / SIP2MI"), max_length=80, blank=True)
    vacancies = models.PositiveIntegerField(_("jumlah lowongan"), default=1)
    salary = models.CharField(_("gaji"), max_length=120, blank=True)
    requirements = models.TextField(_("persyaratan"), blank=True)
    costs_note = models.TextField(_("biaya penempatan"), blank=True,
                                  help_text=_("Tuliskan komponen biaya sesuai ketentuan; untuk 10 jabatan "
                                              "bebas biaya (Perban BP2MI 9/2020) tulis 'Bebas biaya'."))
    source = models.CharField(_("sumber informasi"), max_length=200,
                              help_text=_("Mis. Disnaker Kab. Blitar, UPT BP3MI, SISKOP2MI."))
    received_on = models.DateField(_("tanggal diterima"))
    closes_on = models.DateField(_("batas pendaftaran"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "position"]
        verbose_name = _("informasi lowongan kerja")
        verbose_name_plural = _("informasi lowongan kerja")

    def __str__(self):
        return f"{self.position} — {self.country.name}"

    @property
    def is_open(self):
        return self.closes_on is None or self.closes_on >= timezone.localdate()

