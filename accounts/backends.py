"""The authentication backend whose `get_user` (every signed-in request) reads the user and their memberships from
the shared cache (accounts.usercache) instead of two statements. Everything else is Django's ModelBackend."""

from django.contrib.auth.backends import ModelBackend


class PayungModelBackend(ModelBackend):
    """Django's password check; the signed-in user from accounts.usercache."""

    def get_user(self, user_id):
        from .usercache import load_user

        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
