"""Domain actions of village services: catalogue, requests, letters. Views and the API call these;
each one validates everything first, writes inside one transaction, and audits.

Split by area into sibling modules; every name stays importable from ``village_services.services``.
"""

from .catalogue import (  # noqa: F401
    MAX_LOGO_BYTES,
    _stored_snapshot,
    copy_default_catalogue,
    current_letterhead,
    default_letterhead_lines,
    save_letter_type,
    save_service,
    update_letterhead,
    validate_letter_type,
    validate_logo,
)
from .common import (  # noqa: F401
    ALPHABET,
    TRACKING_CODE_LENGTH,
    VERIFICATION_CODE_LENGTH,
    _unique_code,
    add_working_days,
    clean_nik,
    clean_phone,
    display_code,
    is_working_day,
    local_today,
    normalise_code,
    operated_villages,
    random_code,
    working_days_between,
)
from .letters import (  # noqa: F401
    MIN_REASON,
    SIGNING_TOKENS,
    _earlier_letter,
    _Replay,
    automatic_values,
    body_for,
    clean_letter_values,
    display_body,
    draft_letter,
    find_letter_by_code,
    mask_name,
    placement_state_error,
    record_verification,
    revise_letter,
    revoke_letter,
    signer_title_for,
)
from .people import (  # noqa: F401
    _person_values,
    _placement_values,
    find_person,
    heir_lines,
    latest_placement,
    person_name,
    person_nik,
    values_from,
    visible_claims,
    visible_people,
    visible_placements,
)
from .requests import (  # noqa: F401
    TRANSITIONS,
    apply_request_transition,
    elapsed_working_days,
    find_request_by_code,
    is_overdue,
    missing_requirements,
    overdue_q,
    set_requirements,
    submit_request,
    transition_request,
)
from .workflow import (  # noqa: F401
    MIN_NOTE,
    Outcome,
    check_letter,
    issue_signed_letter,
    return_letter,
    sign_letter,
    sign_letters,
    signed_pdf,
    signer_of,
)
