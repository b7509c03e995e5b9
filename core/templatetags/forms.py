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


@register.simple_tag
def select_options(widget):
    """The <option>s (and <optgroup>s) of a select, written in Python: a country list is ~250 options, and a
    template loop over them was most of the public complaint form's render time (issue 17.8). A Select's options
    carry no attribute but `selected` (Select.option_inherits_attrs is False)."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    if widget.get("options_html") is not None:  # core.forms.FastSelect wrote them already
        return widget["options_html"]
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            selected = " selected" if option["selected"] else ""
            parts.append(f'<option value="{conditional_escape(str(option["value"]))}"{selected}>'
                         f'{conditional_escape(option["label"])}</option>')
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("\n".join(parts))
