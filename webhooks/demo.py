"""Demo: one receiving system of the Blitar district (switched off: the address is an example and must not be
called) with one failed delivery, so administrators see the log and the replay button. Idempotent."""

from accounts.models import Role, User
from migrants.models import Placement

from . import payloads, services
from .models import Delivery, DeliveryStatus, Endpoint, Event

NAME = "SIM PMI Kabupaten Blitar (contoh)"


def load(stdout):
    admin = User.objects.filter(memberships__role=Role.SYSTEM_ADMIN).order_by("pk").first()
    endpoint = Endpoint.objects.filter(name=NAME).first()
    if endpoint is None:
        if admin is None:
            return
        endpoint = services.save_endpoint(
            admin, name=NAME, url="https://sim-pmi.blitarkab.example/payung/webhook",
            secret="contoh-rahasia-penandatangan-blitar", events=[Event.PLACEMENT_CREATED, Event.CASE_OPENED],
            region_prefix="35.05", entitled_to_nik=False, active=False)
    placement = Placement.objects.filter(village__code__startswith="35.05").select_related("person").order_by(
        "pk").first()
    if placement is not None and not endpoint.deliveries.exists():
        Delivery.objects.create(
            endpoint=endpoint, event=Event.PLACEMENT_CREATED, object_type="migrants.placement",
            object_id=str(placement.pk), region_code=placement.village_id, payload=payloads.placement(placement),
            status=DeliveryStatus.FAILED, attempts=6, last_status_code=503, last_error="HTTP 503")
    stdout.write(f"webhooks: 1 sistem penerima contoh (nonaktif), {endpoint.deliveries.count()} pengiriman")
