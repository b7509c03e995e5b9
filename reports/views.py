import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import covers, has_perm, require_perm
from core.cache import Compressed
from core.dbrouter import replica_configured
from core.exports import export_response, record_export
from regions.models import Level, Region

from . import exports, freshness, services, tasks
from .filters import OpenDataForm, YearForm
from .models import NATION


def _dashboard_url(code):
    return reverse("reports:dashboard", args=[code]) if code else reverse("reports:national")


def _visible_or_404(request, code, perm=None):
    """A region whose dashboard the user may not open (reports.view_dashboard with its code; NATION "" only for a
    nationwide scope) is a 404, the same as one that does not exist; then `perm`, if given, or 403."""
    if code != NATION and not Region.objects.filter(code=code).exists():
        raise Http404
    if not has_perm(request.user, "reports.view_dashboard", code):
        raise Http404
    if perm:
        require_perm(request.user, perm, code)
    return services.region_or_none(code)


@login_required
def index(request):
    codes = services.user_dashboards(request.user)
    if len(codes) == 1:
        return redirect(_dashboard_url(codes[0]))
    regions = Region.objects.filter(code__in=codes).order_by("code")
    return render(request, "reports/index.html", {"regions": regions})


def _dashboard_region(request, code):
    """The region and its breadcrumb trail in one query; 404 as `_visible_or_404`. A crumb is linked when one
    of the user's dashboard regions covers it (read from the memberships already loaded, not a permission
    lookup per crumb)."""
    trail = services.breadcrumbs(code)
    region = trail.region
    if (code != NATION and region is None) or not has_perm(request.user, "reports.view_dashboard", code):
        raise Http404
    roots = services.user_dashboards(request.user)
    crumbs = [(c, n, _dashboard_url(c)) for c, n in trail
              if roots == [NATION] or (c != NATION and any(covers(root, c) for root in roots if root))]
    return region, crumbs


def _child_urls(children):
    """{code: dashboard URL} of a table's rows: the URL reversed once, not once per row."""
    pattern = reverse("reports:dashboard", args=["__code__"])
    return {row["code"]: pattern.replace("__code__", row["code"]) for row in (children or {}).get("rows", [])}


def _dashboard_figures(code, year, head_variant):
    """The figures part of a dashboard page, the same for every reader of the region, and the kept head of the
    page for `head_variant` (see _dashboard_head): (entry, data, head html or None).

    Both from the shared cache in one read when the rollups have not changed since they were kept (entry, None,
    head); otherwise the figures are computed from the rollups and rendered (entry, data, head or None), and the
    caller keeps them together with the head (_keep). The key names the latest finished rollup run, read before
    the figures: a run's rows are committed before its end, so the figures are at least as new as the run the key
    names, and a page never keeps older figures under a newer run's key. The caller has already asked whether
    the user may read it."""
    seconds = services.dashboard_cache_seconds()
    key = version = None
    if seconds:
        version = services.rollup_version()
        key = services.dashboard_cache_key(code, year, get_language(), version)
        found = cache.get_many([key, _head_key(key, head_variant)])
        head = found.get(_head_key(key, head_variant))
        if key in found:
            return found[key], None, head
    else:
        head = None
    data = services.dashboard(code, year)
    chart_data = {"months": exports.MONTHS, "series": {
        item["key"]: {"label": item["label"], "kind": item["kind"], "values": item["trend"]}
        for section in data["sections"] for item in section["items"]}}
    html = render_to_string("reports/_dashboard_figures.html", {
        "data": data, "year": year, "chart_data": chart_data,
        "child_url": _child_urls(data["children"]),
    })
    entry = {"html": html, "years": data["years"], "stock_month": data["stock_month"],
             "as_of": data["as_of"], "key": None}
    # With a replica, the version and the figures may have been read from different databases (the replica's
    # health is re-checked during a request): read the version again, and keep the entry only if it held. With
    # the primary alone the order of the reads already guarantees it. The page's head is kept under the same key.
    if seconds and (not replica_configured() or services.rollup_version() == version):
        entry["key"] = key
    return entry, data, head


def _head_variant(crumbs, queued):
    """What a page's head depends on besides the figures: the reader's crumbs (linked or not) and the queue."""
    return hashlib.sha256(repr(([url for _c, _n, url in crumbs], queued)).encode()).hexdigest()[:16]


def _head_key(figures_key, variant):
    return f"{figures_key}:head:{variant}"


