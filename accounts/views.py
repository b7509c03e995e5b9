from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import services
from .forms import ApiTokenForm, LoginForm, PasswordChangeForm
from .models import ApiToken


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": gettext_lazy("Masuk")}


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("core:home")
    extra_context = {"title": gettext_lazy("Ganti kata sandi")}

    def form_valid(self, form):
        user = services.change_own_password(self.request.user, form, request=self.request)
        # This session stays signed in; every other session ends (its auth hash no longer matches).
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Kata sandi Anda sudah diganti. Sesi di perangkat lain berakhir dan token "
                                         "API lama dicabut."))
        return redirect(self.get_success_url())


@login_required
def token_list(request):
    """The user's own API tokens: list, create (the key is shown once, on this response only), revoke."""
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.issue_token(request.user, form.cleaned_data["name"], request=request)
        form = ApiTokenForm()
    response = render(request, "accounts/tokens.html", {
        "title": _("Token API"), "form": form, "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user), "ttl_days": services.token_ttl_days(),
    }, status=400 if form.errors else 200)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(request.user, token, request=request)
    messages.success(request, _("Token \"%(name)s\" sudah dicabut.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
@require_POST
def logout_everywhere(request):
    sessions, tokens = services.logout_everywhere(request.user, request=request)
    logout(request)
    messages.success(request, _("Anda sudah keluar dari semua perangkat: %(sessions)s sesi diakhiri, %(tokens)s "
                                "token API dicabut.") % {"sessions": sessions, "tokens": tokens})
    return redirect("accounts:login")
