"""Labels of breakdown values on a dashboard: a related model's names, a field's choices, country names, an
indicator's own labels; fixed ones made once per process and language."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .registry import get


def dim_labels(indicator_key, dimension_key, values):
    """{value: label} for the values of one breakdown: one lookup for the whole list (a related model's
    names in one query, a field's choices read once), not one per row."""
    labels = {"": _("Tidak diisi")}
    rest = [v for v in values if v != ""]
    ind = get(indicator_key)
    dim = ind.dimension(dimension_key) if ind is not None and hasattr(ind, "dimension") else None
    if dim is None or not rest:
        return labels | {v: v for v in rest}
    if dim.labels is not None:
        # Filled as values are met: a dimension's labels may be a mapping that only answers get().
        fixed = _memo(("labels", indicator_key, dimension_key), dict)
        for v in rest:
            if v not in fixed:
                fixed[v] = str(dim.labels.get(v, v))
        return labels | {v: fixed[v] for v in rest}
    target = ind.get_model()
    for part in dim.path.split("__")[:-1]:
        target = target._meta.get_field(part).related_model
    fld = target._meta.get_field(dim.path.split("__")[-1])
    if dimension_key == "destination":
        from django_countries import countries

        names = _memo(("countries",), lambda: dict(countries))
        return labels | {v: names.get(v) or v for v in rest}
    if fld.is_relation:
        objects = fld.related_model._base_manager.in_bulk([v for v in rest if v.isdigit()])
        return labels | {v: str(objects[int(v)]) if v.isdigit() and int(v) in objects else v for v in rest}
    choices = _choice_labels(fld) if fld.choices else {}
    return labels | {v: choices.get(v, v) for v in rest}


_LABELS = {}


def _memo(key, make):
    """Fixed labels (choices, country names, an indicator's own labels) in the active language, made once per
    process and language: a dashboard shows dozens of breakdowns, and translating every choice of every field,
    or every country name, on each page was a tenth of a village page's time and a fifth of a regency's."""
    key = (*key, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = make()
    return labels


def _choice_labels(fld):
    """{stored value: label} of a field's choices in the active language."""
    return _memo(("choices", fld.model._meta.label, fld.name),
                 lambda: {str(k): str(label) for k, label in fld.flatchoices})
