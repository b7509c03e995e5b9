from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from . import services
from .filters import RegionFilter
from .models import Region


def search(request):
    """HTMX region picker: `?q=jatinom&level=4&target=field_id` returns a list of choices (2 letters at least)."""
    filterset = RegionFilter(request.GET, queryset=Region.objects.active(), request=request)
    if not filterset.is_valid():
        return HttpResponse(filterset.error_text(), status=400, content_type="text/plain; charset=utf-8")
    query = filterset.form.cleaned_data.get("q") or ""
    results = services.with_context(filterset.qs) if len(query.strip()) >= 2 else []
    return render(request, "regions/_search_results.html", {
        "results": results, "target": request.GET.get("target", ""), "query": query,
    })


@login_required
def detail(request, code):
    region = get_object_or_404(Region, code=code)
    children = region.children.active().order_by("name")
    return render(request, "regions/detail.html", {
        "region": region, "ancestors": region.ancestors(), "children": children,
        "counts": services.level_counts(code),
    })
