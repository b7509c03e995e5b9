"""One way to render a form: Django's form renderer with project templates (settings.FORM_RENDERER).

Every form in Payung renders through `FormRenderer`, so no form class styles its own widgets:

- `{{ form }}` renders the error summary, then every field (`templates/core/forms/form.html`);
- `{% load forms %}{% form_errors form %}` renders the summary alone, for a page that lays fields out itself
  with `{{ form.field.as_field_group }}` (`templates/core/forms/field.html`);
- `BootstrapBoundField` gives every widget its Bootstrap class, and an invalid one `is-invalid`,
  `aria-invalid="true"` and `aria-describedby` pointing at its message (the message sits under the field).

Chosen over crispy-bootstrap5: Django 5.2 already has the hooks (`bound_field_class`, field templates,
`aria-invalid`, `aria-describedby`), so this is two templates and one class with no new dependency.
"""

from django import forms
from django.forms.renderers import TemplatesSetting


class HoneypotField(forms.CharField):
    """A text box people never see and bots fill: rendered off-screen, out of the tab order and of screen
    readers (the form treats any value as spam)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
        super().__init__(**kwargs)


def widget_class(widget):
    """The Bootstrap class of a widget: form-check-input for ticks and radios, form-select for lists,
    form-control for everything typed or uploaded."""
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):  # RadioSelect covers checkbox lists
        return "form-check-input"
    if isinstance(widget, forms.Select):  # SelectMultiple too
        return "form-select"
    return "form-control"


class FastSelect(forms.Select):
    """Django's Select with its <option>s written in Python in one pass: building a dict and rendering a template
    per option (a country list is ~250) was most of the public complaint form's render time (issue 17.8). Same
    HTML and the same rule for `selected` (the first option whose value matches)."""

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)  # without ChoiceWidget's optgroups
        context["widget"]["optgroups"] = ()
        context["widget"]["options_html"] = self.options_html(context["widget"]["value"])
        return context

    def options_html(self, selected):
        from django.utils.html import conditional_escape
        from django.utils.safestring import mark_safe

        def option(value, label):
            return f'<option value="{conditional_escape(str(value))}">{conditional_escape(label)}</option>'

        parts = []
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):  # a group
                parts.append(f'<optgroup label="{conditional_escape(value)}">')
                parts.extend(option(v, sub) for v, sub in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(value, label))
        html = "\n".join(parts)
        for value in selected[:1]:
            tag = f'<option value="{conditional_escape(str(value))}">'
            html = html.replace(tag, tag[:-1] + " selected>", 1)
        return mark_safe(html)


class BootstrapBoundField(forms.BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        widget = field.widget
        # A browser date picker needs type=date and an ISO value; subclasses (admin, people.DateInput) decide
        # for themselves. The widget belongs to this form instance (fields are deep-copied per form).
        if type(widget) is forms.DateInput:
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if type(widget) is forms.Select:  # the same select, rendered in one pass (FastSelect)
            widget.__class__ = FastSelect

    @property
    def layout(self):
        """Which part of core/forms/field.html draws this field."""
        if self.is_hidden:
            return "hidden"
        if isinstance(self.field, HoneypotField):
            return "honeypot"
        if isinstance(self.field.widget, forms.RadioSelect):
            return "choices"
        if isinstance(self.field.widget, forms.CheckboxInput):
            return "check"
        return "control"

    @property
    def anchor_id(self):
        """The id the error summary links to: the input itself, or a list's first option."""
        if self.layout == "choices":
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = dict(attrs)
        if not widget.is_hidden and not isinstance(self.field, HoneypotField):
            tokens = (attrs.get("class") or widget.attrs.get("class", "")).split()
            base = widget_class(widget)
            if not any(t.startswith(("form-control", "form-select", "form-check-input")) for t in tokens):
                tokens.insert(0, base)
            if self.errors:
                tokens.append("is-invalid")
            attrs["class"] = " ".join(dict.fromkeys(tokens))
        # Django adds required, disabled, aria-invalid and aria-describedby (help text, then the message).
        return super().build_widget_attrs(attrs, widget)


class FormRenderer(TemplatesSetting):
    """Project templates (settings.TEMPLATES) for forms and fields; widgets keep Django's own templates."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = BootstrapBoundField
