"""`{% form_errors form %}`: the error summary at the top of a form (core.forms explains the one way)."""

from django import template

register = template.Library()


@register.inclusion_tag("core/forms/errors.html")
def form_errors(form):
    """Non-field messages, then one line per invalid field linking to it (a hidden field has no box to
    link to: its message stands alone)."""
    if form is None or not form.errors:
        return {"show": False}
    fields = []
    for field in form:
        if field.errors:
            anchor = None if field.is_hidden else getattr(field, "anchor_id", field.id_for_label)
            fields.append({"anchor": anchor, "label": field.label, "messages": list(field.errors)})
    return {"show": True, "non_field": list(form.non_field_errors()), "fields": fields}
