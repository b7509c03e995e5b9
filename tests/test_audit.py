import pytest
from django.db import connection, transaction

from accounts.models import Role
from audit.models import Action, AuditEntry, AuditImmutableError
from audit.services import diff, log_update, record, snapshot

from .conftest import GOGODESO, JATINOM


@pytest.fixture
def entry(regions):
    return record(None, Action.OTHER, object_type="x", object_id="1", region_code=JATINOM)


def test_audit_entry_cannot_be_changed(entry):
    entry.note = "rewritten"
    with pytest.raises(AuditImmutableError):
        entry.save()


def test_audit_entry_cannot_be_deleted(entry):
    with pytest.raises(AuditImmutableError):
        entry.delete()
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.update(note="x")
    assert AuditEntry.objects.filter(pk=entry.pk, note="").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger exists on PostgreSQL only")
def test_postgres_refuses_raw_sql_update_of_audit_log(entry):
    with pytest.raises(Exception, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET note = 'x'")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger exists on PostgreSQL only")
def test_postgres_refuses_truncate_of_audit_log_by_application_role(transactional_db, entry):
    # The application connects as an ordinary role; only a superuser (who could drop the trigger) may empty it:
    # the test flush after this transactional test is one.
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE payung_app_truncate_test NOLOGIN")
        cursor.execute("GRANT USAGE ON SCHEMA public TO payung_app_truncate_test")
        cursor.execute("GRANT SELECT, INSERT, TRUNCATE ON audit_auditentry TO payung_app_truncate_test")
    try:
        with pytest.raises(Exception, match="append-only: TRUNCATE refused"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL ROLE payung_app_truncate_test")
                cursor.execute("TRUNCATE audit_auditentry")
        assert AuditEntry.objects.filter(pk=entry.pk).exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("REVOKE ALL ON audit_auditentry FROM payung_app_truncate_test")
            cursor.execute("REVOKE ALL ON SCHEMA public FROM payung_app_truncate_test")
            cursor.execute("DROP ROLE payung_app_truncate_test")


def test_diff_masks_sensitive_fields():
    changes = diff({"name": "A", "nik": "3505"}, {"name": "B", "nik": "3506"}, sensitive={"nik"})
    assert changes == {"name": ["A", "B"], "nik": {"changed": True}}


def test_log_update_records_changed_field_names_and_values(jatinom_operator):
    before = snapshot(jatinom_operator, ["full_name", "phone"])
    jatinom_operator.full_name = "Bu Operator"
    entry = log_update(jatinom_operator, jatinom_operator, before)
    assert entry.changes == {"full_name": ["Operator Jatinom", "Bu Operator"]}
    assert entry.actor == jatinom_operator and entry.object_type == "accounts.user"


def test_log_update_without_changes_writes_nothing(jatinom_operator):
    before = snapshot(jatinom_operator, ["full_name"])
    assert log_update(jatinom_operator, jatinom_operator, before) is None


def test_login_and_failed_login_are_audited(client, jatinom_operator):
    client.post("/akun/masuk/", {"username": "op.jatinom", "password": "salah-sekali"})
    client.post("/akun/masuk/", {"username": "op.jatinom", "password": "Rahasia-Uji-123"})
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [Action.LOGIN_FAILED, Action.LOGIN]
    assert not AuditEntry.objects.filter(note__icontains="salah-sekali").exists()


def test_audit_list_is_for_officers_only(client_for, jatinom_operator):
    assert client_for(jatinom_operator).get("/audit/").status_code == 403


def test_district_officer_browses_audit_within_scope(client_for, blitar_officer):
    record(None, Action.OTHER, object_type="x", object_id="1", region_code=JATINOM, object_repr="di Jatinom")
    record(None, Action.OTHER, object_type="x", object_id="2", region_code="35.06.01.2001", object_repr="di Kediri")
    body = client_for(blitar_officer).get("/audit/").content.decode()
    assert "di Jatinom" in body and "di Kediri" not in body


def test_audit_api_is_read_only_and_scoped(api_client_for, blitar_officer, make_user):
    record(None, Action.OTHER, object_type="x", object_id="1", region_code=GOGODESO)
    record(None, Action.OTHER, object_type="x", object_id="2", region_code="36.01.01.2001")
    api = api_client_for(blitar_officer)
    listing = api.get("/api/v1/audit/").json()
    assert [e["object_id"] for e in listing["results"]] == ["1"]
    pk = listing["results"][0]["id"]
    assert api.post("/api/v1/audit/", {"action": "other"}).status_code == 405
    assert api.patch(f"/api/v1/audit/{pk}/", {"note": "x"}).status_code == 405
    assert api.delete(f"/api/v1/audit/{pk}/").status_code == 405
    operator = make_user("op", (Role.VILLAGE_OPERATOR, GOGODESO))
    assert api_client_for(operator).get("/api/v1/audit/").status_code == 403


def test_admin_offers_no_way_to_change_audit_entries(admin_client, entry):
    assert admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
