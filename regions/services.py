from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.scoping import user_scope_codes

from .models import Level, Region
from .search import find
from .search import preferred_areas as search_areas


def level_counts(code=None):
    qs = Region.objects.active()
    if code:
        qs = qs.within(code)
    counts = dict(qs.values_list("level").annotate(n=Count("code")).order_by())
    return {level: counts.get(level, 0) for level in Level.values}


def scope_summary(user):
    """One row per region the user works in: name, role(s), and how many regions lie inside it."""
    codes = user_scope_codes(user)
    roles_by_region = {}
    for m in user.active_memberships():
        roles_by_region.setdefault(m.region_id, []).append(m.get_role_display())
    if codes is None:
        return [{"region": None, "name": _("Seluruh Indonesia"), "roles": roles_by_region.get(None, []),
                 "counts": level_counts()}]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    rows = []
    for code in codes:
        region = regions.get(code)
        if region is None:
            continue
        roles = [r for c, rs in roles_by_region.items() if c and (c == code or c.startswith(code + ".")) for r in rs]
        rows.append({"region": region, "name": region.path_name, "roles": roles, "counts": level_counts(code)})
    return rows


def search(query, level=None, within=None, limit=20, prefer=()):
    """Region picker: what people type (regions.search.find), at every level or one, optionally inside a region."""
    qs = Region.objects.active()
    if within:
        qs = qs.within(within)
    return find(query, level=level, queryset=qs, prefer=prefer, limit=limit)


# The visitor's last chosen regions live in a signed cookie that ends when the browser closes (as the session
# did), not in the session: the public complaint form's submit then writes no session row for an anonymous
# family (issue 17.8). Signed, so only codes Payung wrote come back.
RECENT_COOKIE = "payung_wilayah"
RECENT_SALT = "regions.recent"


def remember_choice(request, response, code):
    """Keep the visitor's last chosen regions (newest first, three at most): their area ranks first next time."""
    if not code:
        return
    recent = [c for c in recent_choices(request) if c != code]
    response.set_signed_cookie(RECENT_COOKIE, ",".join([code, *recent][:3]), salt=RECENT_SALT, httponly=True,
                               samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)


def recent_choices(request):
    value = request.get_signed_cookie(RECENT_COOKIE, default="", salt=RECENT_SALT)
    return [c for c in value.split(",") if c]


def preferred_areas(request):
    """Where the visitor's region most likely lies: their previous choices, their own regions, the home regency."""
    user = getattr(request, "user", None)
    codes = user_scope_codes(user) if user is not None and user.is_authenticated else None
    return search_areas(recent_choices(request), codes or ())
