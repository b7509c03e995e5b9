from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from . import services
from .models import Level, Region


def search(request):
    """HTMX region picker: `?q=jatinom&level=4&target=field_id` returns a list of choices."""
    level = request.GET.get("level")
    level = int(level) if level in {str(v) for v in Level.values} else None
    results = services.search(request.GET.get("q"), level=level, within=request.GET.get("within") or None)
    return render(request, "regions/_search_results.html", {
        "results": results, "target": request.GET.get("target", ""), "query": request.GET.get("q", ""),
    })


@login_required
def detail(request, code):
    region = get_object_or_404(Region, code=code)
    children = region.children.active().order_by("name")
    return render(request, "regions/detail.html", {
        "region": region, "ancestors": region.ancestors(), "children": children,
        "counts": services.level_counts(code),
    })
