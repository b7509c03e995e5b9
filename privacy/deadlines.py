"""Legal deadlines of data-subject requests under UU 27/2022 (PDP).

Articles (checked against public sources on 2 December 2026; "unconfirmed" = from the text of the law as we
know it, not re-checked against the official copy here):
- access: art. 7 (right), art. 32(1) access "beserta rekam jejak pemrosesan", art. 32(2) within 3 x 24 hours
  of receiving the request — confirmed (text of art. 32(1)-(2) quoted by dntlawyers.com).
- withdrawal of consent: art. 9 (right), art. 40 — the controller stops processing within 3 x 24 hours —
  the 3 x 24 hours confirmed (mustikarajalaw.id); the article number unconfirmed.
- correction: art. 6 (right), art. 30 — update/correct within 3 x 24 hours — unconfirmed.
- restriction (penundaan/pembatasan): art. 11 (right), art. 41 — within 3 x 24 hours — unconfirmed.
- erasure: art. 8 (right), art. 43-44 (deletion, destruction), art. 45 (notify the subject) — no period
  confirmed; 3 x 24 hours by default (PRIVACY_DEADLINE_HOURS) as the safe reading.
- objection: art. 10 (automated decisions) — no period confirmed; 3 x 24 hours by default.
- breach: art. 46(1) — written notice to the subjects and the authority within 3 x 24 hours — per the issue;
  one press source quotes the same duty under a draft's art. 40.
"""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

LEGAL_BASIS = {
    "access": _("UU 27/2022 Pasal 7 dan 32 ayat (2)"),
    "correction": _("UU 27/2022 Pasal 6 dan 30 (belum dikonfirmasi)"),
    "erasure": _("UU 27/2022 Pasal 8, 43 dan 44 (jangka waktu belum dikonfirmasi)"),
    "restriction": _("UU 27/2022 Pasal 11 dan 41 (belum dikonfirmasi)"),
    "withdrawal": _("UU 27/2022 Pasal 9 dan 40 (nomor pasal belum dikonfirmasi)"),
    "objection": _("UU 27/2022 Pasal 10 (jangka waktu belum dikonfirmasi)"),
}
BREACH_HOURS = 72
BREACH_BASIS = _("UU 27/2022 Pasal 46 ayat (1)")


def hours_for(kind) -> int:
    return settings.PRIVACY_DEADLINE_HOURS.get(kind, 72)


def due_at(kind, filed_at):
    return filed_at + timedelta(hours=hours_for(kind))


def countdown(delta) -> str:
    """'2 hari 3 jam lagi' / 'terlambat 5 jam' for a remaining time."""
    late = delta.total_seconds() < 0
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(_("%(n)d hari") % {"n": days})
    if hours or days:
        parts.append(_("%(n)d jam") % {"n": hours})
    if not days:
        parts.append(_("%(n)d menit") % {"n": minutes})
    text = " ".join(str(p) for p in parts)
    return str(_("terlambat %(t)s") % {"t": text}) if late else str(_("%(t)s lagi") % {"t": text})
