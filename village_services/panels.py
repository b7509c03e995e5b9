"""Village letters offered on another app's page (core.registry panels): a case with a JKM claim offers the letter
of heirs pre-filled from the claim, and the death certificate letter for repatriation (issue 16.6)."""

from django.utils.translation import gettext as _

from accounts.permissions import has_perm
from core.registry import Panel

from .models import LetterType


def panels(user, obj, page):
    if page != "cases:detail":
        return []
    claims = [c for c in obj.claims.all() if c.claim_type.startswith("jkm")]
    types = {t.code: t for t in LetterType.objects.filter(village_id=obj.village_id, is_active=True,
                                                          code__in=("ahli-waris", "kematian-pmi"))}
    if not claims or not types or not has_perm(user, "services.draft_letter", obj.village_id):
        return []
    return [Panel("services/_claim_letters_panel.html", {
        "title": _("Surat desa untuk klaim JKM"), "claim": claims[0], "heirs": types.get("ahli-waris"),
        "death": types.get("kematian-pmi"), "placement": claims[0].placement_id or obj.placement_id,
    }, order=60)]
