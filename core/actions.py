"""How a view speaks: run a domain action and report its refusal, render a form page, stream a private file.

A domain function refuses with ValidationError (`{field: [messages]}` or plain messages) or PermissionDenied;
views never catch them by hand but go through these helpers, so every page reports a refusal the same way.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .uploads import mime_of


def apply_errors(form, error):
    """Puts a domain ValidationError on the form: on each field it names that the form has, else on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def run_action(form, fn, /, *args, **kwargs):
    """Calls fn(*args, **kwargs) for a valid form. Returns its result (True when it returns nothing), or None
    after putting its ValidationError on the form, which the page then shows again (status 400)."""
    try:
        result = fn(*args, **kwargs)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    return True if result is None else result


def render_form(request, form, *, title, cancel_url, intro="", multipart=False, template="core/form_page.html",
                status=None, **context):
    """A page whose content is one form: 200 when first shown, 400 when a bound form carries errors."""
    return render(request, template, {
        "form": form, "title": title, "cancel_url": cancel_url, "intro": intro,
        "multipart": multipart or form.is_multipart(), **context,
    }, status=status or (400 if form.is_bound and form.errors else 200))


def error_messages(error):
    """The texts of a ValidationError (every field's) or of a PermissionDenied."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [m for errors in error.message_dict.values() for m in errors]
        return list(error.messages)
    return [str(error) or _("Anda tidak berwenang.")]


def form_messages(form):
    """A bound form's errors as sentences that name their field ("Label: message"), for pages that show the
    form's errors as messages rather than the form itself."""
    texts = []
    for name, errors in form.errors.items():
        label = str(form.fields[name].label or "") if name in form.fields else ""
        texts += [e if not label or e.startswith(label) else f"{label}: {e}" for e in errors]
    return texts


def check_form(form):
    """Raises the form's errors as a ValidationError (inside a post_action), or returns its cleaned data."""
    if not form.is_valid():
        raise ValidationError(form_messages(form))
    return form.cleaned_data


def post_action(request, action, *, then, success=None, refused_to=None):
    """A button without a form page (POST only): runs action(); its ValidationError or PermissionDenied becomes
    error messages, else `success` a success message (a text, or a function of the action's result giving it);
    redirects to `then` (anything `redirect` takes), or to `refused_to` when given and the action was refused.

    The view asks the permission with the record before calling this: out of scope is still a 404 and a role
    that may not act at all a 403. What the action itself refuses (a rule on this record's state) is reported."""
    try:
        result = action()
    except (ValidationError, PermissionDenied) as error:
        for text in error_messages(error):
            messages.error(request, text)
        return redirect(refused_to or then)
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return redirect(then)


# Files are user uploads served from our origin: never sniffed into HTML, never allowed to run a script.
FILE_CSP = "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'"


def stream(field_file, *, filename=None, content_type=None, download=False, private=True, sandbox=False):
    """Streams a stored file (404 when the record has none or the file is gone). The caller has already scoped
    (and, for personal data, audited) the record. `private` keeps it out of shared caches (public pages pass
    False and set their own); `sandbox` adds the CSP sandbox (scans and case attachments)."""
    if not field_file:
        raise Http404
    try:
        mime = content_type or mime_of(field_file)
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, content_type=mime, as_attachment=download,
                            filename=filename or field_file.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP + ("; sandbox" if sandbox else "")
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
