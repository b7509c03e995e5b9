from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.permissions import has_perm, regions_with_role
from regions.models import Level, Region
from reports.filters import YearForm
from reports.rules import DASHBOARD_ROLES

from . import services
from .filters import MapForm
from .services import NATION, MapNotAvailable


@login_required
@require_GET
def data(request):
    """Scoped map data: a region outside the user's scope, or without a map, is a 404 like elsewhere."""
    selectors = MapForm(request)
    if not selectors.valid:
        return selectors.json_refusal()
    try:
        payload = services.officer_map(request.user, selectors.area(), selectors.indicator(), selectors.year())
    except MapNotAvailable:
        raise Http404 from None
    response = JsonResponse(payload)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@cache_control(public=True, max_age=300)
def public_data(request):
    selectors = MapForm(request, public=True)
    if not selectors.valid:
        return selectors.json_refusal()
    try:
        payload = services.public_map(selectors.area(), selectors.indicator(), selectors.year())
    except MapNotAvailable:
        raise Http404 from None
    return JsonResponse(payload)


@login_required
def index(request):
    """The user's map: the nation for nationwide roles, else the map of each region where they hold a role that
    reads maps (maps.view_map), straight to it when there is one; a village's figures are on its dashboard."""
    codes = regions_with_role(request.user, DASHBOARD_ROLES)
    if codes is None:
        return _page(request, NATION)
    mapped = sorted(c for c in codes if services.has_map(c))
    if len(codes) == 1 and mapped:
        return redirect("maps:region", code=mapped[0])
    return render(request, "maps/index.html", {
        "mapped": Region.objects.filter(code__in=mapped).order_by("code"),
        "others": Region.objects.filter(code__in=[c for c in codes if c not in mapped]).order_by("code"),
        "note": services.note_village_level(),
    })


@login_required
def region_map(request, code):
    if not Region.objects.filter(code=code).exists() or not has_perm(request.user, "maps.view_map", code):
        raise Http404
    return _page(request, code)


def _page(request, code):
    selectors = YearForm(request)
    if not selectors.valid:
        selectors.message()
    region = Region.objects.filter(code=code).first() if code else None
    return render(request, "maps/map.html", {
        "region": region,
        "map_code": code,
        "year": selectors.year(),
        "title": _("Peta %(name)s") % {"name": region or _("Indonesia")},
        "dashboard_url": services.dashboard_url(code),
        "note": "" if services.has_map(code) else services.note_village_level(),
    }, status=200 if selectors.valid else 400)


def public(request):
    selectors = MapForm(request, public=True)
    if not selectors.valid:
        selectors.message()
    code = selectors.area()
    region = None
    if code:
        region = Region.objects.filter(code=code, level=Level.PROVINCE).first()
        if region is None:
            raise Http404
    return render(request, "maps/public.html", {
        "region": region,
        "map_code": code,
        "year": selectors.year(),
        "title": _("Peta data terbuka %(name)s") % {"name": region or _("Indonesia")},
    }, status=200 if selectors.valid else 400)
