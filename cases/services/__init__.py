"""Domain actions on cases. Views, API, demo and other apps call these; each one is audited.

Split by area into sibling modules; every name stays importable from ``cases.services``.
"""

# Read through this module by views and tests (``services.user_organisation_ids``, ``services.lokal`` ...).
import lokal  # noqa: F401

from core.uploads import sanitise_filename  # noqa: F401

from ..models import user_organisation_ids  # noqa: F401
from .arrivals import complaint_handlers, stale_untaken, untaken_cases  # noqa: F401
from .common import (  # noqa: F401
    _actor_name,
    _case_url,
    _digits,
    _user,
    add_months,
    compute_due_date,
    nik_hash,
    set_standard,
    standard_for,
)
from .intake import (  # noqa: F401
    CASE_EDITABLE_FIELDS,
    CASE_EXTRA_FIELDS,
    _person_name,
    complain_overcharging,
    find_duplicates,
    intake_case,
    record_consent,
    record_intake,
    withdraw_consent,
)
from .notifications import (  # noqa: F401
    _notify_assignment,
    announce_complaint,
    notify,
    notify_new_complaint,
    run_daily,
    send_daily_digest,
    send_due_reminders,
)
from .public import (  # noqa: F401
    PUBLIC_WINDOW_SECONDS,
    TRACK_FAILURES_PER_HOUR,
    StaffIntake,
    _submit_public_complaint,
    case_for_form_key,
    code_for_form_key,
    complaint_fields,
    public_limit,
    public_timeline,
    staff_intake,
    submit_public_complaint,
    track,
)
from .referrals import (  # noqa: F401
    ATTACHMENT_LABEL,
    CLAIM_TARGET_WORKING_DAYS,
    _move_referral,
    _organisation_users,
    add_attachment,
    answer_referral,
    complete_referral,
    early_report_warning,
    open_claim,
    refer_case,
    referral_documents,
    revoke_referral,
    set_claim_document,
    set_claim_status,
)
from .workflow import (  # noqa: F401
    OUTCOME_FIELDS,
    _close_errors,
    add_entry,
    assign_handler,
    last_activity,
    last_contact,
    set_checklist_item,
    transition,
    update_case,
)
