"""Texts stored as a message key and parameters, shown in the reader's language (issue 17).

`Text(msgid, **params)`: `msgid` is the Indonesian gettext msgid with %(name)s placeholders; a parameter that
is itself translatable (a lazy label such as `Category(code).label`) is kept as its own msgid, so an English
reader sees the whole sentence in English. `str(text)` renders in the active language."""

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext


class Text:
    def __init__(self, msgid, **params):
        self.msgid = str(msgid)
        self.params = params

    def stored_params(self):
        """JSON-ready parameters: a translatable one as {"t": its Indonesian msgid}."""
        stored = {}
        for name, value in self.params.items():
            if isinstance(value, Promise):
                with translation.override("id"):
                    stored[name] = {"t": str(value)}
            else:
                stored[name] = str(value)
        return stored

    def __str__(self):
        return render(self.msgid, self.stored_params())


def render(msgid, params):
    """The stored text in the active language."""
    values = {name: gettext(value["t"]) if isinstance(value, dict) else value for name, value in params.items()}
    try:
        return gettext(msgid) % values
    except (KeyError, TypeError, ValueError):
        # A translation with a broken placeholder must not hide the notice: the Indonesian text then.
        return msgid % values


def indonesian(text):
    with translation.override("id"):
        return str(text)


def compose(*parts):
    """A text made of translatable sentences (`Text`) and typed words (str, e.g. a handler's note): returns
    (the text in the active language, the parts to store), so a stored timeline entry can be shown again in
    its reader's language. Empty parts are left out."""
    stored = []
    for part in parts:
        if isinstance(part, Text):
            stored.append({"k": part.msgid, "p": part.stored_params()})
        elif part:
            stored.append({"raw": str(part).strip()})
    return render_parts(stored), stored


def render_parts(parts):
    return " ".join(render(part["k"], part["p"]) if "k" in part else part["raw"] for part in parts)


def choice_label(instance, field):
    """The translatable label of a choice field's value (get_FOO_display() gives it already translated)."""
    value = getattr(instance, field)
    return dict(instance._meta.get_field(field).flatchoices).get(value, value)
