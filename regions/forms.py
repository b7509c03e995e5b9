from django import forms
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .models import Region
from .search import find, label_of, preferred_areas

# The name of the submit button that asks a picker for choices without JavaScript; its value is the field.
SEARCH_BUTTON = "region_search"


class RegionPickerWidget(forms.TextInput):
    """A name search box with a "Cari" button, and the code it fills.

    With JavaScript the box asks /wilayah/cari/ as one types (HTMX) and a click fills the code. Without it the
    "Cari" button sends the form back (`searching_form`): the page comes back with the matches as radio buttons
    named like the field, so choosing one and sending the form picks it. A typed code works too."""

    def __init__(self, level=None, attrs=None):
        self.level = level
        self.query = ""
        self.searching = False
        super().__init__(attrs)

    def value_from_datadict(self, data, files, name):
        self.query = (data.get(f"{name}_q") or "").strip()[:100]
        # An empty box with the button (Enter pressed in another field) is an ordinary submit.
        self.searching = data.get(SEARCH_BUTTON) == name and bool(self.query)
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs or {})
        results = []
        if self.searching and self.query:
            queryset = getattr(getattr(self, "choices", None), "queryset", None)
            results = find(self.query, level=self.level, queryset=queryset, prefer=preferred_areas())
        return render_to_string("regions/_picker.html", {
            "name": name, "value": value or "", "label": label_of(value) if value else "",
            "id": attrs.get("id", f"id_{name}"), "level": self.level or "", "css": attrs.get("class") or "form-control",
            "invalid": attrs.get("aria-invalid"), "required": attrs.get("required"),
            "describedby": attrs.get("aria-describedby", ""), "query": self.query, "searching": self.searching,
            "results": results, "button": SEARCH_BUTTON,
        })


class RegionField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _("Kode wilayah tidak dikenal. Cari nama desa lalu pilih dari daftar, "
                            "atau ketik kode Kemendagri seperti 35.05.10.2002."),
        "choose": _("Pilih wilayah Anda dari hasil pencarian di bawah, lalu kirim formulir."),
        "nothing_found": _("Tidak ada wilayah dengan nama itu. Periksa ejaan, atau tambahkan nama kecamatan "
                           "atau kabupaten, mis. \"Sukorejo Sutojayan\"."),
    }

    def __init__(self, level=None, queryset=None, **kwargs):
        queryset = queryset if queryset is not None else Region.objects.active()
        if level:
            queryset = queryset.filter(level=level)
        kwargs.setdefault("widget", RegionPickerWidget(level=level))
        super().__init__(queryset=queryset, to_field_name="code", **kwargs)

    def clean(self, value):
        widget = self.widget
        if getattr(widget, "searching", False):
            found = find(widget.query, level=widget.level, queryset=self.queryset, limit=1)
            raise forms.ValidationError(self.error_messages["choose" if found else "nothing_found"],
                                        code="searching")
        return super().clean(value)


def searching_form(form):
    """True when the visitor pressed a region picker's "Cari" button (no JavaScript): the view shows the form
    again, bound, with the matches under that picker and no other field marked wrong; nothing is saved."""
    if not form.is_bound:
        return False
    wanted = form.data.get(SEARCH_BUTTON)
    names = [n for n, f in form.fields.items() if isinstance(f, RegionField) and form.add_prefix(n) == wanted
             and (form.data.get(f"{wanted}_q") or "").strip()]
    if not names:
        return False
    form.full_clean()
    form._errors = ErrorDict({n: e for n, e in form.errors.items() if n in names})
    return True


def own_village(user, roles):
    """The one village where `user` holds one of `roles`, to pre-fill a form's village; None when the user acts in
    several villages, in a larger area or nowhere (they choose)."""
    from accounts.permissions import regions_with_role

    codes = regions_with_role(user, roles)
    if codes and len(codes) == 1 and codes[0].count(".") == 3:
        return codes[0]
    return None


def village_field(user, **kwargs):
    """A village picker limited to the user's scope: a typed code outside it is refused as unknown."""
    return RegionField(level=4, queryset=Region.objects.visible_to(user).filter(is_active=True),
                       label=kwargs.pop("label", _("Desa/kelurahan")), **kwargs)

