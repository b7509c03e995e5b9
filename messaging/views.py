import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import has_perm, require_perm
from core.actions import check_form, post_action, render_form, run_action
from core.mixins import get_visible_or_404
from people.models import Person
from regions.forms import searching_form
from regions.models import Region

from . import forms
from .gateways import android_sms, whatsapp
from .models import Consent, MessageTemplate, Purpose
from .services import settings_ui
from .services.language import language_for
from .services.webhooks import handle_android_sms, handle_whatsapp


def _json(request):
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    if request.method == "GET":  # Meta's subscription check
        token = request.GET.get("hub.verify_token", "")
        if (request.GET.get("hub.mode") == "subscribe" and settings.MESSAGING_WHATSAPP_VERIFY_TOKEN
                and constant_time_compare(token, settings.MESSAGING_WHATSAPP_VERIFY_TOKEN)):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verify token")
    if not whatsapp.valid_signature(request.body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden("signature")
    payload = _json(request)
    if payload is None:
        return HttpResponseBadRequest("json")
    return JsonResponse(handle_whatsapp(payload))


@csrf_exempt
@require_POST
def sms_webhook(request):
    if not android_sms.valid_signature(request.body, request.headers.get("X-Signature", ""),
                                       request.headers.get("X-Timestamp", "")):
        return HttpResponseForbidden("signature")
    payload = _json(request)
    if payload is None:
        return HttpResponseBadRequest("json")
    return JsonResponse(handle_android_sms(payload))


@login_required
def template_list(request):
    require_perm(request.user, "messaging.review_templates")
    return render(request, "messaging/template_list.html", {"sections": settings_ui.previews()})


@login_required
def template_edit(request, pk):
    require_perm(request.user, "messaging.review_templates")
    template = get_object_or_404(MessageTemplate, pk=pk)  # national reference data, not region-scoped
    form = forms.TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid() and run_action(
            form, settings_ui.review, request.user, template, **form.cleaned_data):
        messages.success(request, _("Templat %(code)s tersimpan.") % {"code": template.code})
        return redirect("messaging:templates")
    return render_form(request, form, title=_("Templat pesan: %(e)s") % {"e": template.get_event_display()},
                       cancel_url=reverse("messaging:templates"))


@login_required
@require_POST
def template_reviewed(request, pk):
    require_perm(request.user, "messaging.review_templates")
    template = get_object_or_404(MessageTemplate, pk=pk)
    return post_action(request, lambda: settings_ui.mark_reviewed(request.user, template),
                       success=_("Templat %(code)s ditandai sudah ditinjau.") % {"code": template.code},
                       then="messaging:templates")


@login_required
def settings_page(request):
    """Where staff find the messaging screens: a village's event switches, their own alerts, the templates."""
    can_switch = has_perm(request.user, "messaging.set_switches")
    form = forms.VillagePickForm(request.POST or None, user=request.user) if can_switch else None
    if form is not None and request.method == "POST" and not searching_form(form) and form.is_valid():
        village = form.cleaned_data["village"]
        require_perm(request.user, "messaging.set_switches", village)
        return redirect("messaging:switches", village.code)
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "messaging/settings.html", {
        "form": form, "villages": settings_ui.switchable_villages(request.user) if can_switch else [],
        "can_review": has_perm(request.user, "messaging.review_templates"),
    }, status=status)


@login_required
@require_POST
def person_language(request, pk):
    person = get_visible_or_404(Person, request.user, pk=pk)
    require_perm(request.user, "messaging.set_language", person)
    form = forms.LanguageForm(request.POST)
    return post_action(request, lambda: settings_ui.person_language(request.user, person,
                                                                    check_form(form)["language"]),
                       success=_("Bahasa pesan tersimpan."), then=person)


@login_required
def switches(request, code):
    village = get_visible_or_404(Region.objects.villages(), request.user, code=code)
    require_perm(request.user, "messaging.set_switches", village)
    form = forms.SwitchesForm(request.POST or None, enabled=settings_ui.switches_of(village))
    if request.method == "POST" and form.is_valid() and run_action(
            form, settings_ui.set_switches, request.user, village, form.cleaned_data):
        messages.success(request, _("Pengaturan pesan Desa %(v)s tersimpan.") % {"v": village.name})
        return redirect("messaging:switches", village.code)
    return render_form(request, form, title=_("Pesan WhatsApp/SMS Desa %(v)s") % {"v": village.name},
                       intro=_("Pesan yang dikirim untuk peristiwa di desa ini. Yang tidak dicentang tidak dikirim; "
                               "jawaban atas pesan warga (STATUS, LAPOR, BERHENTI) selalu dikirim."),
                       cancel_url=reverse("messaging:settings"))


@login_required
def my_alerts(request):
    current = Consent.objects.filter(user=request.user, purpose=Purpose.STAFF, withdrawn_at=None).first()
    phone = current.phone if current else request.user.phone
    form = forms.StaffAlertsForm(request.POST or None, initial={"phone": phone, "language": language_for(phone)})
    if request.method == "POST" and form.is_valid() and run_action(
            form, settings_ui.staff_alerts_on, request.user, form.cleaned_data["phone"],
            form.cleaned_data["channel"], form.cleaned_data["language"]):
        messages.success(request, _("Pemberitahuan pengaduan baru akan dikirim ke %(p)s.") % {
            "p": form.cleaned_data["phone"]})
        return redirect("messaging:my_alerts")
    return render_form(request, form, title=_("Pemberitahuan pengaduan baru lewat WhatsApp/SMS"),
                       cancel_url=reverse("messaging:settings"))
