"""Public pages (no login, only published content, no JavaScript) and the editors' screens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm
from audit.services import snapshot
from community.viewutils import render_form, stream, try_action
from regions.models import Level, Region

from . import services
from .forms import FORMS
from .models import Guide, JobInfo, Publication, Status

KINDS = {"berita": Publication, "panduan": Guide, "lowongan": JobInfo}
KIND_TITLES = {"berita": _("Berita dan buletin"), "panduan": _("Panduan migrasi aman"),
               "lowongan": _("Informasi lowongan kerja")}
public_cache = cache_control(public=True, max_age=60)


def url_or_none(name, *args):
    """A link to another app's page, or None while that app is not there yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _network_codes(village):
    return [village.code, *[a.code for a in village.ancestors() if a.level >= Level.REGENCY]]


# --- public -------------------------------------------------------------------------------------

@public_cache
def landing(request):
    q = request.GET.get("desa", "").strip()
    villages = []
    if len(q) >= 3:
        villages = (Region.objects.filter(level=Level.VILLAGE, is_active=True, name__icontains=q)
                    .select_related("parent", "parent__parent").order_by("name")[:20])
    return render(request, "portal/landing.html", {
        "q": q, "villages": villages,
        "latest": Publication.objects.published().select_related("region")[:5],
        "guides": Guide.objects.published()[:5],
        "jobs": JobInfo.objects.published().filter(Q(closes_on__isnull=True) | Q(closes_on__gte=timezone.localdate()))
        .count(),
        "complaint_url": url_or_none("cases:public_form"), "track_url": url_or_none("cases:public_track"),
        "verify_url": url_or_none("services:verify_form"),
    })


@public_cache
def village(request, code):
    region = get_object_or_404(Region.objects.select_related("parent"), code=code, level=Level.VILLAGE)
    from community.models import CommunityGroup
    from governance import services as gov

    groups = CommunityGroup.objects.filter(Q(village=region) | Q(other_villages=region), is_active=True).distinct()
    year = timezone.localdate().year
    return render(request, "portal/village.html", {
        "village": region, "district": region.parent,
        "publications": Publication.objects.published().filter(region_id__in=_network_codes(region))[:10],
        "groups": [(g, g.chair()) for g in groups],
        "services": services.village_services(code),
        "catalogue_url": url_or_none("services:public_catalogue", code),
        "regulations": gov.regulation_status(code),
        "budget": gov.budget_summary(code, year),
        "jobs": JobInfo.objects.published().filter(region_id__in=_network_codes(region))[:5],
        "complaint_url": url_or_none("cases:public_form"), "verify_url": url_or_none("services:verify_form"),
    })


@public_cache
def news(request):
    qs = Publication.objects.published().select_related("region")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q))
    return render(request, "portal/news.html", {"page": Paginator(qs, 15).get_page(request.GET.get("page")), "q": q})


def _published_or_404(model, pk):
    obj = get_object_or_404(model.objects.published(), pk=pk)
    return obj


@public_cache
def publication(request, pk):
    pub = _published_or_404(Publication, pk)
    return render(request, "portal/publication.html", {"pub": pub})


@public_cache
def publication_cover(request, pk):
    return stream(_published_or_404(Publication, pk).cover)


@public_cache
def publication_pdf(request, pk):
    pub = _published_or_404(Publication, pk)
    return stream(pub.pdf, filename=f"buletin-{pub.pk}.pdf")


@public_cache
def guides(request):
    return render(request, "portal/guides.html", {"guides": Guide.objects.published()})


@public_cache
def guide(request, pk):
    return render(request, "portal/guide.html", {"guide": _published_or_404(Guide, pk),
                                                 "complaint_url": url_or_none("cases:public_form")})


@public_cache
def jobs(request):
    qs = JobInfo.objects.published().select_related("agency")
    country = request.GET.get("negara", "").upper()[:2]
    if country:
        qs = qs.filter(country=country)
    rows = [(job, services.licence_status(services.agency_for_job(job))) for job in qs]
    return render(request, "portal/jobs.html", {
        "rows": rows, "labels": services.LicenceStatus.LABELS, "country": country,
        "countries": sorted({(j.country.code, j.country.name) for j, _s in rows}),
    })


@public_cache
def job(request, pk):
    item = _published_or_404(JobInfo, pk)
    agency = services.agency_for_job(item)
    return render(request, "portal/job.html", {
        "job": item, "agency": agency, "status": services.licence_status(agency),
        "labels": services.LicenceStatus.LABELS, "complaint_url": url_or_none("cases:public_form"),
    })


@public_cache
def agencies(request):
    q = request.GET.get("q", "").strip()
    qs = services.agencies(q)
    rows, page = None, None
    if qs is not None:
        page = Paginator(qs, 30).get_page(request.GET.get("page"))
        rows = [(a, services.licence_status(a)) for a in page]
    return render(request, "portal/agencies.html", {"rows": rows, "page": page, "q": q,
                                                    "labels": services.LicenceStatus.LABELS})


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
    qs = model.objects.visible_to(request.user).select_related("region").order_by("-updated_at")
    status = request.GET.get("status")
    if status in Status.values:
        qs = qs.filter(status=status)
    return render(request, "portal/manage.html", {
        "kind": kind, "kinds": KIND_TITLES, "title": KIND_TITLES[kind],
        "page": Paginator(qs, 30).get_page(request.GET.get("page")), "status": status, "statuses": Status.choices,
    })


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
        saved = try_action(form, lambda: services.update(request.user, form.instance, before) if pk
                           else services.create(request.user, form.instance))
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
        "can_edit": has_perm(request.user, "portal.edit_publication", obj),
        "public_url": reverse({"berita": "portal:publication", "panduan": "portal:guide",
                               "lowongan": "portal:job"}[kind], args=[obj.pk]),
    })


@login_required
@require_POST
def change_status(request, kind, pk):
    model = _kind(kind)
    obj = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "publish":
            services.publish(request.user, obj)
            messages.success(request, _("Diterbitkan."))
        elif action == "withdraw":
            services.withdraw(request.user, obj, request.POST.get("reason", ""))
            messages.success(request, _("Ditarik dari halaman publik."))
        elif action == "draft":
            services.back_to_draft(request.user, obj)
            messages.success(request, _("Dikembalikan menjadi draf."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("portal:manage_detail", kind, pk)


@login_required
def draft_file(request, pk, which):
    """Editors preview a cover or PDF before publishing (scoped like every other record)."""
    pub = get_object_or_404(Publication.objects.visible_to(request.user), pk=pk)
    if which not in ("cover", "pdf"):
        raise Http404
    return stream(getattr(pub, which))
