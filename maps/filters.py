"""The map's selectors (area, indicator, year) read from the query string through one form (reports.filters),
so no view parses request.GET by hand: a bad value is a 400 that names it. An area without a map stays a 404."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import RegionCodeField
from reports.filters import YearForm

from . import services


class MapForm(YearForm):
    wilayah = RegionCodeField(label=_("Wilayah"), required=False)
    indikator = forms.ChoiceField(label=_("Indikator"), required=False)

    def __init__(self, request, *, public=False, **kwargs):
        super().__init__(request, **kwargs)
        self.fields["indikator"].choices = [("", "")] + [
            (i.key, i.label) for i in services.map_indicators(public=public)]

    def area(self):
        return self.value("wilayah", services.NATION)

    def indicator(self):
        return self.value("indikator", "")
