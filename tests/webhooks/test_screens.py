"""The administrators' webhook screens: register and change a receiving system (audited, the secret never in the
log), the delivery log per endpoint and per record, replay of failed deliveries; everyone else gets 403 on the
lists and 404 on a record; bad input is a 400 naming the field with nothing written."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEntry
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, Endpoint

SECRET = "rahasia-penandatangan-uji-0001"
FORM = {"name": "SIM Kabupaten", "url": "https://sim.example/hook", "secret": SECRET,
        "events": ["placement.created", "case.opened"], "region_prefix": "35.05", "active": "on"}


@pytest.fixture
def hook(admin_user_):
    return services.save_endpoint(admin_user_, name="SIM Kabupaten", url="https://sim.example/hook", secret=SECRET,
                                  events=["placement.created"])


def _failed(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, attempts=6, last_status_code=503,
                                                   last_error="HTTP 503")
    delivery.refresh_from_db()
    return delivery


def _all_audit_text():
    return " ".join(f"{e.changes} {e.note} {e.object_repr}" for e in AuditEntry.objects.all())


def test_an_administrator_registers_an_endpoint_and_the_secret_stays_out_of_the_log(client_for, admin_user_):
    client = client_for(admin_user_)
    assert client.get(reverse("webhooks:endpoint_create")).status_code == 200
    answer = client.post(reverse("webhooks:endpoint_create"), FORM)
    endpoint = Endpoint.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("webhooks:endpoint", args=[endpoint.pk])
    assert (endpoint.name, endpoint.url, endpoint.secret, endpoint.events, endpoint.region_prefix,
            endpoint.entitled_to_nik, endpoint.active) == (
        "SIM Kabupaten", "https://sim.example/hook", SECRET, ["placement.created", "case.opened"], "35.05", False,
        True)
    entry = AuditEntry.objects.get(action=Action.CREATE, object_type="webhooks.endpoint")
    assert entry.changes["secret"] == {"changed": True}
    assert SECRET not in _all_audit_text()


def test_giving_an_endpoint_nik_is_audited_and_a_blank_secret_keeps_the_old_one(client_for, admin_user_, hook):
    answer = client_for(admin_user_).post(reverse("webhooks:endpoint_edit", args=[hook.pk]),
                                          {**FORM, "secret": "", "entitled_to_nik": "on"})
    assert answer.status_code == 302
    hook.refresh_from_db()
    assert (hook.secret, hook.entitled_to_nik) == (SECRET, True)
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_type="webhooks.endpoint")
    assert entry.changes["entitled_to_nik"] == [False, True] and "secret" not in entry.changes
    client_for(admin_user_).post(reverse("webhooks:endpoint_edit", args=[hook.pk]),
                                 {**FORM, "secret": "rahasia-baru-yang-panjang-02"})
    hook.refresh_from_db()
    assert hook.secret == "rahasia-baru-yang-panjang-02"
    assert "rahasia-baru" not in _all_audit_text() and SECRET not in _all_audit_text()


@pytest.mark.parametrize("field,value,message", [
    ("region_prefix", "35.5", "Kode wilayah 35.5 tidak sah. Tulis kode resmi, mis. 35.05, atau kosongkan untuk "
                              "semua wilayah."),
    ("secret", "pendek", "Rahasia penandatangan minimal 16 karakter."),
    ("url", "ftp://sim.example/hook", "Alamat penerima harus diawali https:// (atau http:// di jaringan sendiri)."),
])
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(client_for, admin_user_, field, value, message):
    answer = client_for(admin_user_).post(reverse("webhooks:endpoint_create"), {**FORM, field: value})
    assert answer.status_code == 400
    assert answer.context["form"].errors == {field: [message]}
    assert not Endpoint.objects.exists()


def test_no_event_chosen_is_refused(client_for, admin_user_):
    answer = client_for(admin_user_).post(reverse("webhooks:endpoint_create"), {**FORM, "events": []})
    assert answer.status_code == 400 and list(answer.context["form"].errors) == ["events"]


def test_other_users_get_403_on_the_lists_and_404_on_a_record(client_for, blitar_officer, jatinom_operator, hook,
                                                              make_placement):
    make_placement()
    delivery = Delivery.objects.get()
    for user in (blitar_officer, jatinom_operator):
        client = client_for(user)
        for name in ("webhooks:endpoints", "webhooks:endpoint_create", "webhooks:deliveries"):
            assert client.get(reverse(name)).status_code == 403
        assert client.get(reverse("webhooks:endpoint", args=[hook.pk])).status_code == 404
        assert client.post(reverse("webhooks:endpoint_edit", args=[hook.pk]), FORM).status_code == 404
        assert client.post(reverse("webhooks:delivery_replay", args=[delivery.pk])).status_code == 404
        assert client.get(reverse("webhooks:delivery", args=[delivery.pk])).status_code == 404
    hook.refresh_from_db()
    assert hook.events == ["placement.created"]


def test_the_endpoint_page_logs_its_deliveries_and_replays_the_failed_ones(client_for, admin_user_, hook,
                                                                          make_placement, make_person):
    from tests.factories import make_nik

    first = _failed(Delivery.objects.get(object_id=str(make_placement().pk)))
    second = _failed(Delivery.objects.get(
        object_id=str(make_placement(person=make_person(nik=make_nik(serial="0902"))).pk)))
    client = client_for(admin_user_)
    page = client.get(reverse("webhooks:endpoint", args=[hook.pk]))
    assert page.status_code == 200
    assert sorted(d.pk for d in page.context["page"].object_list) == sorted([first.pk, second.pk])
    assert 'data-testid="replay-failed"' in page.content.decode()
    answer = client.post(reverse("webhooks:endpoint_replay", args=[hook.pk]))
    assert answer.status_code == 302
    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.PENDING, 0)}
    assert AuditEntry.objects.filter(action=Action.OTHER, object_type="webhooks.delivery").count() == 2
    again = client.post(reverse("webhooks:endpoint_replay", args=[hook.pk]), follow=True)
    assert "Tidak ada pengiriman gagal untuk SIM Kabupaten." in again.content.decode()


def test_one_failed_delivery_is_replayed_from_its_page_and_a_delivered_one_is_not(client_for, admin_user_, hook,
                                                                                  make_placement):
    make_placement()
    delivery = _failed(Delivery.objects.get())
    client = client_for(admin_user_)
    page = client.get(reverse("webhooks:delivery", args=[delivery.pk]))
    assert page.status_code == 200 and '"type": "migrants.placement"' in page.context["payload"]
    assert "&quot;type&quot;: &quot;migrants.placement&quot;" in page.content.decode()
    assert "nik" not in page.context["payload"]
    back = reverse("webhooks:deliveries") + "?status=failed"
    answer = client.post(reverse("webhooks:delivery_replay", args=[delivery.pk]), {"next": back})
    assert (answer.status_code, answer["Location"]) == (302, back)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    refused = client.post(reverse("webhooks:delivery_replay", args=[delivery.pk]), follow=True)
    assert "Hanya pengiriman yang gagal yang dapat dikirim ulang." in refused.content.decode()


def test_an_inactive_endpoint_is_not_replayed(client_for, admin_user_, hook, make_placement):
    make_placement()
    delivery = _failed(Delivery.objects.get())
    services.save_endpoint(admin_user_, hook, active=False)
    answer = client_for(admin_user_).post(reverse("webhooks:delivery_replay", args=[delivery.pk]), follow=True)
    assert "Sistem penerima SIM Kabupaten nonaktif: aktifkan dulu, lalu kirim ulang." in answer.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED


def test_the_log_of_one_record_on_its_page_and_in_the_filtered_list(client_for, admin_user_, jatinom_operator, hook,
                                                                    make_placement, make_person):
    from tests.factories import make_nik

    placement = make_placement()
    other = make_placement(person=make_person(nik=make_nik(serial="0903")))
    mine = Delivery.objects.get(object_id=str(placement.pk))
    page = client_for(admin_user_).get(reverse("migrants:detail", args=[placement.pk])).content.decode()
    assert 'data-testid="webhook-deliveries"' in page and f'data-testid="delivery-{mine.pk}"' in page
    operator_page = client_for(jatinom_operator).get(reverse("migrants:detail", args=[placement.pk]))
    assert 'data-testid="webhook-deliveries"' not in operator_page.content.decode()
    listing = client_for(admin_user_).get(reverse("webhooks:deliveries"), {
        "object_type": "migrants.placement", "object_id": placement.pk})
    assert [d.pk for d in listing.context["page"].object_list] == [mine.pk]
    assert other.pk != placement.pk


def test_a_bad_filter_on_the_log_is_a_400(client_for, admin_user_):
    answer = client_for(admin_user_).get(reverse("webhooks:deliveries"), {"status": "hilang"})
    assert answer.status_code == 400 and list(answer.context["page"].object_list) == []


def test_the_menu_shows_webhooks_to_administrators_only(client_for, admin_user_, jatinom_operator):
    url = reverse("webhooks:endpoints")
    assert url in client_for(admin_user_).get(reverse("core:home")).content.decode()
    assert url not in client_for(jatinom_operator).get(reverse("core:home")).content.decode()
