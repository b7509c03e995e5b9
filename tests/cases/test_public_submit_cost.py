"""What a public complaint costs the server (issue 17.8 / 21.6) without writing anything less: the audit entries of
the case and its consents in one INSERT, the history rows reusing the live rows' sealed tokens, the service
standards read once per process, the menus' counts token replaced once the complaint commits."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import Action, AuditEntry
from cases import services
from cases.models import Case, Consent, Notification, ServiceStandard, TimelineEntry
from core import navcache
from core.crypto import SEAL_PREFIX, _split_sealed, data_key_id, decrypt, sealed
from tests.conftest import JATINOM
from tests.privacy.rawrows import opened

from .test_public import form_data, submit


def _statements(queries, text):
    return [q["sql"] for q in queries.captured_queries if text in q["sql"]]


def test_the_case_and_its_consents_are_audited_in_one_insert_each_entry_complete(client, regions):
    with CaptureQueriesContext(connection) as queries:
        assert submit(client).status_code == 302
    assert len(_statements(queries, 'INSERT INTO "audit_auditentry"')) == 1
    case = Case.objects.get()
    consents = list(Consent.objects.filter(case=case).order_by("pk"))
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.action, e.object_type, e.object_id, e.region_code, e.actor_id) for e in entries] == [
        (Action.CREATE, "cases.case", str(case.pk), case.village_id, None),
        *[(Action.CREATE, "cases.consent", str(c.pk), case.village_id, None) for c in consents]]
    assert entries[0].object_repr == str(case) and entries[0].changes["category"] == [None, case.category]
    assert [e.note for e in entries[1:]] == [f"Persetujuan dicatat: {c.get_kind_display()}" for c in consents]
    with connection.cursor() as cursor:  # sealed under the case's own key, as each entry was before
        cursor.execute("SELECT object_repr, note FROM audit_auditentry ORDER BY id")
        rows = cursor.fetchall()
    key = data_key_id(case, create=False)
    for label, note in rows:
        assert _split_sealed(decrypt(label))[0] == key
        assert note == "" or _split_sealed(decrypt(note))[0] == key


def test_entries_recorded_together_are_not_written_when_the_action_fails(regions, jatinom_operator):
    from audit.services import record, together

    with pytest.raises(RuntimeError), transaction.atomic():
        with together():
            record(jatinom_operator, Action.OTHER, object_type="cases.case", object_id="1", note="satu")
            raise RuntimeError("gagal")
    assert not AuditEntry.objects.exists()
    with together():
        first = record(jatinom_operator, Action.OTHER, object_type="cases.case", object_id="1", note="satu")
        with together():  # a nested block joins the outer one
            record(jatinom_operator, Action.OTHER, object_type="cases.case", object_id="2", note="dua")
        assert first.pk is None and not AuditEntry.objects.exists()
    assert list(AuditEntry.objects.order_by("pk").values_list("object_id", "note")) == [("1", "satu"), ("2", "dua")]


def test_the_history_rows_hold_the_live_rows_sealed_values(client, regions):
    assert submit(client).status_code == 302
    case = Case.objects.get()
    entry = TimelineEntry.objects.get(case=case)
    with connection.cursor() as cursor:
        cursor.execute("SELECT worker_name, complainant_name, complainant_phone, description FROM cases_case")
        live = cursor.fetchone()
        cursor.execute("SELECT worker_name, complainant_name, complainant_phone, description FROM "
                       "cases_historicalcase")
        history = cursor.fetchone()
        cursor.execute("SELECT text, text_parts FROM cases_timelineentry")
        live_entry = cursor.fetchone()
        cursor.execute("SELECT text, text_parts FROM cases_historicaltimelineentry")
        history_entry = cursor.fetchone()
    assert history == live and history_entry == live_entry
    assert [opened(v) for v in live] == ["Sri Wahyuni", "Sutrisno", "0812-3456-7890",
                                         "Paspor ditahan majikan sejak Januari."]
    key = data_key_id(case, create=False)
    assert all(_split_sealed(decrypt(v))[0] == key for v in (*live, *live_entry))
    assert opened(live_entry[0]) == entry.text


def test_a_sealed_value_changed_since_its_last_save_is_encrypted_anew(client, regions):
    assert submit(client).status_code == 302
    case = Case.objects.get()
    field = TimelineEntry._meta.get_field("text_parts")
    value = sealed([{"text": "Satu"}], data_key_id(case))
    first = field.get_prep_value(value)
    assert field.get_prep_value(value) == first  # unchanged: the same token
    value.append({"text": "Dua"})
    second = field.get_prep_value(value)
    assert second != first and decrypt(second).startswith(SEAL_PREFIX)
    assert opened(second) == '[{"text": "Satu"}, {"text": "Dua"}]'


def test_the_service_standards_are_read_once_and_an_edit_counts_at_once(client, regions, blitar_officer):
    assert submit(client).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert submit(client, address="10.0.0.2").status_code == 302
    assert not _statements(queries, "cases_servicestandard")
    services.set_standard(blitar_officer, "document_withholding", 2, "urgent")
    assert services.standard_for("document_withholding") == (2, "urgent")
    assert submit(client, address="10.0.0.3").status_code == 302
    assert Case.objects.order_by("-pk").first().priority == "urgent"


def test_a_standard_rolled_back_is_not_kept(regions):
    before = services.standard_for("unpaid_wages")
    with pytest.raises(RuntimeError), transaction.atomic():
        ServiceStandard.objects.create(category="unpaid_wages", working_days=1, priority="urgent")
        assert services.standard_for("unpaid_wages") == (1, "urgent")  # the writing transaction sees its edit
        raise RuntimeError("batal")
    assert services.standard_for("unpaid_wages") == before


def test_menu_counts_token_is_replaced_once_the_write_commits_and_once_per_transaction(
        jatinom_operator, django_capture_on_commit_callbacks):
    cache.delete(navcache.COUNTS_VERSION_KEY)
    navcache._counts_version({})
    token = cache.get(navcache.COUNTS_VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            Notification.objects.create(user=jatinom_operator, message="Kasus baru")
            Notification.objects.create(user=jatinom_operator, message="Kasus lain")
            assert navcache.counts_pending()
            assert cache.get(navcache.COUNTS_VERSION_KEY) == token  # nothing written to the cache before the commit
    assert len(callbacks) == 1
    assert cache.get(navcache.COUNTS_VERSION_KEY) not in (None, token)


def _tracked(row, model):
    """A history row's values apart from what differs between two saves of the same record."""
    skip = {"history_id", "history_date", "history_type", "updated_at"}
    return {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if f.attname not in skip}


