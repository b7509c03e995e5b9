"""Thin views: scope (404), permission (403), one service call."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import require_perm
from audit.models import Action
from audit.services import log_read, record
from core import throttle
from core.actions import check_form, post_action, render_form, run_action
from core.exports import record_export
from core.filters import filter_list
from core.mixins import get_visible_or_404
from people.models import Person

from . import deadlines, services
from .filters import BreachFilter, RequestFilter
from .forms import AnswerForm, BreachForm, ConsentForm, IdentityForm, PublicRequestForm, RequestForm
from .models import Breach, DataRequest, RequestChannel


@login_required
def request_list(request):
    require_perm(request.user, "privacy.view_request")
    listing = filter_list(request, RequestFilter, DataRequest.objects.visible_to(request.user).select_related(
        "village", "person"))
    return render(request, "privacy/request_list.html", {"page": listing.page, "filter": listing.filterset},
                  status=listing.status)


@login_required
def request_create(request):
    require_perm(request.user, "privacy.file_request")
    form = RequestForm(request.POST or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        person = data["person"]
        details = {"note": data["note"], "field": data["field"], "value": data["value"]}
        created = run_action(form, services.file_request, request.user, kind=data["kind"], village=person.village_id,
                             person=person, details=details, request=request)
        if created:
            return redirect("privacy:request", created.pk)
    return render_form(request, form, title=_("Permintaan subjek data baru"), cancel_url=reverse("privacy:requests"))


@login_required
def request_detail(request, pk):
    data_request = get_visible_or_404(DataRequest, request.user, pk=pk)
    require_perm(request.user, "privacy.view_request", data_request)
    log_read(request.user, data_request, request=request)
    holds = services.holds_for(data_request.person) if data_request.person_id else []
    return render(request, "privacy/request_detail.html", {
        "r": data_request, "countdown": deadlines.countdown(data_request.remaining()), "holds": holds,
        "identity_form": IdentityForm(user=request.user, village_code=data_request.village_id),
        "answer_form": AnswerForm(),
    })


@login_required
@require_POST
def check_identity(request, pk):
    data_request = get_visible_or_404(DataRequest, request.user, pk=pk)
    require_perm(request.user, "privacy.answer_request", data_request)
    form = IdentityForm(request.POST, user=request.user, village_code=data_request.village_id)

    def action():
        return services.check_identity(request.user, data_request, person=check_form(form)["person"],
                                       request=request)
    return post_action(request, action, success=_("Identitas diperiksa."), then=reverse("privacy:request", args=[pk]))


@login_required
@require_POST
def answer(request, pk):
    data_request = get_visible_or_404(DataRequest, request.user, pk=pk)
    require_perm(request.user, "privacy.answer_request", data_request)
    form = AnswerForm(request.POST)

    def action():
        data = check_form(form)
        return services.answer_request(request.user, data_request, grant=data["grant"], answer=data["answer"],
                                       request=request)
    return post_action(request, action, success=_("Permintaan dijawab."), then=reverse("privacy:request", args=[pk]))


def _access_person(request, pk):
    data_request = get_visible_or_404(DataRequest, request.user, pk=pk)
    require_perm(request.user, "privacy.export_access_file", data_request)
    if data_request.person_id is None or data_request.status == "filed":
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Identitas pemohon belum diperiksa: berkas belum dapat dibuka."))
    return data_request, data_request.person


@login_required
def access_pdf(request, pk):
    data_request, person = _access_person(request, pk)
    body = services.access_pdf(person)
    record_export(request, object_type="people.person", object_id=str(person.pk), fmt="pdf", row_count=1,
                  region_code=person.village_id, description=_("Berkas akses data pribadi"),
                  filename=f"{data_request.reference}.pdf")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{data_request.reference}.pdf"'
    return response


@login_required
def access_json(request, pk):
    data_request, person = _access_person(request, pk)
    body = services.access_json(person)
    record_export(request, object_type="people.person", object_id=str(person.pk), fmt="json", row_count=1,
                  region_code=person.village_id, description=_("Berkas akses data pribadi"),
                  filename=f"{data_request.reference}.json")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{data_request.reference}.json"'
    return response


@login_required
def person_privacy(request, pk):
    """The person's consents, holds and requests in one place."""
    person = get_visible_or_404(Person, request.user, pk=pk)
    require_perm(request.user, "privacy.view_request", person)
    form = ConsentForm(request.POST or None)
    if request.method == "POST":
        require_perm(request.user, "privacy.record_consent", person)
        if form.is_valid() and run_action(form, services.record_consent, request.user, person, **form.cleaned_data):
            return redirect("privacy:person", pk)
    return render(request, "privacy/person.html", {
        "person": person, "consents": services.consents_for(person), "holds": services.holds_for(person),
        "erased": services.is_erased(person), "form": form,
        "requests": DataRequest.objects.visible_to(request.user).filter(person=person),
    }, status=400 if form.errors else 200)


