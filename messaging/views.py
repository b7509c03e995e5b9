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

from accounts.permissions import require_perm
from core.actions import render_form, run_action
from core.mixins import get_visible_or_404
from regions.models import Region

from . import forms
from .gateways import android_sms, whatsapp
from .models import Consent, MessageTemplate, Purpose
from .services import settings_ui
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
    return render(request, "messaging/template_list.html", {"templates": settings_ui.previews()})


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
def switches(request, code):
    village = get_visible_or_404(Region.objects.villages(), request.user, code=code)
    require_perm(request.user, "messaging.set_switches", village)
    form = forms.SwitchesForm(request.POST or None, enabled=settings_ui.switches_of(village))
    if request.method == "POST" and form.is_valid() and run_action(
            form, settings_ui.set_switches, request.user, village, form.cleaned_data):
        messages.success(request, _("Pengaturan pesan Desa %(v)s tersimpan.") % {"v": village.name})
        return redirect("messaging:switches", village.code)
    return render_form(request, form, title=_("Pesan WhatsApp/SMS Desa %(v)s") % {"v": village.name},
                       cancel_url=reverse("core:home"))


@login_required
def my_alerts(request):
    current = Consent.objects.filter(user=request.user, purpose=Purpose.STAFF, withdrawn_at=None).first()
    form = forms.StaffAlertsForm(request.POST or None, initial={"phone": current.phone if current else
                                                                request.user.phone})
    if request.method == "POST" and form.is_valid() and run_action(
            form, settings_ui.staff_alerts_on, request.user, form.cleaned_data["phone"],
            form.cleaned_data["channel"]):
        messages.success(request, _("Pemberitahuan pengaduan baru akan dikirim ke %(p)s.") % {
            "p": form.cleaned_data["phone"]})
        return redirect("messaging:my_alerts")
    return render_form(request, form, title=_("Pemberitahuan pengaduan baru lewat WhatsApp/SMS"),
                       cancel_url=reverse("core:home"))
