"""Domain actions on placements. Views, API and import call these; each one writes the audit log.

Split by area into sibling modules; every name stays importable from ``migrants.services``.
"""

# Read through this module by tests (``services.ValidationError``).
from django.core.exceptions import ValidationError  # noqa: F401

from .lifecycle import (  # noqa: F401
    ABROAD,
    EDIT_REFUSED,
    PLACEMENT_FIELDS,
    PRE_DEPARTURE,
    SKIP_TO_DEPARTED_NEEDS_NON_PROCEDURAL,
    TERMINAL,
    TRANSITIONS,
    _user,
    allowed_transitions,
    check_transition,
    create_placement,
    early_departure_days,
    early_movement,
    early_return_days,
    ensure_checklist,
    extend_contract,
    recompute_flags,
    record_departure,
    set_flag,
    transition,
    update_placement,
    validate_dates,
    validate_national_ref,
    verify_placement,
)
from .records import (  # noqa: F401
    MONITORING_LISTS,
    add_cost,
    checklist_field,
    delete_cost,
    log_contact,
    lost_contact_days,
    monitoring,
    open_scan,
    update_document,
    update_documents,
    validate_scan,
)
from .reference import (  # noqa: F401
    erase_recruiter,
    recruiter_holds,
    save_agency,
    save_recruiter,
)
