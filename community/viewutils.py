"""Small view helpers shared by the issue-7 apps: run a domain action from a form, stream a private file."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render

from core.uploads import mime_of


def apply_errors(form, error):
    """Puts a domain ValidationError on the form: on its field when the form has it, else on the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def try_action(form, action):
    """Runs action(); returns its result, or None after putting its validation errors on the form."""
    try:
        return action()
    except ValidationError as error:
        apply_errors(form, error)
        return None


def render_form(request, form, *, title, cancel_url, intro="", multipart=False, status=None):
    return render(request, "community/form.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "intro": intro, "multipart": multipart,
    }, status=status or (400 if form.is_bound and form.errors else 200))


def stream(field_file, filename=None, inline=True):
    if not field_file:
        raise Http404
    try:
        mime = mime_of(field_file)
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, content_type=mime, as_attachment=not inline,
                            filename=filename or field_file.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
