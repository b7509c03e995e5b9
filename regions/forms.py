from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .models import Region


class RegionPickerWidget(forms.TextInput):
    """A search box (HTMX) that fills a hidden code; works without JavaScript as a plain code box."""

    def __init__(self, level=None, attrs=None):
        self.level = level
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs or {})
        label = ""
        if value:
            region = Region.objects.filter(code=value).first()
            label = region.path_name if region else value
        return render_to_string("regions/_picker.html", {
            "name": name, "value": value or "", "label": label, "id": attrs.get("id", f"id_{name}"),
            "level": self.level or "", "css": attrs.get("class") or "form-control",
            "invalid": attrs.get("aria-invalid"), "required": attrs.get("required"),
            "describedby": attrs.get("aria-describedby", ""),
        })


class RegionField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _("Kode wilayah tidak dikenal. Cari nama desa lalu pilih dari daftar, "
                            "atau ketik kode Kemendagri seperti 35.05.10.2002."),
    }

    def __init__(self, level=None, queryset=None, **kwargs):
        queryset = queryset if queryset is not None else Region.objects.active()
        if level:
            queryset = queryset.filter(level=level)
        kwargs.setdefault("widget", RegionPickerWidget(level=level))
        super().__init__(queryset=queryset, to_field_name="code", **kwargs)


def village_field(user, **kwargs):
    """A village picker limited to the user's scope: a typed code outside it is refused as unknown."""
    return RegionField(level=4, queryset=Region.objects.visible_to(user).filter(is_active=True),
                       label=kwargs.pop("label", _("Desa/kelurahan")), **kwargs)
