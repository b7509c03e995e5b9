"""What a user does to their own account, announced for the audit log.

The audit app sits above accounts (its entries name users), so accounts does not call it: it sends these
signals inside its transaction and `audit.signals` writes the entries (a failing write rolls the action back).
Every signal is sent with `user` (the actor) and `request` (or None).
"""

from django.dispatch import Signal

token_issued = Signal()  # + token
token_revoked = Signal()  # + token, sent before the token is deleted
logged_out_everywhere = Signal()  # + sessions, tokens: how many were ended and revoked
password_changed = Signal()