def _dashboard_head(figures, head, context, fresh):
    """The head of the page (crumbs, title, year choice, exports, "as of"): rendered once and kept beside the
    figures for every reader who sees the same crumbs and the same queue, under the figures' own key (region,
    year, language, latest rollup run), so it is as new as they are. No CSRF token in it: the forms that post
    are rendered per request. What this request rendered (the figures when `fresh`, the head when not found) is
    kept in one write."""
    keep = {}
    if head is None:
        head = render_to_string("reports/_dashboard_head.html", context)
        if figures.get("key"):
            keep[_head_key(figures["key"], context["head_variant"])] = head
    if fresh and figures.get("key"):
        keep[figures["key"]] = figures
    if keep:
        cache.set_many({key: Compressed(value) for key, value in keep.items()}, services.dashboard_cache_seconds())
    return mark_safe(head)  # rendered by our own template, escaped there


@login_required
def dashboard(request, code=NATION):
    region, crumbs = _dashboard_region(request, code)
    selectors = YearForm(request)
    if not selectors.valid:
        selectors.message()
    year = selectors.year()
    # An area's page says how many of its villages wait for a refresh (a village's own "as of" says it).
    queued = freshness.queued_villages(code) if region is None or region.level != Level.VILLAGE else []
    variant = _head_variant(crumbs, queued)
    figures, data, head = _dashboard_figures(code, year, variant)
    level = services.level_of(code)
    context = {
        # `data` (the computed figures) only when this request computed them; the page shows `figures_html`.
        "figures_html": mark_safe(figures["html"]),  # rendered by our own template above, escaped there
        "data": data, "as_of": figures["as_of"], "stock_month": figures["stock_month"],
        "region": region, "year": year, "years": figures["years"], "crumbs": crumbs,
        "title_name": str(region) if region else _("Indonesia"),
        "can_refresh": region is not None and region.level == Level.VILLAGE
        and has_perm(request.user, "reports.refresh_rollup", code),
        "queued": queued, "head_variant": variant,
        "can_refresh_area": region is not None and region.level != Level.VILLAGE
        and has_perm(request.user, "reports.refresh_area", code),
        "level_name": services.LEVEL_NAMES[level],
    }
    context["head_html"] = _dashboard_head(figures, head, context, fresh=data is not None)
    return render(request, "reports/dashboard.html", context, status=200 if selectors.valid else 400)


@login_required
def export_xlsx(request, code=NATION):
    region = _visible_or_404(request, code, "reports.export_dashboard")
    selectors = YearForm(request)
    if not selectors.valid:
        return selectors.file_refusal()
    year = selectors.year()
    return export_response(request, fmt="xlsx", name=f"laporan-{code or 'indonesia'}-{year}", stamp=False,
                           sheets=exports.dashboard_sheets(services.dashboard(code, year), region),
                           object_type="reports.dashboard", object_id=code or "ID", region_code=code,
                           description=f"Dasbor {code or 'Indonesia'} {year}", filters={"tahun": year})


@login_required
def export_pdf(request, code=NATION):
    region = _visible_or_404(request, code, "reports.export_dashboard")
    selectors = YearForm(request)
    if not selectors.valid:
        return selectors.file_refusal()
    year = selectors.year()
    content = exports.dashboard_pdf(services.dashboard(code, year), region, request)
    filename = f"laporan-{code or 'indonesia'}-{year}.pdf"
    record_export(request, object_type="reports.dashboard", object_id=code or "ID", region_code=code, fmt="pdf",
                  row_count=1, description=f"Dasbor {code or 'Indonesia'} {year}", filename=filename,
                  filters={"tahun": year})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_POST
def refresh(request, code):
    """Recompute one village now (it takes well under a second), or queue it when asked to."""
    region = _visible_or_404(request, code, "reports.refresh_rollup")
    if region is None or region.level != Level.VILLAGE:
        raise Http404
    if request.POST.get("antre"):
        tasks.refresh_village_rollups.enqueue(code)
        messages.info(request, _("Pembaruan angka desa masuk antrean."))
    else:
        from . import rollup

        run = rollup.refresh_village(code)
        messages.success(request, _("Angka desa diperbarui (%(s).2f detik).") % {"s": run.seconds})
    return redirect(_dashboard_url(code) + f"?tahun={YearForm(request).year()}")


