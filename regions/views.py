from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from . import services
from .filters import RegionFilter
from .models import Region
from .search import find


def picker_query(params):
    """The picker's query string as the FilterSet reads it: its search box `<field>_q` becomes `q`."""
    data = params.copy()
    field = data.get("field", "")
    if "q" not in data and field:
        data["q"] = data.get(f"{field}_q", "")
    return data


def search(request):
    """HTMX region picker: `?q=sukorejo blitar&level=4&target=field_id` returns ranked choices (2 letters at
    least). A picker names its search box `<field>_q` (so a no-JavaScript submit does not clash with the form's
    own fields) and sends `field=<field>` with it."""
    data = picker_query(request.GET)
    filterset = RegionFilter(data, queryset=Region.objects.active(), request=request)
    if not filterset.is_valid():
        return HttpResponse(filterset.error_text(), status=400, content_type="text/plain; charset=utf-8")
    query = filterset.form.cleaned_data.get("q") or ""
    unsearched = RegionFilter({k: v for k, v in data.items() if k != "q"}, queryset=Region.objects.active()).qs
    results = find(query, queryset=unsearched, prefer=services.preferred_areas(request))
    return render(request, "regions/_search_results.html", {
        "results": results, "target": data.get("target", ""), "query": query,
    })


@login_required
def detail(request, code):
    region = get_object_or_404(Region, code=code)
    children = region.children.active().order_by("name")
    return render(request, "regions/detail.html", {
        "region": region, "ancestors": region.ancestors(), "children": children,
        "counts": services.level_counts(code),
    })
