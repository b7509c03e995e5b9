"""The message log, consents and the number's message language on the person's page and the case's page
(core.registry panels)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Panel

from .forms import LanguageForm
from .models import Consent, Language, Message, number_hash
from .services.consent import clean_phone
from .services.language import language_for


def panels(user, obj, page):
    if page == "people:detail" and has_perm(user, "messaging.view_log", obj):
        phone = clean_phone(obj.phone)
        by_number = Q(phone_hash=number_hash(phone)) if phone else Q(pk__in=[])
        messages = Message.objects.filter(Q(person=obj) | by_number)
        consents = Consent.objects.filter(Q(person=obj) | by_number)
        form = None
        if phone and has_perm(user, "messaging.set_language", obj):
            form = LanguageForm(initial={"language": language_for(phone)})
        return [_panel(messages, consents, phone, form, reverse("messaging:person_language", args=[obj.pk]))]
    if page == "cases:detail" and has_perm(user, "messaging.view_log", obj):
        phone = clean_phone(obj.complainant_phone)
        messages = Message.objects.filter(case=obj).exclude(purpose="staff")
        by_number = Q(phone_hash=number_hash(phone)) if phone else Q(pk__in=[])
        consents = Consent.objects.filter(Q(case=obj) | by_number)
        return [_panel(messages, consents, phone)]
    return []


def _panel(messages, consents, phone, form=None, form_url=""):
    return Panel("messaging/_messages_panel.html", {
        "title": _("Pesan WhatsApp/SMS"), "messages_log": list(messages.order_by("-created_at")[:30]),
        "consents": list(consents.distinct().order_by("-given_at")[:10]),
        "language": Language(language_for(phone)).label if phone else "", "language_form": form,
        "language_url": form_url,
    }, order=80)
