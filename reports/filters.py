"""The dashboards' and open data's selectors (year, level, province) read from the query string through forms, so
no view parses request.GET by hand: a bad value is a 400 that names it, never a 500 and never another year's
figures passed off as the one asked for."""

from django import forms
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.filters import form_error_text
from regions.models import Level, Region

FIRST_YEAR, LAST_YEAR = 2000, 2100


class SelectorForm(forms.Form):
    """Selectors bound to request.GET: `.valid`, `.error_text()` and the 400 answers for a page, a file, JSON."""

    def __init__(self, request, **kwargs):
        super().__init__(request.GET, **kwargs)
        self.request = request

    @property
    def valid(self):
        return self.is_valid()

    def value(self, name, default=None):
        """The cleaned value, or `default` when not given or refused."""
        value = self.cleaned_data.get(name) if self.is_valid() else None
        return default if value in (None, "") else value

    def error_text(self):
        return form_error_text(self)

    def message(self):
        """Put the refusal on the page (messages); the view renders its defaults with status 400."""
        from django.contrib import messages

        messages.error(self.request, self.error_text(), fail_silently=True)

    def file_refusal(self):
        return HttpResponse(self.error_text(), status=400, content_type="text/plain; charset=utf-8")

    def json_refusal(self):
        return JsonResponse({"detail": self.error_text(), "errors": self.errors}, status=400)


class YearForm(SelectorForm):
    tahun = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=FIRST_YEAR, max_value=LAST_YEAR,
                               required=False)

    def year(self):
        """The year asked for, else this year."""
        return self.value("tahun", timezone.localdate().year)


LEVELS = {"provinsi": Level.PROVINCE, "kabupaten": Level.REGENCY}


class OpenDataForm(YearForm):
    tingkat = forms.ChoiceField(label=gettext_lazy("Tingkat"), required=False,
                                choices=[("provinsi", gettext_lazy("Provinsi")),
                                         ("kabupaten", gettext_lazy("Kabupaten/Kota"))])
    provinsi = forms.ModelChoiceField(label=gettext_lazy("Provinsi"), required=False, to_field_name="code",
                                      queryset=Region.objects.filter(level=Level.PROVINCE))

    def level(self):
        return LEVELS[self.value("tingkat", "provinsi")]

    def province(self):
        province = self.value("provinsi")
        return province.code if province else None


def _monthly_filter():
    """The monthly reports' list FilterSet (built lazily: core.filters imports nothing of reports)."""
    import django_filters

    from core.filters import RegionCodeFilter, ScopedFilterSet

    from .models import MonthlyReport

    class MonthlyReportFilter(ScopedFilterSet):
        region = RegionCodeFilter(field_name="region_code", label=gettext_lazy("kode wilayah (awalan)"))
        year = django_filters.NumberFilter(min_value=FIRST_YEAR, max_value=LAST_YEAR, label=gettext_lazy("Tahun"))

        class Meta:
            model = MonthlyReport
            fields = ["year", "month", "level"]

    return MonthlyReportFilter