def public_request(request):
    """The portal page: anyone may ask; the village checks identity before anything is released."""
    form = PublicRequestForm(request.POST or None)
    if request.method == "POST":
        decision = throttle.hit("privacy-public-request", throttle.client_ip(request), limit=5, window=3600)
        if not decision.allowed:
            return throttle.throttled_response(request, decision,
                                               message=_("Terlalu banyak permintaan; coba lagi nanti."))
        if form.is_valid():
            data = form.cleaned_data
            if data.get("website"):
                return render(request, "privacy/public_done.html", {"code": ""})
            created = run_action(form, services.file_request, None, kind=data["kind"], village=data["village"],
                                 details={"name": data["name"], "note": data["note"]}, contact=data["contact"],
                                 channel=RequestChannel.PORTAL, request=request)
            if created:
                return render(request, "privacy/public_done.html", {"code": created.tracking_code,
                                                                    "due": created.due_at})
    return render_form(request, form, title=_("Permintaan atas data pribadi Anda"), cancel_url="/",
                       intro=_("Anda berhak mengakses, memperbaiki, menghapus, membatasi pemrosesan data pribadi "
                               "Anda, menarik persetujuan, dan mengajukan keberatan (UU 27/2022). Desa akan "
                               "memeriksa identitas Anda (KTP) sebelum memberikan data apa pun."))


@login_required
def breach_list(request):
    require_perm(request.user, "privacy.manage_breach")
    listing = filter_list(request, BreachFilter, Breach.objects.visible_to(request.user))
    return render(request, "privacy/breach_list.html", {"page": listing.page}, status=listing.status)


@login_required
def breach_create(request):
    require_perm(request.user, "privacy.manage_breach")
    form = BreachForm(request.POST or None)
    if form.is_valid():
        data = dict(form.cleaned_data)
        username = data.pop("suspect_username")
        region = data.pop("region")
        suspect = User.objects.filter(username=username).first() if username else None
        if username and suspect is None:
            form.add_error("suspect_username", _("Akun yang diduga: nama pengguna tidak ditemukan."))
        else:
            created = run_action(form, services.record_breach, request.user, suspect_user=suspect,
                                 region_code=region.code if region else "", request=request, **data)
            if created:
                return redirect("privacy:breach", created.pk)
    return render_form(request, form, title=_("Catat dugaan kegagalan pelindungan data"),
                       cancel_url=reverse("privacy:breaches"))


@login_required
def breach_detail(request, pk):
    breach = get_visible_or_404(Breach, request.user, pk=pk)
    require_perm(request.user, "privacy.manage_breach", breach)
    if request.method == "POST":
        return post_action(request, lambda: services.mark_notified(request.user, breach, request=request),
                           success=_("Pemberitahuan dicatat."), then=reverse("privacy:breach", args=[pk]))
    record(request.user, Action.READ, breach, request=request)
    people = Person.objects.filter(pk__in=breach.affected_people[:200])
    return render(request, "privacy/breach_detail.html", {
        "breach": breach, "people": people, "basis": deadlines.BREACH_BASIS,
        "countdown": deadlines.countdown(breach.due_at - timezone.now()),
    })


@login_required
def breach_letter(request, pk):
    breach = get_visible_or_404(Breach, request.user, pk=pk)
    require_perm(request.user, "privacy.manage_breach", breach)
    response = HttpResponse(services.letter_pdf(request.user, breach, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pemberitahuan-{breach.pk}.pdf"'
    return response
