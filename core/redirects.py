"""The one way to follow a `next=` parameter: only to a path on this site, never off-site (open redirect)."""

from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback):
    """The `next` of the POST body (or query string) if it stays on this site, else `fallback` (a URL or a
    URL name, as for `redirect`)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback)


def redirect_next(request, fallback, *args):
    """redirect() to a safe `next`, else to `fallback` (resolved with *args like `redirect`)."""
    return redirect(safe_next(request, resolve_url(fallback, *args)))
