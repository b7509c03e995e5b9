"""Public information: sanitising, publishing, withdrawing; reading other apps' data for public pages
(migrants' agencies, village services' catalogue) through their models."""

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import covers, require_perm
from audit.models import Action
from audit.services import record, snapshot
from core.records import fail, save_changes, save_new
from migrants.models import Agency
from village_services.models import Service

from .models import Status

# The rich text a village writer may use; everything else (scripts, styles, iframes, event handlers) goes.
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitise(html):
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer nofollow")


def _check_group(actor, obj):
    """A publication names a group the writer can see, from inside the publication's region."""
    group_id = getattr(obj, "group_id", None)
    if not group_id:
        return
    from community.models import CommunityGroup

    groups = CommunityGroup.objects.all() if actor is None else CommunityGroup.objects.visible_to(actor)
    group = groups.filter(pk=group_id).only("village_id").first()
    region = obj.region_code
    if group is None or (region and not covers(region, group.village_id)):
        fail("group", _("Kelompok ini tidak ada di wilayah publikasi. Pilih kelompok dari desa/wilayah yang sama "
                        "dengan publikasinya."))


def _prepare(actor, obj):
    _check_group(actor, obj)
    if hasattr(obj, "body"):
        obj.body = sanitise(obj.body)
        if not nh3.clean(obj.body, tags=set()).strip():
            fail("body", _("Isi tidak boleh kosong."))


def create(actor, obj):
    """Any public record starts as a draft."""
    obj.status = Status.DRAFT
    obj.published_at = None
    if not obj.author_name:
        obj.author_name = str(actor)[:150]
    _prepare(actor, obj)
    return save_new(actor, obj, perm="portal.edit_publication")


def update(actor, obj, before):
    _prepare(actor, obj)
    return save_changes(actor, obj, before, perm="portal.edit_publication")


def _transition(actor, obj, status, note=""):
    require_perm(actor, "portal.edit_publication", obj)
    old = obj.status
    obj.status = status
    with transaction.atomic():
        obj.save()
        record(actor, Action.TRANSITION, obj, changes={"status": [old, status]}, note=note)
    return obj


def publish(actor, obj, at=None):
    if obj.status == Status.PUBLISHED:
        fail("status", _("Sudah terbit."))
    obj.published_at = at or obj.published_at or timezone.now()
    return _transition(actor, obj, Status.PUBLISHED)


def withdraw(actor, obj, reason):
    if obj.status != Status.PUBLISHED:
        fail("status", _("Hanya yang sudah terbit yang dapat ditarik."))
    if not reason.strip():
        fail("reason", _("Tuliskan alasan penarikan."))
    return _transition(actor, obj, Status.WITHDRAWN, note=reason)


def back_to_draft(actor, obj):
    if obj.status == Status.DRAFT:
        fail("status", _("Sudah berupa draf."))
    return _transition(actor, obj, Status.DRAFT)


def attach_files(actor, obj, *, cover=None, pdf=None):
    """Replaces the cover and/or PDF of a publication (validated by content and size)."""
    before = snapshot(obj, ["cover", "pdf"])
    if cover is not None:
        obj.cover = cover
    if pdf is not None:
        obj.pdf = pdf
    return save_changes(actor, obj, before, perm="portal.edit_publication")


# --- reading other apps ---------------------------------------------------------------------------

class LicenceStatus:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NOT_YET = "not_yet"
    UNKNOWN = "unknown"

    LABELS = {
        VALID: gettext_lazy("Izin berlaku"),
        EXPIRED: gettext_lazy("Izin kedaluwarsa"),
        REVOKED: gettext_lazy("Izin dicabut/dibekukan"),
        NOT_YET: gettext_lazy("Izin belum berlaku"),
        UNKNOWN: gettext_lazy("Tidak terdaftar — tanyakan ke Disnaker"),
    }


def licence_status(agency, day=None):
    day = day or timezone.localdate()
    if agency is None:
        return LicenceStatus.UNKNOWN
    if getattr(agency, "licence_revoked", False):
        return LicenceStatus.REVOKED
    valid_from = getattr(agency, "licence_valid_from", None)
    valid_until = getattr(agency, "licence_valid_until", None)
    if not getattr(agency, "licence_number", "") or valid_until is None:
        return LicenceStatus.UNKNOWN
    if valid_from and day < valid_from:
        return LicenceStatus.NOT_YET
    return LicenceStatus.VALID if day <= valid_until else LicenceStatus.EXPIRED


def agency_for_job(job):
    """The registered agency of a job order: its link, else a match on the licence number."""
    if job.agency_id:
        return job.agency
    if not job.agency_licence_number:
        return None
    return Agency.objects.filter(licence_number__iexact=job.agency_licence_number.strip()).first()


def agencies():
    """Every placement agency, by name (the page's search is portal.filters.AgencyFilter)."""
    return Agency.objects.all().order_by("name")


def village_services(village_code):
    """The village's published service catalogue (village services app)."""
    return Service.objects.filter(village_id=village_code, is_published=True, is_active=True).order_by("order", "name")
