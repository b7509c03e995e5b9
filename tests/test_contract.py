"""The permission contract, walked over every URL that opens one record, for every demo role.

- Out of scope: 404 — never 403, never 200 — with the same answer as for a record that does not exist.
- In scope without the permission the URL needs: 403.
- Every URL with an object id is declared in its app's `rules.OBJECT_URLS` (HTML) or is an API viewset route
  whose write actions are declared in `action_perms` (API): a new URL without a declaration fails here.

The demo (four Blitar villages, every role, plus a user who is operator in Jatinom and volunteer in Gogodeso) is
loaded once per module inside a transaction that is rolled back at the end.
"""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import BLITAR, GOGODESO, JATINOM

MISSING_PK = 987654321
# Declared URLs not scoped by region: published pages for everyone, shared reference data for every signed-in
# user, and a user's own records (their tests check that another user's answer 404).
UNSCOPED = ("public", "reference", "own")
FILE_URL = re.compile(r"(photo|file|scan|attachment|cover|pdf|letter)$")
# URL arguments that name a record (the others name a kind, a file part or a page).
OBJECT_ARGS = {"pk", "code", "doc_pk", "consent_pk", "item_pk", "type_pk", "document_pk"}
# A CSRF token is masked anew for every page: drop it before comparing two answers.
CSRF = re.compile(r"\b[A-Za-z0-9]{64}\b")


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace + (p.namespace + ":" if p.namespace else "")
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace + (p.name or ""), p


def _object_args(route):
    names = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\(\?P<(\w+)>", route))
    return names & OBJECT_ARGS


def html_object_urls():
    """(name, route) of every non-API, non-admin URL with an object argument."""
    seen = {}
    for route, name, _p in _walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "api/")) or not _object_args(route):
            continue
        seen.setdefault(name, route)
    return sorted(seen.items())


def _records(label):
    """ "app.Model" or "app.Model.queryset_method" (the records a URL can open, e.g. villages only)."""
    app_label, model_name, *method = label.split(".")
    model = apps.get_model(app_label, model_name)
    return model, (getattr(model.objects, method[0])() if method else model.objects.all())


def declarations():
    declared = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.rules")
        except ModuleNotFoundError:
            continue
        declared.update(getattr(module, "OBJECT_URLS", {}))
    return declared


def api_viewsets():
    from payung.api import router

    out = []
    for prefix, viewset, basename in router.registry:
        out.append((prefix, viewset, basename))
    return out


# --- Demo data, once per module -----------------------------------------------------------------------------

