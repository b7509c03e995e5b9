from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.scoping import user_scope_codes

from .models import Level, Region


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


def search(query, level=None, within=None, limit=20):
    """Region picker: name contains the query (or the code starts with it), at every level."""
    from .filters import RegionFilter

    query = (query or "").strip()
    if len(query) < 2:
        return []
    data = {"q": query, "level": level or "", "within": within or ""}
    return with_context(RegionFilter(data, queryset=Region.objects.active()).qs, limit)


def with_context(qs, limit=20):
    """The first `limit` regions of a filtered queryset, each with `context` naming its parents."""
    results = list(qs.order_by("level", "name")[:limit])
    # Show each hit with its parents so "Jatinom" in Blitar and Jatinom elsewhere can be told apart.
    parent_codes = {c for r in results for c in _ancestor_codes(r.code)}
    names = dict(Region.objects.filter(code__in=parent_codes).values_list("code", "name"))
    for r in results:
        r.context = ", ".join(names[c] for c in reversed(_ancestor_codes(r.code)) if c in names)
    return results


def _ancestor_codes(code):
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]
