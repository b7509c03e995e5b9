from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class MustChangePasswordMiddleware:
    """A user whose password an administrator set goes to the password change page until they choose their own.

    Only that page, logging out and static/media files stay reachable; the API answers 403 with the reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = (reverse("accounts:password_change"), reverse("accounts:logout"), reverse("set_language"),
                       reverse("javascript-catalog"), settings.STATIC_URL)
            if not request.path.startswith(allowed):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Ganti kata sandi Anda dulu di halaman %(url)s.")
                         % {"url": reverse("accounts:password_change")}},
                        status=403,
                    )
                return redirect("accounts:password_change")
        return self.get_response(request)
