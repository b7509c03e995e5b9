"""Kelola desa & pengguna: thin views over onboarding.services (scope with get_visible_or_404, then the rule)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import InvitationChannel, Membership, User
from accounts.permissions import has_perm, require_perm
from core import registry, throttle
from core.actions import form_messages, post_action, render_form, run_action
from core.filters import filter_list
from core.mixins import get_visible_or_404
from core.views import error_response
from regions.forms import searching_form
from regions.models import Region

from . import forms, services
from .filters import VillageFilter

# Typed or clicked invitation keys: how many a client may try per window (seconds). A right key gives its try back.
ACTIVATE_LIMIT = (10, 3600)
SESSION_KEY = "onboarding_invitation"


def _posted(request):
    """The form's data when sent (even empty: an empty form is refused, not shown again as new)."""
    return request.POST if request.method == "POST" else None


def _village(request, code, perm="accounts.onboard_village"):
    village = get_visible_or_404(Region.objects.villages(), request.user, code=code)  # 404 outside the scope
    require_perm(request.user, perm, village)  # 403
    return village


def _user(request, pk):
    target = get_visible_or_404(User, request.user, pk=pk)
    require_perm(request.user, "accounts.manage_user", target)
    return target


def _sheets(request, invited, village=None):
    response = render(request, "onboarding/sheets.html", {
        "title": _("Lembar masuk Payung"), "sheets": invited, "village": village,
        "activate_url": services.activation_page_url(),
    })
    add_never_cache_headers(response)  # the codes are on this response only
    return response


# --- Villages -----------------------------------------------------------------------------------------------

@login_required
@require_GET
def villages(request):
    """The villages in Payung within the actor's regions: those with at least one role given there."""
    if not has_perm(request.user, "accounts.onboard_village"):
        raise PermissionDenied
    held = Membership.objects.filter(region__level=4).values("region_id")
    queryset = (Region.objects.visible_to(request.user).villages().filter(code__in=held)
                .annotate(active_users=Count("membership", filter=Q(membership__is_active=True,
                                                                    membership__user__is_active=True)))
                .select_related("parent").order_by("parent__name", "name"))
    listing = filter_list(request, VillageFilter, queryset)
    return render(request, "onboarding/village_list.html", {"listing": listing, "page": listing.page,
                                                             "filter": listing.filterset}, status=listing.status)


@login_required
def village_add(request):
    if not has_perm(request.user, "accounts.onboard_village"):
        raise PermissionDenied
    form = forms.OnboardVillageForm(_posted(request), user=request.user)
    if request.method == "POST" and not searching_form(form) and form.is_valid():
        data = form.cleaned_data
        made = run_action(form, services.onboard_village, request.user, data["village"], address=data["address"],
                          contact=data["contact"], request=request)
        if made:
            messages.success(request, _("%(village)s ditambahkan ke Payung. %(made)s Sekarang undang penggunanya.")
                             % {"village": data["village"], "made": " ".join(made)})
            return redirect("onboarding:village", code=data["village"].code)
    return render_form(request, form, title=_("Tambah desa ke Payung"), cancel_url=reverse("onboarding:villages"),
                       intro=_("Desa mendapat salinan layanan (SOP), jenis surat dan kop surat bawaan yang bisa "
                               "diubah operatornya. Setelah itu undang pengguna desa."))


@login_required
@require_GET
def village(request, code):
    village = _village(request, code)
    return render(request, "onboarding/village_detail.html", {
        "village": village, "memberships": services.village_users(village),
        "status": registry.village_setup_status(village),
        "can_invite": has_perm(request.user, "accounts.grant_village_role", village),
    })


@login_required
def invite(request, code):
    village = _village(request, code, "accounts.grant_village_role")
    form = forms.InviteForm(_posted(request), actor=request.user, village=village)
    if request.method == "POST" and form.is_valid():
        invited = run_action(form, services.invite_user, request.user, village, request=request, **form.cleaned_data)
        if invited:
            if invited.invitation.channel == InvitationChannel.SHEET:
                return _sheets(request, [invited], village)
            if invited.sent:
                messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": invited.user.email})
            else:
                messages.warning(request, _("Pengguna %(user)s dibuat, tetapi surel undangan gagal dikirim. Cetak "
                                            "lembar masuk dari halaman penggunanya.") % {"user": invited.user})
            return redirect("onboarding:village", code=village.code)
    return render_form(request, form, title=_("Undang pengguna %(village)s") % {"village": village},
                       cancel_url=reverse("onboarding:village", args=[village.code]),
                       intro=_("Pengguna membuat kata sandinya sendiri dengan tautan surel atau kode di lembar "
                               "masuk (sekali pakai, berlaku 14 hari)."))


@login_required
@require_POST
def sheets(request, code):
    """One sign-in sheet per user of the village who has never signed in (new codes: older ones stop working)."""
    village = _village(request, code, "accounts.grant_village_role")
    form = forms.SheetsForm(request.POST)
    invited = run_action(form, services.issue_sheets, request.user, village, request=request) if form.is_valid() \
        else None
    if not invited:
        for text in form_messages(form):
            messages.error(request, text)
        return redirect("onboarding:village", code=village.code)
    return _sheets(request, invited, village)


# --- Users --------------------------------------------------------------------------------------------------

@login_required
@require_GET
def user(request, pk):
    target = _user(request, pk)
    memberships = [(m, has_perm(request.user, "accounts.change_role", m))
                   for m in target.memberships.select_related("region").order_by("-is_active", "role")]
    return render(request, "onboarding/user_detail.html", {
        "target": target, "memberships": memberships, "invitations": target.invitations.all()[:5],
        "reinvite_form": forms.ReinviteForm(user=target), "is_self": target.pk == request.user.pk,
    })


