"""The message log and consents on the person's page and the case's page (core.registry panels)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Panel

from .models import Consent, Message
from .services.consent import clean_phone


def panels(user, obj, page):
    if page == "people:detail" and has_perm(user, "messaging.view_log", obj):
        phone = clean_phone(obj.phone)
        messages = Message.objects.filter(Q(person=obj) | (Q(to=phone) if phone else Q(pk__in=[])))
        consents = Consent.objects.filter(Q(person=obj) | (Q(phone=phone) if phone else Q(pk__in=[])))
        return [_panel(messages, consents)]
    if page == "cases:detail" and has_perm(user, "messaging.view_log", obj):
        phone = clean_phone(obj.complainant_phone)
        messages = Message.objects.filter(case=obj).exclude(purpose="staff")
        consents = Consent.objects.filter(Q(case=obj) | (Q(phone=phone) if phone else Q(pk__in=[])))
        return [_panel(messages, consents)]
    return []


def _panel(messages, consents):
    return Panel("messaging/_messages_panel.html", {
        "title": _("Pesan WhatsApp/SMS"), "messages_log": list(messages.order_by("-created_at")[:30]),
        "consents": list(consents.distinct().order_by("-given_at")[:10]),
    }, order=80)
