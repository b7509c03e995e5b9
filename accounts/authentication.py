"""API token authentication: `Authorization: Token <key>` checked against accounts.ApiToken.

Payung's own token model rather than a TokenAuthentication subclass checking authtoken's `created`: authtoken
keeps one clear-text key per user that never changes, so a user could neither hold separate tokens for
separate integrations nor revoke one of them, and a database dump would hand out working keys.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"
    model = ApiToken

    def authenticate_credentials(self, key):
        from .services import hash_token_key

        token = ApiToken.objects.select_related("user").filter(key_hash=hash_token_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Token API tidak dikenal atau sudah dicabut."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Akun pemilik token ini tidak aktif. Hubungi administrator."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("Token API ini sudah kedaluwarsa. Buat token baru di halaman Token API (menu akun Anda).")
            )
        # Written at most once a minute: a busy integration should not turn every read into a write.
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