@login_required
def grant_role(request, pk):
    target = _user(request, pk)
    form = forms.GrantRoleForm(_posted(request), actor=request.user)
    if request.method == "POST" and not searching_form(form) and form.is_valid():
        done = run_action(form, services.grant_role, request.user, target, form.cleaned_data["role"],
                          form.cleaned_data["region"], request=request)
        if done:
            messages.success(request, _("Peran %(role)s di %(region)s diberikan.") % {
                "role": done.get_role_display(), "region": done.region})
            return redirect("onboarding:user", pk=target.pk)
    return render_form(request, form, title=_("Tambah peran untuk %(user)s") % {"user": target},
                       cancel_url=reverse("onboarding:user", args=[target.pk]),
                       intro=_("Peran hanya berlaku di wilayah yang dipilih."))


@login_required
@require_POST
def reinvite(request, pk):
    target = _user(request, pk)
    form = forms.ReinviteForm(request.POST, user=target)
    invited = run_action(form, services.issue_invitation, request.user, target, form.cleaned_data["channel"],
                         request=request) if form.is_valid() else None
    if not invited:
        for text in form_messages(form):
            messages.error(request, text)
    elif invited.invitation.channel == InvitationChannel.SHEET:
        return _sheets(request, [invited])
    elif invited.sent:
        messages.success(request, _("Undangan baru dikirim ke %(email)s.") % {"email": target.email})
    else:
        messages.warning(request, _("Surel undangan gagal dikirim. Cetak lembar masuk."))
    return redirect("onboarding:user", pk=target.pk)


@login_required
@require_POST
def deactivate(request, pk):
    target = _user(request, pk)
    return post_action(request, lambda: services.deactivate_user(request.user, target, request=request),
                       success=_("%(user)s dinonaktifkan: tidak bisa masuk lagi. Data yang ia catat tetap ada.")
                       % {"user": target}, then=reverse("onboarding:user", args=[target.pk]))


@login_required
@require_POST
def reactivate(request, pk):
    target = _user(request, pk)
    return post_action(request, lambda: services.reactivate_user(request.user, target, request=request),
                       success=_("%(user)s diaktifkan kembali.") % {"user": target},
                       then=reverse("onboarding:user", args=[target.pk]))


@login_required
@require_POST
def revoke_role(request, pk):
    membership = get_visible_or_404(Membership, request.user, pk=pk)
    require_perm(request.user, "accounts.change_role", membership)
    return post_action(request, lambda: services.revoke_role(request.user, membership, request=request),
                       success=_("Peran %(role)s di %(region)s dicabut.") % {
                           "role": membership.get_role_display(), "region": membership.region},
                       then=reverse("onboarding:user", args=[membership.user_id]))


# --- The invited user's first sign-in (no account yet: public, throttled) -------------------------------------

def _invalid_invitation(request):
    return error_response(request, 404, _("Undangan tidak berlaku"),
                          _("Kode atau tautan ini salah, sudah dipakai, sudah diganti undangan baru, atau sudah "
                            "kedaluwarsa. Minta undangan baru kepada petugas yang mendaftarkan Anda."))


def _try_key(request, key):
    """The open invitation for a typed or clicked key (None: counted against the client's tries)."""
    decision = throttle.hit("onboarding-activate", throttle.client_ip(request), limit=ACTIVATE_LIMIT[0],
                            window=ACTIVATE_LIMIT[1])
    if not decision.allowed:
        return decision, None
    invitation = services.find_invitation(key)
    if invitation is not None:
        throttle.refund(decision)
        request.session[SESSION_KEY] = invitation.pk
    return decision, invitation


def activate(request):
    form = forms.ActivationCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        decision, invitation = _try_key(request, form.cleaned_data["code"])
        if not decision.allowed:
            return throttle.throttled_response(request, decision)
        if invitation is not None:
            return redirect("onboarding:activate_password")
        form.add_error("code", _("Kode ini tidak berlaku: salah ketik, sudah dipakai, atau kedaluwarsa. Periksa "
                                 "lembar masuk Anda atau minta lembar baru kepada petugas."))
    return render_form(request, form, title=_("Masuk pertama kali"), cancel_url=reverse("accounts:login"),
                       intro=_("Ketik kode dari lembar masuk Anda, lalu buat kata sandi Anda sendiri."))


@require_GET
def activate_link(request, key):
    decision, invitation = _try_key(request, key)
    if not decision.allowed:
        return throttle.throttled_response(request, decision)
    if invitation is None:
        return _invalid_invitation(request)
    # The key leaves the address bar (and the Referer of the next request) at once.
    return redirect("onboarding:activate_password")


def activate_password(request):
    invitation = services.find_invitation_by_id(request.session.get(SESSION_KEY))
    if invitation is None:
        return _invalid_invitation(request)
    form = forms.ActivationPasswordForm(invitation.user, _posted(request))
    if request.method == "POST" and form.is_valid() and run_action(form, services.activate, invitation, form,
                                                                   request=request):
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Kata sandi Anda tersimpan. Silakan masuk dengan nama pengguna %(username)s.")
                         % {"username": invitation.user.username})
        return redirect("accounts:login")
    response = render_form(request, form, title=_("Buat kata sandi Anda"), cancel_url=reverse("accounts:login"),
                           intro=_("Nama pengguna Anda: %(username)s. Kata sandi ini hanya Anda yang tahu.")
                           % {"username": invitation.user.username})
    add_never_cache_headers(response)
    return response
