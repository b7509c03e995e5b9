"""Issue 13 point 4: admin deletes are audited, exports carry a region, failed logins keep no raw username."""

import logging

from axes.models import AccessAttempt
from django.contrib import admin

from accounts.models import Organisation
from accounts.services import username_fingerprint
from audit.admin_site import AuditedDeleteMixin
from audit.models import Action, AuditEntry
from audit.services import common_region, record

from .conftest import BLITAR, GOGODESO, JATINOM, PANDANARUM


def test_every_model_admin_registered_in_the_project_audits_its_deletes():
    assert admin.site._registry
    assert [m for m, a in admin.site._registry.items() if not isinstance(a, AuditedDeleteMixin)] == []


def test_admin_single_delete_writes_a_delete_entry(admin_client, admin_user, regions):
    org = Organisation.objects.create(name="LSM Hapus", kind="ngo", region_id=BLITAR)
    response = admin_client.post(f"/admin/accounts/organisation/{org.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=Action.DELETE)
    assert (entry.actor, entry.object_type, entry.object_id, entry.object_repr) == (
        admin_user, "accounts.organisation", str(org.pk), "LSM Hapus")
    assert not Organisation.objects.filter(pk=org.pk).exists()


def test_admin_bulk_delete_selected_writes_one_delete_entry_per_record(admin_client, regions):
    orgs = [Organisation.objects.create(name=f"Lembaga {n}", kind="ngo") for n in range(3)]
    response = admin_client.post("/admin/accounts/organisation/", {
        "action": "delete_selected", "_selected_action": [o.pk for o in orgs[:2]], "post": "yes"})
    assert response.status_code == 302
    deleted = AuditEntry.objects.filter(action=Action.DELETE).order_by("object_id")
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(str(o.pk) for o in orgs[:2])
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Lembaga 2"]


def test_admin_delete_of_a_village_record_is_filed_under_its_village(admin_client, regions):
    from people.models import Person

    person = Person(village_id=JATINOM, name="Warga Hapus", sex="F", birth_date="1995-05-17",
                    nik="3505105705950001", kk="3505100101000001")
    person.save()
    admin_client.post(f"/admin/people/person/{person.pk}/delete/", {"post": "yes"})
    assert AuditEntry.objects.get(action=Action.DELETE, object_type="people.person").region_code == JATINOM


def test_common_region_is_the_deepest_region_holding_every_code():
    assert common_region([JATINOM, GOGODESO]) == "35.05.10"
    assert common_region([JATINOM, PANDANARUM]) == BLITAR
    assert common_region([JATINOM]) == JATINOM
    assert common_region([JATINOM, "36.01.01.2001"]) == ""
    assert common_region([]) is None


def test_export_entry_without_a_region_is_filed_under_the_exporters_scope(jatinom_operator, blitar_officer):
    entry = record(jatinom_operator, Action.EXPORT, object_type="people.person", object_id="", note="CSV")
    assert entry.region_code == JATINOM
    assert AuditEntry.objects.visible_to(blitar_officer).filter(pk=entry.pk).exists()


def test_password_typed_as_username_reaches_no_table_and_no_log_line(client, jatinom_operator, caplog):
    typed = "Kucing-Belang-2024!"
    with caplog.at_level(logging.DEBUG):
        for _ in range(2):
            client.post("/akun/masuk/", {"username": typed, "password": "Rahasia-Uji-123"})
    fingerprint = username_fingerprint(typed)
    entries = AuditEntry.objects.filter(action=Action.LOGIN_FAILED)
    assert [e.object_repr for e in entries] == [fingerprint, fingerprint]
    for entry in entries:
        assert typed not in f"{entry.object_repr} {entry.object_id} {entry.note} {entry.changes}"
    attempt = AccessAttempt.objects.get()
    assert attempt.username == fingerprint and attempt.failures_since_start == 2
    assert typed not in f"{attempt.get_data} {attempt.post_data} {attempt.username}"
    assert typed not in caplog.text


def test_failed_logins_still_lock_out_by_the_fingerprint_and_success_resets(client, jatinom_operator, settings):
    client.post("/akun/masuk/", {"username": "op.jatinom", "password": "salah"})
    assert AccessAttempt.objects.get().username == username_fingerprint("op.jatinom")
    client.post("/akun/masuk/", {"username": "op.jatinom", "password": "Rahasia-Uji-123"})
    assert not AccessAttempt.objects.exists()


def test_no_username_gives_no_fingerprint():
    assert username_fingerprint(None) is None
