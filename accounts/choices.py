"""Choice labels for every app: a model mixin at the floor, so reference data (regions) uses it as records do."""

from django.utils.encoding import force_str


class ChoiceLabels:
    """A model mixin: `get_<field>_display()` finds the label in a {value: label} table made once per field, instead
    of Django's rebuilding one per call, which hashes every lazy label and so translates every choice (19 categories:
    ~0.5 ms for one case's label, three times in a public complaint, issue 17.8; a region's kind, once per row of a
    dashboard's table of kecamatan or villages, issue 23.2). Same answer: the label in the current language, the
    value itself when it is no choice."""

    def _get_FIELD_display(self, field):
        labels = _choice_labels(field)
        if labels is None:
            return super()._get_FIELD_display(field)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list in a JSON field): Django's own way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


def _choice_labels(field):
    """{value: label} of a field's fixed choices (None for choices made by a callable, or values not hashable),
    kept on the field while its choices are the same object."""
    choices = field.choices
    kept = field.__dict__.get("_choice_labels")
    if kept is not None and kept[0] is choices:
        return kept[1]
    labels = None
    if isinstance(choices, (list, tuple)):
        try:
            labels = {value: label for value, label in field.flatchoices}
        except TypeError:
            labels = None
    field.__dict__["_choice_labels"] = (choices, labels)
    return labels
