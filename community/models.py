"""Community groups of (returned) migrants and families, their members and their activities."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedManager
from core.crypto import EncryptedCharField
from core.models import TimeStampedModel, VillageScopedModel
from core.uploads import validate_image

# A group with no activity for this long is not "active" for village readiness (governance.readiness).
ACTIVE_WITHIN_DAYS = 180


class GroupKind(models.TextChoices):
    KOPI = "kopi", _("KOPI (Komunitas Pekerja Migran Indonesia)")
    KAWAN_PMI = "kawan_pmi", _("KAWAN PMI")
    DESBUMI = "desbumi", _("Kader Desbumi")
    FAMILY = "family", _("Kelompok keluarga PMI")
    ENTREPRENEURS = "entrepreneurs", _("Paguyuban usaha purna PMI (PERWIRA PMI)")
    OTHER = "other", _("Lainnya")


class CommunityGroup(VillageScopedModel):
    """A group based in one village (its home, which scopes it) that may also work in other villages."""

    name = models.CharField(_("nama kelompok"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=GroupKind.choices, default=GroupKind.KOPI)
    other_villages = models.ManyToManyField(
        "regions.Region", blank=True, related_name="+", verbose_name=_("desa lain wilayah kegiatan"),
        limit_choices_to={"level": 4},
    )
    founded_on = models.DateField(_("tanggal berdiri"), null=True, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    contact_phone = models.CharField(_("telepon kontak"), max_length=30, blank=True)
    contact_public = models.BooleanField(
        _("tampilkan kontak di portal publik"), default=True,
        help_text=_("Nama ketua dan telepon kontak tampil di halaman publik desa."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["village_id", "name"]
        verbose_name = _("kelompok komunitas")
        verbose_name_plural = _("kelompok komunitas")

    def __str__(self):
        return self.name

    def current_members(self):
        return self.members.filter(left_on__isnull=True)

    def chair(self):
        return self.current_members().filter(role=MemberRole.CHAIR).first()

    def last_activity_date(self):
        last = self.activities.order_by("-date").values_list("date", flat=True).first()
        return last

    def is_working(self, today=None):
        """Active flag set and an activity in the last ACTIVE_WITHIN_DAYS days."""
        today = today or timezone.localdate()
        last = self.last_activity_date()
        return self.is_active and last is not None and last >= today - datetime.timedelta(days=ACTIVE_WITHIN_DAYS)


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Ketua")
    VICE_CHAIR = "vice_chair", _("Wakil ketua")
    SECRETARY = "secretary", _("Sekretaris")
    TREASURER = "treasurer", _("Bendahara")
    COORDINATOR = "coordinator", _("Koordinator bidang")
    MEMBER = "member", _("Anggota")


class GroupMember(TimeStampedModel):
    SCOPE_FIELD = "group__village__code"
    # Name and phone are sealed (core.crypto) under the registered person's data key when the member is linked to
    # one, else under the membership's own key ("community.groupmember"): erasing the person destroys both
    # (community.privacy), so live rows, history rows and backups open to nothing. Never in the audit diffs.
    DATA_SUBJECT = ("person", "self")
    AUDIT_SENSITIVE_FIELDS = frozenset({"name", "phone"})

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="members",
                              verbose_name=_("kelompok"))
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="community_memberships", verbose_name=_("warga terdaftar"))
    name = EncryptedCharField(_("nama"), max_length=150,
                              help_text=_("Diisi otomatis dari data warga bila anggota terdaftar."))
    phone = EncryptedCharField(_("telepon"), max_length=30, blank=True)
    role = models.CharField(_("jabatan"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = models.DateField(_("tanggal bergabung"))
    left_on = models.DateField(_("tanggal keluar"), null=True, blank=True)

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        # The name is sealed: the database cannot sort by it (pages sort a group's members with `by_name`).
        ordering = ["left_on", "role", "id"]
        verbose_name = _("anggota kelompok")
        verbose_name_plural = _("anggota kelompok")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def region_code(self):
        return self.group.village_id

    @property
    def is_current(self):
        return self.left_on is None


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("Pertemuan rutin")
    TRAINING = "training", _("Pelatihan")
    HOME_VISIT = "home_visit", _("Kunjungan rumah")
    STUDY_VISIT = "study_visit", _("Kunjungan belajar")
    BPD_AUDIENCE = "bpd_audience", _("Audiensi dengan BPD")
    VILLAGE_HEAD_AUDIENCE = "head_audience", _("Audiensi dengan kepala desa")
    OUTREACH = "outreach", _("Sosialisasi")
    OTHER = "other", _("Lainnya")


class Activity(VillageScopedModel):
    """A meeting, training, visit or audience held by a group, in a village."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.PROTECT, related_name="activities",
                              verbose_name=_("kelompok"))
    kind = models.CharField(_("jenis kegiatan"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    minutes = models.TextField(_("notulen"), blank=True)
    decisions = models.TextField(_("keputusan/kesepakatan"), blank=True)
    guest_count = models.PositiveIntegerField(_("peserta tamu (tanpa nama)"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def participant_total(self):
        return self.participants.count() + self.guest_count


class ActivityParticipant(models.Model):
    SCOPE_FIELD = "activity__village__code"
    # The name is sealed as the member's is (the registered person's key, else the membership's own); a participant
    # who is no member (a guest, an official) under the row's own key ("community.activityparticipant").
    DATA_SUBJECT = ("member.person", "member", "self")
    AUDIT_SENSITIVE_FIELDS = frozenset({"name"})

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(GroupMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("anggota"))
    name = EncryptedCharField(_("nama"), max_length=150)
    affiliation = models.CharField(_("unsur/lembaga"), max_length=150, blank=True,
                                   help_text=_("Mis. BPD, pemerintah desa, keluarga PMI."))

    objects = ScopedManager()

    class Meta:
        ordering = ["id"]  # as entered (the name is sealed); pages sort by name with `by_name`
        verbose_name = _("peserta kegiatan")
        verbose_name_plural = _("peserta kegiatan")

    def __str__(self):
        return self.name


def by_name(rows):
    """Members or participants sorted by their (sealed, so decrypted here) name, case aside."""
    return sorted(rows, key=lambda row: (str(row.name).casefold(), row.pk or 0))


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Belum selesai")
    DONE = "done", _("Selesai")
    DROPPED = "dropped", _("Dibatalkan")


class FollowUp(TimeStampedModel):
    """An action agreed in an activity, with who is responsible and by when."""

    SCOPE_FIELD = "activity__village__code"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("tindak lanjut"), max_length=300)
    responsible = models.CharField(_("penanggung jawab"), max_length=150)
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.OPEN)
    done_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    result = models.TextField(_("hasil"), blank=True)

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "due_on"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self):
        return self.description

    @property
    def region_code(self):
        return self.activity.village_id

    def is_overdue(self, today=None):
        return self.status == FollowUpStatus.OPEN and self.due_on < (today or timezone.localdate())


class ActivityPhoto(models.Model):
    SCOPE_FIELD = "activity__village__code"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("foto"), upload_to="community/photos/%Y/%m/", validators=[validate_image])
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("foto kegiatan")
        verbose_name_plural = _("foto kegiatan")

    def __str__(self):
        return self.caption or self.image.name

    @property
    def region_code(self):
        return self.activity.village_id
