"""Case screens, by area; every view stays importable from ``cases.views`` (urls.py uses ``views.<name>``).
"""

from .detail import (  # noqa: F401
    _actions_url,
    _case_for,
    _handler_candidates,
    _visible_case,
    attachment_download,
    case_assign,
    case_attachment,
    case_consent,
    case_detail,
    case_edit,
    case_entry,
    case_transition,
    checklist_toggle,
    consent_withdraw,
)
from .lists import (  # noqa: F401
    _filtered_cases,
    case_create,
    case_list,
    export_csv,
    overdue_list,
)
from .public import (  # noqa: F401
    notification_open,
    notifications,
    overcharging_complaint,
    public_done,
    public_form,
    public_track,
    standards,
)
from .referrals import (  # noqa: F401
    claim_create,
    claim_detail,
    claim_list,
    referral_create,
    referral_detail,
    referral_letter,
    referral_list,
)
