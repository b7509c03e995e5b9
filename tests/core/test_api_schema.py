"""Schemathesis over the OpenAPI document, as a village operator with a few records in and out of scope.

Every operation gets a bounded number of generated requests (positive and negative data); each answer must be
no 5xx, a status code and content type the document lists, and a body matching the documented schema.
Bounded (MAX_EXAMPLES per operation, no deadline) so it runs in well under 3 minutes on a loaded machine."""

import datetime
import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from tests.conftest import GOGODESO, JATINOM

MAX_EXAMPLES = 5
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]




def load_schema():
    """The document /api/v1/schema/ serves, generated in-process at collection (no request, no database), and
    called through the WSGI application: one test per operation."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.fixture
def in_test_transaction():
    """Requests go through the real WSGI handler, whose request_started/finished signals close a connection
    that is not in autocommit (the test's transaction on PostgreSQL); Django's test Client unhooks them too."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def operator_session(in_test_transaction, jatinom_operator, gogodeso_operator):
    """Session and CSRF cookies of the Jatinom operator, plus records in Jatinom and in Gogodeso."""
    from cases import services as cases
    from people.models import Person

    for village, actor, nik in ((JATINOM, jatinom_operator, "3505105705950001"),
                                (GOGODESO, gogodeso_operator, "3505105705950002")):
        cases.intake_case(actor, village=village, category="unpaid_wages", description="Gaji belum dibayar.",
                          worker_name="Sri Wahyuni", complainant_name="Sutrisno", complainant_phone="081234567890")
        Person(village_id=village, name="Sri Wahyuni", sex="F", birth_date=datetime.date(1995, 5, 17), nik=nik,
               kk="3505100101000001").save()
    client = Client()
    client.force_login(jatinom_operator)
    csrf = _get_new_csrf_string()
    return {"cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
            # The checker reads the body as sent by the WSGI app: ask for it uncompressed (CompressTextMiddleware).
            "headers": {"X-CSRFToken": csrf, "Accept-Encoding": "identity"}}


def test_every_api_operation_answers_within_its_documented_schema(operator_session):
    """One test over every operation (the records are made once): each gets MAX_EXAMPLES valid and
    MAX_EXAMPLES invalid requests; every failure is collected and reported together."""
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 80
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def call(case):
                case.call_and_validate(headers=operator_session["headers"], cookies=operator_session["cookies"],
                                       checks=CHECKS)

            try:
                call()
            except Unsatisfiable:
                pass  # no invalid request exists for this operation in this mode (e.g. a free-form path code)
            except (Exception, BaseExceptionGroup) as exc:  # schemathesis raises groups; all reported below
                failures.append(f"{operation.label} ({mode.value}): {str(exc)[:1500]}")
    assert failures == [], "\n\n".join(failures)
