from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VILLAGE_OPERATOR = "village_operator", _("Operator desa")
    # The village's own officials (UU 6/2014): letters move operator -> sekretaris desa (checks) -> kepala desa
    # (signs, and the letter carries the signer's name and position), as in OpenSID.
    VILLAGE_SECRETARY = "village_secretary", _("Sekretaris desa")
    VILLAGE_HEAD = "village_head", _("Kepala desa")
    COMMUNITY_VOLUNTEER = "community_volunteer", _("Relawan komunitas")
    NGO_FACILITATOR = "ngo_facilitator", _("Fasilitator LSM")
    ORGANISATION_STAFF = "organisation_staff", _("Petugas lembaga rujukan")
    DISTRICT_OFFICER = "district_officer", _("Petugas kabupaten/kota")
    PROVINCE_OFFICER = "province_officer", _("Petugas provinsi")
    NATIONAL_OFFICER = "national_officer", _("Petugas nasional")
    SYSTEM_ADMIN = "system_admin", _("Administrator sistem")


# Roles whose membership may have no region: they see the whole country.
NATIONWIDE_ROLES = {Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN}
# Roles that oversee villages from above (and the facilitators who support many): they read across villages
# (readiness tables, group and program overviews) without writing the villages' own records.
OVERSIGHT_ROLES = (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.NATIONAL_OFFICER, Role.NGO_FACILITATOR,
                   Role.SYSTEM_ADMIN)


class OrganisationKind(models.TextChoices):
    VILLAGE_GOVERNMENT = "village_government", _("Pemerintah desa")
    COMMUNITY = "community", _("Komunitas (KOPI/Desbumi/KAWAN PMI)")
    NGO = "ngo", _("LSM / organisasi masyarakat sipil")
    MANPOWER_OFFICE = "manpower_office", _("Dinas Tenaga Kerja")
    DPMD = "dpmd", _("Dinas Pemberdayaan Masyarakat dan Desa")
    UPT_BP3MI = "upt_bp3mi", _("UPT BP3MI")
    # BP2MI became a ministry in October 2024 (Perpres 139/2024); records before then keep the old name.
    KP2MI = "kp2mi", _("KemenP2MI (Kementerian P2MI, dahulu BP2MI)")
    BPJS = "bpjs", _("BPJS Ketenagakerjaan")
    POLICE = "police", _("Kepolisian")
    MISSION = "mission", _("KBRI / KJRI / Atase Ketenagakerjaan")
    AGENCY = "agency", _("P3MI (perusahaan penempatan)")
    OTHER = "other", _("Lainnya")


class Organisation(models.Model):
    """An organisation users work for and cases are referred to (the referral directory)."""

    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("wilayah kerja"),
        help_text=_("Kosong untuk lembaga nasional atau di luar negeri."),
    )
    country = models.CharField(_("negara"), max_length=2, blank=True, help_text=_("Untuk perwakilan RI."))
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lembaga")
        verbose_name_plural = _("lembaga")

    def __str__(self):
        return self.name


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Users holding a membership (active or not) in the viewer's regions: the people a district officer
        or an administrator may manage. Asking to manage one is a permission of its own (accounts.rules)."""
        from .scoping import scope_q

        return self.filter(pk__in=Membership.objects.filter(scope_q(user, "region__code")).values("user_id"))


class PayungUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    # The hash never reaches the audit log; a change is logged as "changed".
    AUDIT_SENSITIVE_FIELDS = frozenset({"password"})

    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    # Set when an administrator chooses the password (admin add/set password, `manage.py createuser`);
    # accounts.middleware sends the user to the password change page until they pick their own.
    must_change_password = models.BooleanField(
        _("wajib ganti kata sandi"), default=False,
        help_text=_("Pengguna diarahkan ke halaman ganti kata sandi sampai ia memilih kata sandinya sendiri."),
    )

    objects = PayungUserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        # set_password() leaves the raw password in `_password` until saved (Django's hasher upgrade on login
        # clears it first, so a rehash of the same password does not count). A new password revokes every API
        # token: a token must not outlive the password that was trusted when it was issued.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            self.api_tokens.all().delete()

    def get_session_auth_hash(self):
        # A user read from the shared cache (accounts.usercache) carries this hash instead of the password hash;
        # once the password is loaded or set again, the hash is computed from it as usual.
        if "password" not in self.__dict__ and "_session_hash" in self.__dict__:
            return self._session_hash
        return super().get_session_auth_hash()

    def active_memberships(self):
        cache = getattr(self, "_membership_cache", None)
        if cache is None:
            cache = list(self.memberships.filter(is_active=True).select_related("region", "organisation"))
            self._membership_cache = cache
        return cache


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .scoping import scope_q

        return self.filter(scope_q(user, "region__code"))


class Membership(models.Model):
    """A role held in a region: the user sees every record whose village code starts with it.

    A role taken away is made inactive, not deleted: who held what, where and since when stays readable."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("wilayah"),
        help_text=_("Kosong untuk petugas nasional dan administrator sistem (seluruh Indonesia) dan petugas lembaga "
                    "rujukan (yang hanya melihat kasus yang dirujuk ke lembaganya)."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("lembaga"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("keanggotaan wilayah")
        verbose_name_plural = _("keanggotaan wilayah")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="membership_unique_role_region"),
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.region or _('Seluruh Indonesia')}"

    @property
    def region_code(self):
        """The region this role counts in (accounts.permissions, the audit log); "" for a nationwide one."""
        return self.region_id or ""

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role == Role.ORGANISATION_STAFF:
            if self.organisation_id is None:
                raise ValidationError({"organisation": _("Petugas lembaga rujukan wajib memilih lembaganya.")})
        elif self.region_id is None and self.role not in NATIONWIDE_ROLES:
            raise ValidationError({"region": _("Peran ini wajib memilih wilayah.")})


class ApiToken(models.Model):
    """A personal API token: several per user, each named, expiring, stored only as a hash.

    Replaces DRF's authtoken (one token per user, the key kept in clear as the primary key, never expiring):
    a user may hold one token per integration and revoke them one by one, a database dump reveals no usable
    key, and the key is shown once when created. Sent as `Authorization: Token <key>`, as before.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("pengguna"))
    name = models.CharField(_("nama token"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("awalan"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("Surel berisi tautan")
    SHEET = "sheet", _("Lembar masuk tercetak")


class Invitation(models.Model):
    """A one-time way in for a user an officer added: the user chooses their own password with it.

    Sent as an e-mail link or printed on a sign-in sheet (a short code and a QR code). Only the key's hash is
    stored; it works once, until it expires, and a newer invitation of the same user replaces it."""

    AUDIT_SENSITIVE_FIELDS = frozenset({"key_hash"})

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("pengguna"))
    channel = models.CharField(_("cara"), max_length=10, choices=InvitationChannel.choices)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("dibuat oleh"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("undangan pengguna")
        verbose_name_plural = _("undangan pengguna")

    def __str__(self):
        return f"{self.get_channel_display()}: {self.user}"

    def is_open(self, now):
        return self.used_at is None and self.revoked_at is None and self.expires_at > now