@login_required
@require_POST
def refresh_area(request, code):
    """A district or province officer asks for fresh figures of the whole area: one background task."""
    region = _visible_or_404(request, code, "reports.refresh_area")
    if region is None or region.level == Level.VILLAGE:
        raise Http404
    if freshness.enqueue_once(tasks.refresh_area_rollups, code):
        messages.info(request, _("Pembaruan angka %(wilayah)s masuk antrean; angka baru tampil setelah "
                                 "pekerja latar selesai.") % {"wilayah": region})
    else:
        messages.info(request, _("Pembaruan angka %(wilayah)s sudah dalam antrean.") % {"wilayah": region})
    return redirect(_dashboard_url(code) + f"?tahun={YearForm(request).year()}")


@login_required
def map_values(request, code=NATION):
    """Per-child-region values of the table's indicators, for a map to colour areas (scoped)."""
    _visible_or_404(request, code)
    selectors = YearForm(request)
    if not selectors.valid:
        return selectors.json_refusal()
    year = selectors.year()
    table = services.child_table(code, year) or {"columns": [], "rows": []}
    keys = [c["key"] for c in table["columns"]]
    return JsonResponse({
        "region": code, "year": year,
        "indicators": table["columns"],
        "areas": {row["code"]: {"name": row["name"], **dict(zip(keys, row["values"], strict=True))}
                  for row in table["rows"]},
    })


# --- Open data: public, suppressed -------------------------------------------------------------

def open_data(request):
    selectors = OpenDataForm(request)
    if not selectors.valid:
        selectors.message()
    year, level, province = selectors.year(), selectors.level(), selectors.province()
    data = services.open_data(level, year, province=province)
    return render(request, "reports/open_data.html", {
        "data": data, "year": year, "level": level, "province": province,
        "provinces": Region.objects.filter(level=Level.PROVINCE).order_by("code"),
        "years": services.available_years(NATION), "threshold": services.SUPPRESS_BELOW,
    }, status=200 if selectors.valid else 400)


def open_data_csv(request, level_name):
    if level_name not in {"provinsi", "kabupaten"}:
        raise Http404
    level = Level.REGENCY if level_name == "kabupaten" else Level.PROVINCE
    selectors = YearForm(request)
    if not selectors.valid:
        return selectors.file_refusal()
    year = selectors.year()
    data = services.open_data(level, year)
    # Published, suppressed aggregates: neutralised like every export, not audited (no personal data).
    return export_response(request, fmt="csv", name=f"payung-{level_name}-{year}", stamp=False, public=True,
                           object_type="reports.open_data", description="",
                           headers=[_("kode"), _("wilayah"), *[c["label"] for c in data["columns"]]],
                           rows=([row["code"], row["name"], *[row[c["key"]] for c in data["columns"]]]
                                 for row in data["rows"]))


def open_data_map(request):
    """Suppressed per-area values for the open-data map: never more than the table shows."""
    selectors = OpenDataForm(request)
    if not selectors.valid:
        return selectors.json_refusal()
    year, level = selectors.year(), selectors.level()
    data = services.open_data(level, year)
    return JsonResponse({
        "level": "kabupaten" if level == Level.REGENCY else "provinsi", "year": year,
        "suppressed_markers": [services.SUPPRESSED, services.HIDDEN],
        "indicators": data["columns"],
        "areas": {row["code"]: {k: v for k, v in row.items() if k != "code"} for row in data["rows"]},
    })




# --- Monthly art. 42(d) reports (opensid, issue 20) ---------------------------------------------------------

@login_required
def monthly_list(request):
    from core.filters import filter_list

    from .filters import _monthly_filter
    from .models import MonthlyReport

    require_perm(request.user, "reports.download_monthly")
    listing = filter_list(request, _monthly_filter(), MonthlyReport.objects.visible_to(request.user))
    return render(request, "reports/monthly_list.html", {"page": listing.page, "filter": listing.filterset},
                  status=listing.status)


@login_required
def monthly_file(request, pk, fmt):
    from core.actions import stream
    from core.mixins import get_visible_or_404

    from .models import MonthlyReport

    if fmt not in ("pdf", "xlsx"):
        raise Http404
    report = get_visible_or_404(MonthlyReport, request.user, pk=pk)
    require_perm(request.user, "reports.download_monthly", report.region_code)
    name = f"laporan-42d-{report.region_code}-{report.year}-{report.month:02d}.{fmt}"
    # A village's report names its people: every download is an audited export.
    record_export(request, object_type="reports.monthlyreport", object_id=report.pk, fmt=fmt,
                  description=_("Laporan bulanan pasal 42(d)"), row_count=sum(report.figures.values()),
                  region_code=report.region_code, filename=name)
    return stream(report.pdf if fmt == "pdf" else report.xlsx, filename=name, download=True)
