"""Service standards, notifications, the public complaint form and tracking, and overcharging complaints."""

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_perm
from core import crypto, throttle
from core.actions import check_form, post_action, run_action
from core.mixins import get_visible_or_404
from regions.forms import searching_form
from regions.services import remember_choice

from .. import forms, services
from ..models import (
    Notification,
    ServiceStandard,
)
from ..reference import CATEGORIES


@login_required
def standards(request):
    can_edit = request.user.has_perm("cases.edit_standards")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = forms.StandardForm(request.POST, prefix=request.POST.get("prefix") or None)

        def save():
            data = check_form(form)
            services.set_standard(request.user, data["category"], data["working_days"], data["priority"], data["note"])

        return post_action(request, save, success=_("Standar layanan disimpan. Berlaku untuk kasus baru."),
                           then="cases:standards")
    saved = {s.category: s for s in ServiceStandard.objects.all()}
    rows = []
    for code, (label, priority, days) in CATEGORIES.items():
        standard = saved.get(code)
        rows.append({"code": code, "label": label, "form": forms.StandardForm(initial={
            "category": code, "working_days": standard.working_days if standard else days,
            "priority": standard.priority if standard else priority, "note": standard.note if standard else ""},
            prefix=code), "edited": standard is not None})
    return render(request, "cases/standards.html", {"rows": rows, "can_edit": can_edit,
                                                    "title": _("Standar layanan pengaduan")})


@login_required
def notifications(request):
    qs = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        for notification in qs.filter(read_at__isnull=True):
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return redirect("cases:notifications")
    return render(request, "cases/notifications.html", {"notifications": qs[:100], "title": _("Pemberitahuan")})


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification, user=request.user, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "cases:notifications")


def public_form(request):
    form = forms.PublicComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and searching_form(form):
        # The village "Cari" button without JavaScript: the same form again with the matches to choose from.
        return _form_page(request, form)
    if request.method == "POST" and (form.is_spam or form.is_valid()):
        # Counted before anything is written, in one atomic step: simultaneous posts cannot pass the limit.
        decision = throttle.hit("cases-public-form", throttle.client_ip(request), limit=services.public_limit(),
                                window=services.PUBLIC_WINDOW_SECONDS)
        if not decision.allowed:
            # A replay or a double click of a form already sent is answered with the first complaint's code
            # even when the address has used its limit (a replay that was let through is answered below).
            earlier = _earlier_code(request)
            if earlier is not None:
                return _sent(request, earlier)
            return throttle.throttled_response(request, decision, message=_(
                "Terlalu banyak pengaduan dari alamat ini dalam satu jam. Coba lagi nanti, atau hubungi kantor desa."))
        if form.is_spam:
            # Answer a bot like a success, but keep nothing.
            return render(request, "cases/public_done.html", {"code": None, "title": _("Pengaduan terkirim")})
        sent = run_action(form, services.submit_public_complaint, form.cleaned_data,
                          form_key=forms.form_key(form.cleaned_data["form_token"]))
        if sent:
            if not sent.created:
                throttle.refund(decision)  # a replay sends nothing new: it does not count against the address
            return _sent(request, sent.case.tracking_code, village=sent.case.village_id)
        throttle.refund(decision)  # a refused complaint does not count against the address
    elif request.method == "POST":
        # A replay the form now refuses (its token expired meanwhile) still finds the complaint it sent.
        earlier = _earlier_code(request)
        if earlier is not None:
            return _sent(request, earlier)
    return _form_page(request, form)


def _earlier_code(request):
    """The tracking code of the complaint an earlier post of the same rendered form created, or None. Asked only
    when a post is refused (throttled or invalid): an accepted post finds a replay on the form key itself."""
    return services.code_for_form_key(forms.form_key(request.POST.get("form_token")))


# A blank complaint form's fields as HTML, per language. Only the form token differs between two blank forms,
# and public_form.html writes it outside these fields; everything inside comes from code and the translation
# catalogue (choices of countries and categories, consent texts), which a deployment restarts the process for.
# Rendering them is ~3,000 template nodes (the country list, the region picker, 20 field groups): most of the
# page's time (issue 17.8).
_BLANK_FIELDS = {}


