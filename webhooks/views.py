"""The administrators' screens for receiving systems: register and change an endpoint (audited), read the delivery
log per endpoint and per record, and replay failed deliveries. Endpoints and deliveries belong to no region: a
user who may not manage them gets a 404 for one (as for a missing record) and a 403 for the lists."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.permissions import require_perm
from core.actions import post_action, render_form, run_action
from core.filters import filter_list
from core.mixins import get_visible_or_404
from core.redirects import safe_next

from . import services
from .filters import DeliveryFilter
from .forms import EndpointForm
from .models import Delivery, DeliveryStatus, Endpoint

PERM = "webhooks.manage_endpoints"
SIGNATURE_HELP = _lazy("Setiap peristiwa dikirim sebagai JSON bertanda tangan HMAC-SHA256 "
                       "(header X-Payung-Signature) oleh pekerja latar, dicoba ulang bila gagal. "
                       "Isi tidak memuat NIK kecuali sistem ini berhak.")


def _endpoint(request, pk):
    endpoint = get_visible_or_404(Endpoint, request.user, pk=pk)  # 404 for anyone who may not manage them
    require_perm(request.user, PERM, endpoint)
    return endpoint


@login_required
def endpoint_list(request):
    require_perm(request.user, PERM)
    endpoints = Endpoint.objects.visible_to(request.user).annotate(
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        waiting=Count("deliveries", filter=Q(deliveries__status__in=[DeliveryStatus.PENDING,
                                                                     DeliveryStatus.SENDING])),
        delivered=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.DELIVERED)))
    return render(request, "webhooks/endpoint_list.html", {"endpoints": endpoints})


@login_required
def endpoint_create(request):
    require_perm(request.user, PERM)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = run_action(form, services.save_endpoint, request.user, None, request=request,
                              **form.endpoint_fields())
        if endpoint:
            messages.success(request, _("Sistem penerima %(n)s terdaftar.") % {"n": endpoint.name})
            return redirect("webhooks:endpoint", endpoint.pk)
    return render_form(request, form, title=_("Daftarkan sistem penerima webhook"), intro=SIGNATURE_HELP,
                       cancel_url=reverse("webhooks:endpoints"))


@login_required
def endpoint_edit(request, pk):
    endpoint = _endpoint(request, pk)
    form = EndpointForm(request.POST or None, endpoint=endpoint)
    if request.method == "POST" and form.is_valid() and run_action(
            form, services.save_endpoint, request.user, endpoint, request=request, **form.endpoint_fields()):
        messages.success(request, _("Sistem penerima %(n)s tersimpan.") % {"n": endpoint.name})
        return redirect("webhooks:endpoint", endpoint.pk)
    return render_form(request, form, title=_("Ubah sistem penerima: %(n)s") % {"n": endpoint.name},
                       intro=SIGNATURE_HELP, cancel_url=reverse("webhooks:endpoint", args=[endpoint.pk]))


@login_required
def endpoint_detail(request, pk):
    endpoint = _endpoint(request, pk)
    listing = filter_list(request, DeliveryFilter, Delivery.objects.visible_to(request.user).filter(
        endpoint=endpoint).select_related("endpoint"), fixed={"endpoint": endpoint.pk})
    return render(request, "webhooks/endpoint_detail.html", {
        "endpoint": endpoint, "page": listing.page, "form": listing.form,
        "failed": endpoint.deliveries.filter(status=DeliveryStatus.FAILED).count()}, status=listing.status)


@login_required
@require_POST
def endpoint_replay(request, pk):
    endpoint = _endpoint(request, pk)
    return post_action(request, lambda: services.replay_failed(request.user, endpoint, request=request),
                       success=lambda n: _("%(n)s pengiriman gagal dijadwalkan ulang.") % {"n": n},
                       then=reverse("webhooks:endpoint", args=[endpoint.pk]))


@login_required
def delivery_list(request):
    """The log of every delivery; `?object_type=migrants.placement&object_id=12` is one record's log."""
    require_perm(request.user, PERM)
    listing = filter_list(request, DeliveryFilter,
                          Delivery.objects.visible_to(request.user).select_related("endpoint"))
    return render(request, "webhooks/delivery_list.html", {"page": listing.page, "form": listing.form},
                  status=listing.status)


@login_required
def delivery_detail(request, pk):
    delivery = get_visible_or_404(Delivery.objects.select_related("endpoint"), request.user, pk=pk)
    require_perm(request.user, PERM, delivery)
    return render(request, "webhooks/delivery_detail.html", {
        "delivery": delivery, "payload": json.dumps(delivery.payload, ensure_ascii=False, indent=2,
                                                    sort_keys=True)})


@login_required
@require_POST
def delivery_replay(request, pk):
    delivery = get_visible_or_404(Delivery.objects.select_related("endpoint"), request.user, pk=pk)
    require_perm(request.user, PERM, delivery)
    return post_action(request, lambda: services.replay(request.user, delivery, request=request),
                       success=_("Pengiriman dijadwalkan ulang."),
                       then=safe_next(request, reverse("webhooks:delivery", args=[delivery.pk])))
