"""core.forms: every form renders one way (Bootstrap classes, invalid fields marked with their message under
them, a summary linking to them, radios and ticks as form-check, required fields marked)."""

import re

from django import forms
from django.template import Context, Template
from django.test import SimpleTestCase

from core.forms import BootstrapBoundField, FormRenderer, HoneypotField

html = SimpleTestCase()


class SampleForm(forms.Form):
    name = forms.CharField(label="Nama", max_length=50)
    role = forms.ChoiceField(label="Siapa", choices=[("a", "Pekerja"), ("b", "Keluarga")], widget=forms.RadioSelect)
    kinds = forms.MultipleChoiceField(label="Jenis", choices=[("x", "X"), ("y", "Y")], required=False,
                                      widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField(label="Setuju")
    country = forms.ChoiceField(label="Negara", choices=[("", "—"), ("HK", "Hong Kong")], required=False)
    on = forms.DateField(label="Tanggal", required=False, help_text="Perkiraan saja.")
    note = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    website = HoneypotField(label="Jangan diisi")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("country") == "HK" and not data.get("note"):
            raise forms.ValidationError("Catatan wajib untuk Hong Kong.")
        return data


def test_the_project_renderer_is_the_default_and_gives_every_field_the_bootstrap_bound_field(settings):
    assert settings.FORM_RENDERER == "core.forms.FormRenderer"
    form = SampleForm()
    assert isinstance(form.renderer, FormRenderer)
    assert all(isinstance(field, BootstrapBoundField) for field in form)


def test_an_unbound_form_has_bootstrap_classes_marked_required_fields_and_no_summary():
    page = str(SampleForm())
    assert 'data-testid="form-errors"' not in page
    assert "is-invalid" not in page and "aria-invalid" not in page
    html.assertInHTML('<input type="text" name="name" maxlength="50" class="form-control" required id="id_name">',
                      page)
    html.assertInHTML('<select name="country" class="form-select" id="id_country">'
                      '<option value="" selected>—</option><option value="HK">Hong Kong</option></select>', page)
    html.assertInHTML('<textarea name="note" cols="40" rows="2" class="form-control" id="id_note"></textarea>', page)
    # A date is the browser's date picker, its help text tied to it.
    html.assertInHTML('<input type="date" name="on" class="form-control" aria-describedby="id_on_helptext" '
                      'id="id_on">', page)
    html.assertInHTML('<div class="form-text" id="id_on_helptext">Perkiraan saja.</div>', page)
    # Required fields carry a visible mark beside the label; optional ones do not.
    html.assertInHTML('<label class="form-label" for="id_name">Nama <span class="text-danger" title="wajib diisi" '
                      'aria-hidden="true">*</span></label>', page)
    html.assertInHTML('<label class="form-label" for="id_note">Catatan</label>', page)


def test_radios_and_checkbox_lists_render_as_form_check_items_in_a_fieldset():
    page = str(SampleForm())
    html.assertInHTML('<div class="form-check"><input type="radio" name="role" value="a" class="form-check-input" '
                      'required id="id_role_0"><label class="form-check-label" for="id_role_0">Pekerja</label></div>',
                      page)
    html.assertInHTML('<div class="form-check"><input type="checkbox" name="kinds" value="y" '
                      'class="form-check-input" id="id_kinds_1"><label class="form-check-label" for="id_kinds_1">Y'
                      '</label></div>', page)
    assert re.search(r'<fieldset class="mb-3" id="id_role">\s*<legend class="form-label fs-6">Siapa <span', page)
    html.assertInHTML('<div class="form-check mb-3"><input type="checkbox" name="agree" class="form-check-input" '
                      'required id="id_agree"><label class="form-check-label" for="id_agree">Setuju <span '
                      'class="text-danger" title="wajib diisi" aria-hidden="true">*</span></label></div>', page)
    # No radio or tick is styled as a text box.
    assert not re.search(r'type="(radio|checkbox)"[^>]*form-control', page)


def test_the_honeypot_is_off_screen_out_of_the_tab_order_and_unstyled():
    page = str(SampleForm())
    html.assertInHTML('<div class="visually-hidden" aria-hidden="true"><label for="id_website">Jangan diisi</label>'
                      '<input type="text" name="website" tabindex="-1" autocomplete="off" id="id_website"></div>',
                      page)


def test_an_invalid_field_is_marked_with_its_message_under_it_and_listed_in_the_summary():
    form = SampleForm(data={"country": "HK", "on": "kemarin"})
    page = str(form)
    html.assertInHTML('<input type="text" name="name" maxlength="50" class="form-control is-invalid" required '
                      'aria-invalid="true" aria-describedby="id_name_error" id="id_name">', page)
    html.assertInHTML('<div class="invalid-feedback d-block" id="id_name_error" data-testid="error-name">'
                      '<div>Bidang ini harus diisi.</div></div>', page)
    html.assertInHTML('<input type="date" name="on" value="kemarin" class="form-control is-invalid" '
                      'aria-invalid="true" aria-describedby="id_on_helptext id_on_error" id="id_on">', page)
    html.assertInHTML('<input type="radio" name="role" value="b" class="form-check-input is-invalid" required '
                      'aria-invalid="true" id="id_role_1">', page)
    html.assertInHTML('<input type="checkbox" name="agree" class="form-check-input is-invalid" required '
                      'aria-invalid="true" aria-describedby="id_agree_error" id="id_agree">', page)
    # The message comes after the input it belongs to.
    assert page.index('id="id_name"') < page.index('id="id_name_error"')
    summary = page[:page.index("</div>") + 6]
    assert summary.startswith('<div class="alert alert-danger" role="alert" data-testid="form-errors">')
    assert re.findall(r'href="#([\w]+)"', summary) == ["id_name", "id_role_0", "id_agree", "id_on"]
    html.assertInHTML('<li><a class="alert-link" href="#id_role_0">Siapa</a>: Bidang ini harus diisi.</li>', summary)
    # A hidden field has no box to link to: its message stands alone.
    html.assertInHTML("<li>Bidang ini harus diisi.</li>", summary)
    # The summary comes first, before any field.
    assert page.index('data-testid="form-errors"') < page.index("<input")


def test_a_form_wide_message_appears_in_the_summary():
    page = str(SampleForm(data={"country": "HK", "name": "Sri", "role": "a", "agree": "on", "token": "t"}))
    html.assertInHTML('<p class="mb-1">Catatan wajib untuk Hong Kong.</p>', page)
    assert "<ul" not in page.split('data-testid="form-errors"')[1].split("</div>")[0]


def test_a_page_laying_out_fields_itself_gets_the_same_summary_and_fields():
    form = SampleForm(data={})
    page = Template("{% load forms %}<form>{% form_errors form %}{{ form.name.as_field_group }}</form>").render(
        Context({"form": form}))
    assert page.startswith('<form><div class="alert alert-danger" role="alert" data-testid="form-errors">')
    html.assertInHTML('<li><a class="alert-link" href="#id_name">Nama</a>: Bidang ini harus diisi.</li>', page)
    assert 'class="form-control is-invalid"' in page
    assert Template("{% load forms %}{% form_errors form %}").render(Context({"form": SampleForm()})) == ""


def test_a_widget_keeps_its_own_classes_and_gets_the_bootstrap_one_once():
    class SmallForm(forms.Form):
        q = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control form-control-sm w-auto"}))
        tags = forms.CharField(widget=forms.TextInput(attrs={"class": "w-auto"}))

    form = SmallForm(data={"q": "", "tags": "a"})
    assert 'class="form-control form-control-sm w-auto is-invalid"' in str(form["q"])
    assert 'class="form-control w-auto"' in str(form["tags"])