def test_the_new_case_and_its_entry_get_the_history_rows_a_history_save_writes(client, regions):
    """The '+' rows are copied by the database from the rows just written (core.bulk.copy_history): saving the
    records again unchanged, django-simple-history writes a '~' row with the same values."""
    with CaptureQueriesContext(connection) as queries:
        assert submit(client).status_code == 302
    assert len(_statements(queries, 'INSERT INTO "cases_historicalcase"')) == 1
    assert len(_statements(queries, 'INSERT INTO "cases_historicaltimelineentry"')) == 1
    case = Case.objects.get()
    entry = TimelineEntry.objects.get(case=case)
    Case.objects.get(pk=case.pk).save()
    TimelineEntry.objects.get(pk=entry.pk).save()
    for record in (case, entry):
        created, saved = record.history.order_by("history_id")
        assert (created.history_type, saved.history_type) == ("+", "~")
        assert created.history_user_id is None and created.history_change_reason is None
        assert _tracked(created, type(created)) == _tracked(saved, type(saved))
    assert case.history.earliest("history_id").worker_name == "Sri Wahyuni"


def test_a_staff_intake_history_row_names_the_signed_in_user(jatinom_operator, client_for):
    client = client_for(jatinom_operator)
    response = client.post(reverse("cases:create"), {
        "channel": "phone", "village": JATINOM, "category": "unpaid_wages", "description": "Gaji belum dibayar",
        "complainant_role": "family", "complainant_name": "Sutrisno", "complainant_phone": "081234560000",
        "worker_name": "Sri W"})
    assert response.status_code == 302
    case = Case.objects.get()
    entry = TimelineEntry.objects.get(case=case)
    assert [(h.history_type, h.history_user_id) for h in case.history.all()] == [("+", jatinom_operator.pk)]
    assert [(h.history_type, h.history_user_id) for h in entry.history.all()] == [("+", jatinom_operator.pk)]
    assert case.history.get().complainant_name == "Sutrisno"


def test_a_village_named_before_is_not_read_again_and_one_deactivated_is_refused_at_once(client, regions, settings):
    from cases.forms import forget_villages
    from regions.models import Region

    # A window of its own, longer than any run of this test: one opened by an earlier test may end between submits.
    settings.CASES_VILLAGE_CACHE_SECONDS = 3600
    forget_villages()
    assert submit(client).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert submit(client, address="10.0.0.2").status_code == 302
    assert not _statements(queries, 'FROM "regions_region"')
    case = Case.objects.order_by("-pk").first()
    assert case.village_id == JATINOM and case.village.name == Region.objects.get(code=JATINOM).name
    village = Region.objects.get(code=JATINOM)
    village.is_active = False
    village.save()
    response = submit(client, address="10.0.0.3")
    assert response.status_code == 200 and "Kode wilayah tidak dikenal" in response.content.decode()
    assert submit(client, address="10.0.0.4", village="35.05.10.9999").status_code == 200
    assert Case.objects.count() == 2


def test_the_form_key_is_written_with_the_case_without_a_read_or_a_row_of_its_own(client, regions):
    from cases.forms import form_key
    from cases.models import PublicFormUse

    data = form_data()
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("cases:public_form"), data, REMOTE_ADDR="10.0.0.1").status_code == 302
    reads = [sql for sql in _statements(queries, 'FROM "cases_case"') if sql.startswith("SELECT")]
    assert reads == [] and not _statements(queries, "cases_publicformuse")
    assert Case.objects.get().form_key == form_key(data["form_token"]) and not PublicFormUse.objects.exists()
