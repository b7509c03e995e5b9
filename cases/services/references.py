"""A case's numbers in the complaint systems above (SISKOP2MI, LAPOR!) and their state of being sent."""

from accounts.permissions import require_perm
from migrants.models import ReferenceState
from migrants.services.references import save_reference

from ..models import CaseReference


def record_case_reference(actor, case, kind, *, value="", state=ReferenceState.TO_SEND, state_on=None,
                          request=None):
    require_perm(actor, "cases.edit_case", case)
    return save_reference(actor, CaseReference, {"case": case}, kind, value=value, state=state,
                          state_on=state_on, request=request)
