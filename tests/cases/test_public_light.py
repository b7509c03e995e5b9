"""The public complaint form is light on the server (issue 17.8): a blank form's fields are rendered once per
language, and the submit leaves telling the handlers to the background task, which still tells them (issue 17.2)
and never twice."""

import re

from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from cases import forms
from cases.models import Case, ComplaintAnnouncement, Notification
from cases.tasks import announce_complaint
from cases.views.public import SENT_COOKIE
from regions.services import RECENT_COOKIE, recent_choices
from tests.conftest import JATINOM

from .test_public import submit

TOKEN = re.compile(r'<input type="hidden" name="form_token" value="[^"]+" id="id_form_token">')
FIELDS = re.compile(r'id="id_form_token">(.*)<button class="btn btn-primary btn-lg', re.S)


def page(client, language="id"):
    client.cookies["django_language"] = language
    return client.get(reverse("cases:public_form")).content.decode()


def test_a_blank_form_page_shows_the_fields_as_rendered_fresh_in_the_readers_language(client, regions):
    for language, label in (("id", "Nama pengadu"), ("en", "Complainant's name")):
        for _visit in range(2):  # the second visit is served from memory
            html = page(client, language)
            with translation.override(language):
                fresh = render_to_string("cases/_public_form_fields.html", {"form": forms.PublicComplaintForm()})
            assert FIELDS.search(html).group(1).strip() == fresh.strip()
            assert escape(label) in html


def test_each_blank_form_page_carries_its_own_single_use_token(client, regions):
    first, second = page(client), page(client)
    assert TOKEN.search(first).group(0) != TOKEN.search(second).group(0)
    assert forms.form_key(re.search(r'name="form_token" value="([^"]+)"', first).group(1))


def test_a_form_sent_back_with_errors_keeps_what_was_typed(client, regions):
    response = submit(client, worker_name="", complainant_name="Sutrisno Wibowo")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Sutrisno Wibowo"' in html and 'data-testid="error-worker_name"' in html


def test_a_public_complaint_queues_its_announcement_and_the_worker_tells_the_handlers_in_app_and_by_email(
        transactional_db, client, regions, make_user):
    make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), email="op@jatinom.test")
    make_user("relawan.jatinom", (Role.COMMUNITY_VOLUNTEER, JATINOM))
    assert submit(client).status_code == 302
    case = Case.objects.get()
    queued = DBTaskResult.objects.get(task_path="cases.tasks.announce_complaint")
    assert (queued.status, queued.args_kwargs) == ("READY", {"args": [case.pk, None], "kwargs": {}})
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    told = Notification.objects.filter(case=case, key=f"new:case:{case.pk}")
    assert sorted(told.values_list("user__username", flat=True)) == ["op.jatinom", "relawan.jatinom"]
    assert [m.to for m in mail.outbox] == [["op@jatinom.test"]]
    assert mail.outbox[0].subject.startswith(f"[Payung] Pengaduan baru {case.reference} dari Desa Jatinom")


def test_an_announcement_run_twice_tells_nobody_twice(client, regions, make_user):
    make_user("op.jatinom", (Role.VILLAGE_OPERATOR, JATINOM), email="op@jatinom.test")
    submit(client)
    case = Case.objects.get()
    assert announce_complaint.call(case.pk) == "announced"
    assert announce_complaint.call(case.pk) == "done before"
    assert Notification.objects.filter(case=case).count() == 1
    assert len(mail.outbox) == 1
    assert ComplaintAnnouncement.objects.filter(case=case).count() == 1


def test_a_refused_complaint_queues_no_announcement(client, regions):
    assert submit(client, consent_process="").status_code == 200
    assert not Case.objects.exists()
    assert not DBTaskResult.objects.filter(task_path="cases.tasks.announce_complaint").exists()


def test_a_public_complaint_writes_no_session_and_its_code_is_shown_once(client, regions):
    response = submit(client)
    code = Case.objects.get().tracking_code
    assert not Session.objects.exists()  # the code travels in a short-lived encrypted cookie, not a session row
    assert code not in client.cookies[SENT_COOKIE].value
    assert code in client.get(response["Location"]).content.decode()
    assert client.get(response["Location"])["Location"] == reverse("cases:public_form")


def test_a_made_up_sent_cookie_shows_no_code(client, regions):
    client.cookies[SENT_COOKIE] = "not-a-token"
    response = client.get(reverse("cases:public_done"))
    assert response.status_code == 302 and response["Location"] == reverse("cases:public_form")


def test_the_village_of_a_sent_complaint_ranks_first_in_the_visitors_next_search(client, regions):
    submit(client)
    request = RequestFactory().get("/")
    request.COOKIES[RECENT_COOKIE] = client.cookies[RECENT_COOKIE].value
    assert recent_choices(request) == [JATINOM]