def blank_fields(form):
    """The fields of an unbound PublicComplaintForm, rendered once per language and process."""
    language = get_language()
    html = _BLANK_FIELDS.get(language)
    if html is None:
        html = _BLANK_FIELDS[language] = render_to_string("cases/_public_form_fields.html", {"form": form})
    return html


def _form_page(request, form):
    context = {"form": form, "title": _("Kirim pengaduan"),
               "blank_fields": None if form.is_bound else blank_fields(form)}
    return _no_store(render(request, "cases/public_form.html", context))


# The code of the complaint just sent, shown once by public_done: a phone shared by several families must not
# show one family's code to the next visitor. It travels in a cookie encrypted with the deployment's keys
# (core.crypto), sent only to the "sent" page, which removes it: the submit writes no session row for an anonymous
# family (issue 17.8), and the cookie expires in minutes if the page is never opened.
SENT_COOKIE = "payung_terkirim"
SENT_SECONDS = 600


def _sent(request, code, village=None):
    """The answer to an accepted (or replayed) complaint: to the "sent" page, which shows `code` once."""
    response = redirect("cases:public_done")
    response.set_cookie(SENT_COOKIE, crypto.fernet().encrypt(code.encode()).decode(), max_age=SENT_SECONDS,
                        path=reverse("cases:public_done"), httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
    if village:
        remember_choice(request, response, village)
    return response


def _sent_code(request):
    token = request.COOKIES.get(SENT_COOKIE)
    if not token:
        return None
    try:
        return crypto.fernet().decrypt(token.encode(), ttl=SENT_SECONDS).decode()
    except InvalidToken:  # a cookie the visitor made up or kept too long: nothing to show
        return None


def public_done(request):
    code = _sent_code(request)
    if not code:
        response = redirect("cases:public_form")
    else:
        response = _no_store(render(request, "cases/public_done.html", {"code": code,
                                                                         "title": _("Pengaduan terkirim")}))
    if SENT_COOKIE in request.COOKIES:
        response.delete_cookie(SENT_COOKIE, path=reverse("cases:public_done"), samesite="Lax")
    return response


def public_track(request):
    """The code and the phone digits come by POST only: never in an address the browser's history, a shared
    phone or a proxy log keeps."""
    form = forms.TrackForm(request.POST if request.method == "POST" else None)
    case = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        # Only failed look-ups count (guessing codes is slow); the slot is taken first, so guesses sent at
        # once cannot pass the limit, and given back when the pair was right.
        decision = throttle.hit("cases-track", throttle.client_ip(request), limit=services.TRACK_FAILURES_PER_HOUR,
                                window=services.PUBLIC_WINDOW_SECONDS)
        if not decision.allowed:
            return throttle.throttled_response(request, decision, message=_(
                "Terlalu banyak percobaan melacak pengaduan. Coba lagi nanti."))
        case = services.track(form.cleaned_data["code"], form.cleaned_data["last4"])
        if case is not None:
            throttle.refund(decision)
    context = {"form": form, "searched": searched, "title": _("Lacak pengaduan")}
    if case is not None:
        context.update({"tracked": {
            "code": case.tracking_code, "category": case.get_category_display(), "status": case.get_status_display(),
            "received": case.received_at, "due_date": case.due_date if case.is_open else None,
            "events": services.public_timeline(case), "is_open": case.is_open,
        }})
    return _no_store(render(request, "cases/public_track.html", context))


def _no_store(response):
    # What a family typed or was given stays out of the browser's cache on a shared phone.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def overcharging_complaint(request, pk):
    """The button on a placement's overcharging flag (cases.panels): out of scope 404, without the permission 403."""
    from migrants.models import Placement

    placement = get_visible_or_404(Placement.objects.select_related("person", "agency"), request.user, pk=pk)
    require_perm(request.user, "cases.file_overcharging_complaint", placement)
    # Back to the placement either way: its complaints panel lists the new case.
    return post_action(request, lambda: services.complain_overcharging(request.user, placement, request=request),
                       success=lambda case: _("Pengaduan dibuat: %(case)s") % {"case": case}, then=placement)
