"""`{% load panels %}{% panels "app:page" obj %}`: the sections other apps add to a page (core.registry.panels)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, page, obj):
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    html = [render_to_string(panel.template, {"obj": obj, **panel.context}, request=request)
            for panel in registry.panels(user, obj, page)]
    # Each piece is a template rendered with autoescape on.
    return mark_safe("".join(html))  # noqa: S308