def _files_the_demo_lacks():
    """One uploaded file per village for the records whose URLs stream a file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases import services as cases
    from cases.models import Case
    from community import services as community
    from community.models import Activity
    from governance import services as governance
    from governance.models import Regulation
    from tests.portal.test_public import PNG

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    for regulation in Regulation.objects.all():
        governance.add_version(None, regulation, label="Draf", upload=SimpleUploadedFile(
            "draf.pdf", pdf, content_type="application/pdf"))
    for activity in Activity.objects.all():
        community.add_photo(None, activity, SimpleUploadedFile("foto.png", PNG, content_type="image/png"))
    for case in Case.objects.all():
        cases.add_attachment(None, case, SimpleUploadedFile("bukti.pdf", pdf, content_type="application/pdf"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    from accounts.models import Membership, Role, User
    from regions import loader

    media = tmp_path_factory.mktemp("private")
    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=media, MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            loader.load(only=BLITAR)
            call_command("load_demo", stdout=open("/dev/null", "w"))
            _files_the_demo_lacks()
            mixed = User.objects.create_user("campur", password="Rahasia-Uji-123")
            Membership.objects.create(user=mixed, role=Role.VILLAGE_OPERATOR, region_id=JATINOM)
            Membership.objects.create(user=mixed, role=Role.COMMUNITY_VOLUNTEER, region_id=GOGODESO)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


ROLES = ["operator.jatinom", "operator.gogodeso", "sekdes.jatinom", "kades.jatinom", "relawan.kopi",
         "fasilitator.infest", "petugas.blitar", "petugas.jatim", "petugas.nasional", "admin", "staf.bpjs", "campur"]


def users():
    from accounts.models import User

    return [User.objects.get(username=name) for name in ROLES if User.objects.filter(username=name).exists()]


def _body(response):
    return CSRF.sub("", response.content.decode(errors="replace"))


def _url(name, spec, obj):
    builder = spec[2] if len(spec) > 2 else None
    if builder:
        return reverse(name, kwargs=builder(obj))
    route = dict(html_object_urls())[name]
    (arg,) = _object_args(route)
    return reverse(name, kwargs={arg: obj.code if arg == "code" else obj.pk})


def _missing_url(name, spec, obj):
    builder = spec[2] if len(spec) > 2 else None
    kwargs = builder(obj) if builder else {next(iter(_object_args(dict(html_object_urls())[name]))): obj.pk}
    kwargs = {k: (MISSING_PK if k == "pk" or k.endswith("_pk") else ("99.99.99.9999" if k == "code" else v))
              for k, v in kwargs.items()}
    return reverse(name, kwargs=kwargs)


# --- Every URL is declared ------------------------------------------------------------------------------------

def test_every_url_with_an_object_id_declares_its_model_and_permission():
    declared = declarations()
    undeclared = [name for name, _route in html_object_urls() if name not in declared]
    assert undeclared == []
    for name, spec in declared.items():
        _records(spec[0])  # names a real model
        assert spec[1] in (None, *UNSCOPED) or "." in spec[1], name


def test_no_declared_permission_shadows_a_django_model_permission():
    """The admin asks `app.add_model` etc.: a rule of that name would open the admin to a role anywhere."""
    from rules.permissions import permissions

    model_perms = {f"{m._meta.app_label}.{action}_{m._meta.model_name}" for m in apps.get_models()
                   for action in ("add", "change", "delete", "view")}
    assert sorted(set(permissions) & model_perms) == []


def test_every_api_write_action_declares_its_permission():
    from rest_framework.viewsets import ReadOnlyModelViewSet

    missing = []
    for prefix, viewset, _basename in api_viewsets():
        if issubclass(viewset, ReadOnlyModelViewSet) and not getattr(viewset, "get_extra_actions", None):
            continue
        allowed = {m.lower() for m in getattr(viewset, "http_method_names", [])}
        writes = []
        if {"put", "patch"} & allowed and hasattr(viewset, "update"):
            writes += ["update", "partial_update"]
        if "delete" in allowed and hasattr(viewset, "destroy"):
            writes.append("destroy")
        for action in viewset.get_extra_actions():
            if action.detail and set(action.mapping) - {"get", "head", "options"}:
                writes.append(action.__name__)
        perms = getattr(viewset, "action_perms", {})
        missing += [f"{prefix}:{w}" for w in writes if w not in perms]
    assert missing == []


# --- HTML: out of scope is 404 like a missing record, in scope without the permission is 403 ----------------

@pytest.mark.parametrize("name", sorted(declarations()))
def test_html_object_url_answers_by_scope_and_permission(name, demo, db, client):
    spec = declarations()[name]
    model, records = _records(spec[0])
    perm = spec[1]
    if perm in UNSCOPED:
        pytest.skip(f"{perm}: not scoped by region")
    if not records.exists():
        pytest.fail(f"the demo has no {spec[0]}: the contract for {name} cannot be checked")
    # Dashboards and maps need a permission to be read; everything else with a permission is an action.
    write = perm is not None and ".view_" not in perm
    checked = 0
    for user in users():
        client.force_login(user)
        visible = records.visible_to(user)
        outside = records.exclude(pk__in=visible.values("pk")).first()
        inside = visible.first()

        def send(url):
            answer = client.post(url) if write else client.get(url)
            # A download behind a permission (an export) is a GET.
            return client.get(url) if write and answer.status_code == 405 else answer

        if outside is not None:
            url, missing_url = _url(name, spec, outside), _missing_url(name, spec, outside)
            answer, missing = send(url), send(missing_url)
            assert (user.username, answer.status_code) == (user.username, 404), url
            assert missing.status_code == 404
            # The page names its own address (language switch): that is the only difference allowed.
            assert _body(answer).replace(url, missing_url) == _body(missing), (name, user.username)
            checked += 1
        if inside is not None and perm and not user.has_perm(perm, inside):
            answer = send(_url(name, spec, inside))
            assert (user.username, answer.status_code) == (user.username, 403), _url(name, spec, inside)
            checked += 1
        if inside is not None and not write and (perm is None or user.has_perm(perm, inside)):
            answer = client.get(_url(name, spec, inside))
            # A file URL of a record without that file is a 404 of its own; scope is what is checked here.
            expected = (200, 404) if FILE_URL.search(name) else (200,)
            assert answer.status_code in expected, (user.username, _url(name, spec, inside), answer.status_code)
    assert checked, f"no user had a record of {spec[0]} outside scope or without permission"


# --- API: the same contract for every detail route ------------------------------------------------------------

def _api_cases():
    return [(prefix, viewset) for prefix, viewset, _b in api_viewsets()]


@pytest.mark.parametrize("prefix,viewset", _api_cases(), ids=[c[0] for c in _api_cases()])
def test_api_detail_answers_by_scope_and_permission(prefix, viewset, demo, db):
    from rest_framework.test import APIClient

    qs = viewset.queryset if viewset.queryset is not None else viewset.serializer_class.Meta.model.objects
    model = qs.model
    if model._meta.label == "regions.Region" or (
            not hasattr(model.objects, "visible_to") and not hasattr(qs, "visible_to")):
        pytest.skip(f"{prefix}: reference data, read by every signed-in user")
    if not model.objects.exists():
        pytest.skip(f"the demo has no {model.__name__}")
    allowed = {m.lower() for m in viewset.http_method_names}
    detail_actions = [a for a in viewset.get_extra_actions() if a.detail]
    perms = getattr(viewset, "action_perms", {})
    for user in users():
        api = APIClient()
        api.force_authenticate(user)
        if api.get(f"/api/v1/{prefix}/").status_code == 403:
            # The whole endpoint is closed to this role (the audit log): the same 403 whatever the id.
            some = model.objects.first()
            assert api.get(f"/api/v1/{prefix}/{some.pk}/").json() == api.get(f"/api/v1/{prefix}/{MISSING_PK}/").json()
            continue
        visible = model.objects.visible_to(user)
        outside = model.objects.exclude(pk__in=visible.values("pk")).first()
        if outside is not None:
            writes = [m for m, a in (("patch", "partial_update"), ("delete", "destroy"))
                      if m in allowed and hasattr(viewset, a)]
            for method in ["get", *writes]:
                url = f"/api/v1/{prefix}/{outside.pk}/"
                answer = getattr(api, method)(url, {}, format="json")
                missing = getattr(api, method)(f"/api/v1/{prefix}/{MISSING_PK}/", {}, format="json")
                assert (user.username, method, answer.status_code) == (user.username, method, 404)
                assert answer.json() == missing.json(), (prefix, method, user.username)
            for action in detail_actions:
                path = action.url_path
                for method in set(action.mapping) - {"head", "options"}:
                    answer = getattr(api, method)(f"/api/v1/{prefix}/{outside.pk}/{path}/", {}, format="json")
                    missing = getattr(api, method)(f"/api/v1/{prefix}/{MISSING_PK}/{path}/", {}, format="json")
                    assert (user.username, path, answer.status_code) == (user.username, path, 404)
                    assert answer.json() == missing.json()
        inside = visible.first()
        if inside is not None and hasattr(viewset, "partial_update") and "partial_update" in perms:
            if not user.has_perm(perms["partial_update"], inside):
                answer = api.patch(f"/api/v1/{prefix}/{inside.pk}/", {}, format="json")
                assert (user.username, answer.status_code) == (user.username, 403), prefix
