"""Public pages (no login, only published content, no JavaScript) and the editors' screens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm
from audit.services import snapshot
from core.actions import check_form, post_action, render_form, run_action, stream
from core.filters import filter_list
from core.uploads import web_image, web_width
from regions.models import Level, Region

from . import services
from .filters import AgencyFilter, GuideFilter, JobInfoFilter, PublicationFilter, VillageSearch
from .forms import FORMS, WithdrawForm
from .models import Guide, JobInfo, Publication, Status

KINDS = {"berita": Publication, "panduan": Guide, "lowongan": JobInfo}
MANAGE_FILTERS = {"berita": PublicationFilter, "panduan": GuideFilter, "lowongan": JobInfoFilter}
KIND_TITLES = {"berita": _lazy("Berita dan buletin"), "panduan": _lazy("Panduan migrasi aman"),
               "lowongan": _lazy("Informasi lowongan kerja")}
public_cache = cache_control(public=True, max_age=60)


def _network_codes(village):
    return [village.code, *[a.code for a in village.ancestors() if a.level >= Level.REGENCY]]


# --- public -------------------------------------------------------------------------------------

@public_cache
def landing(request):
    search = filter_list(request, VillageSearch, Region.objects.villages().active().select_related(
        "parent", "parent__parent").order_by("name"), per_page=None)
    # The box keeps what was typed, also when too short (the page then says why and lists nothing).
    q = (search.form["desa"].value() or "").strip()
    return render(request, "portal/landing.html", {
        "q": q, "villages": search.qs[:20] if q else [],
        "latest": Publication.objects.published().select_related("region")[:5],
        "guides": Guide.objects.published()[:5],
        "jobs": JobInfo.objects.published().filter(Q(closes_on__isnull=True) | Q(closes_on__gte=timezone.localdate()))
        .count(),
    }, status=search.status)


@public_cache
def village(request, code):
    region = get_object_or_404(Region.objects.select_related("parent"), code=code, level=Level.VILLAGE)
    return render(request, "portal/village.html", {
        "village": region, "district": region.parent,
        "publications": Publication.objects.published().filter(region_id__in=_network_codes(region))[:10],
        "services": services.village_services(code),
        "jobs": JobInfo.objects.published().filter(region_id__in=_network_codes(region))[:5],
    })


@public_cache
def news(request):
    listing = filter_list(request, PublicationFilter, Publication.objects.published().select_related("region"),
                          per_page=15)
    return render(request, "portal/news.html", {"page": listing.page, "q": listing.active_filters().get("q", "")},
                  status=listing.status)


def _published_or_404(model, pk):
    obj = get_object_or_404(model.objects.published(), pk=pk)
    return obj


@public_cache
def publication(request, pk):
    pub = _published_or_404(Publication, pk)
    return render(request, "portal/publication.html", {"pub": pub})


@public_cache
def publication_cover(request, pk):
    cover = _published_or_404(Publication, pk).cover
    return stream(web_image(cover, width=web_width(request.GET.get("w"))), private=False)


@public_cache
def publication_pdf(request, pk):
    pub = _published_or_404(Publication, pk)
    return stream(pub.pdf, filename=f"buletin-{pub.pk}.pdf", private=False)


@public_cache
def guides(request):
    return render(request, "portal/guides.html", {"guides": Guide.objects.published()})


@public_cache
def guide(request, pk):
    return render(request, "portal/guide.html", {"guide": _published_or_404(Guide, pk)})


@public_cache
def jobs(request):
    listing = filter_list(request, JobInfoFilter, JobInfo.objects.published().select_related("agency"),
                          per_page=None)
    rows = [(job, services.licence_status(services.agency_for_job(job))) for job in listing.qs]
    return render(request, "portal/jobs.html", {
        "rows": rows, "labels": services.LicenceStatus.LABELS, "country": listing.active_filters().get("negara", ""),
        "countries": sorted({(j.country.code, j.country.name) for j, _s in rows}),
    }, status=listing.status)


@public_cache
def job(request, pk):
    item = _published_or_404(JobInfo, pk)
    agency = services.agency_for_job(item)
    return render(request, "portal/job.html", {
        "job": item, "agency": agency, "status": services.licence_status(agency),
        "labels": services.LicenceStatus.LABELS,
    })


@public_cache
def agencies(request):
    listing = filter_list(request, AgencyFilter, services.agencies(), per_page=30)
    rows = [(a, services.licence_status(a)) for a in listing.page]
    return render(request, "portal/agencies.html", {"rows": rows, "page": listing.page,
                                                    "q": listing.active_filters().get("q", ""),
                                                    "labels": services.LicenceStatus.LABELS}, status=listing.status)


# --- editors ------------------------------------------------------------------------------------

def _kind(kind):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


@login_required
def manage(request, kind="berita"):
    model = _kind(kind)
    if not has_perm(request.user, "portal.edit_publication"):
        raise PermissionDenied
    listing = filter_list(request, MANAGE_FILTERS[kind], model.objects.visible_to(request.user).select_related(
        "region").order_by("-updated_at"), per_page=30)
    return render(request, "portal/manage.html", {
        "kind": kind, "kinds": KIND_TITLES, "title": KIND_TITLES[kind], "page": listing.page,
        "status": listing.active_filters().get("status"), "statuses": Status.choices,
    }, status=listing.status)


@login_required
def edit(request, kind, pk=None):
    model = _kind(kind)
    # Out of scope reads as missing (404) before the permission is asked (403).
    obj = get_object_or_404(model.objects.visible_to(request.user), pk=pk) if pk else model()
    if not has_perm(request.user, "portal.edit_publication", obj if pk else None):
        raise PermissionDenied
    before = snapshot(obj) if pk else None
    form = FORMS[kind](request.POST or None, request.FILES or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = (run_action(form, services.update, request.user, form.instance, before) if pk
                 else run_action(form, services.create, request.user, form.instance))
        if saved:
            messages.success(request, _("Tersimpan sebagai %(status)s.") % {"status": saved.get_status_display()})
            return redirect("portal:manage_detail", kind, saved.pk)
    title = (_("Ubah") if pk else _("Buat")) + " — " + KIND_TITLES[kind]
    return render_form(request, form, multipart=True, title=title,
                       cancel_url=reverse("portal:manage", args=[kind]))


@login_required
def manage_detail(request, kind, pk):
    model = _kind(kind)
    obj = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    return render(request, "portal/manage_detail.html", {
        "obj": obj, "kind": kind, "title": KIND_TITLES[kind],
        "can_edit": has_perm(request.user, "portal.edit_publication", obj), "withdraw_form": WithdrawForm(),
        "public_url": reverse({"berita": "portal:publication", "panduan": "portal:guide",
                               "lowongan": "portal:job"}[kind], args=[obj.pk]),
    })


@login_required
@require_POST
def change_status(request, kind, pk):
    model = _kind(kind)
    obj = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    # Out of scope 404, in scope without the right 403, before the action is even read (the one rule).
    if not has_perm(request.user, "portal.edit_publication", obj):
        raise PermissionDenied
    actions = {
        "publish": (lambda: services.publish(request.user, obj), _("Diterbitkan.")),
        "withdraw": (lambda: services.withdraw(request.user, obj, check_form(WithdrawForm(request.POST))["reason"]),
                     _("Ditarik dari halaman publik.")),
        "draft": (lambda: services.back_to_draft(request.user, obj), _("Dikembalikan menjadi draf.")),
    }
    if request.POST.get("action") not in actions:
        raise Http404
    action, success = actions[request.POST["action"]]
    return post_action(request, action, success=success, then=reverse("portal:manage_detail", args=[kind, pk]))


@login_required
def draft_file(request, pk, which):
    """Editors preview a cover or PDF before publishing (scoped like every other record)."""
    pub = get_object_or_404(Publication.objects.visible_to(request.user), pk=pk)
    if which not in ("cover", "pdf"):
        raise Http404
    return stream(getattr(pub, which))
