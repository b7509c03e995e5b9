"""Complaints and their handling: cases, timeline, referrals, social-security claims, attachments.

Split by area into sibling modules; every name stays importable from ``cases.models``.
"""

# ruff: noqa: I001
# Dependency order (case first), close to the declaration order of the former single module.
from .case import (  # noqa: F401
    _HANDLING,
    OPEN_STATUSES,
    TRANSITIONS,
    Case,
    CaseChildManager,
    HistoricalCase,
    HistoricalServiceStandard,
    CaseChildQuerySet,
    CaseManager,
    CaseQuerySet,
    Category,
    Channel,
    CloseReason,
    ComplainantRole,
    ConsentKind,
    Priority,
    ServiceStandard,
    Status,
    new_tracking_code,
    user_organisation_ids,
)
from .records import (  # noqa: F401
    CONTACT_KINDS,
    MANUAL_ENTRY_KINDS,
    TEXT_MAX_LENGTH,
    ChecklistItem,
    Consent,
    EntryKind,
    HistoricalTimelineEntry,
    TimelineEntry,
)
from .referrals import (  # noqa: F401
    CLAIM_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    Claim,
    ClaimDocument,
    ClaimStatus,
    ClaimType,
    HeirRank,
    HistoricalClaim,
    HistoricalReferral,
    Referral,
    ReferralStatus,
)
from .attachments import (  # noqa: F401
    Attachment,
    attachment_path,
)
from .public import (  # noqa: F401
    ComplaintAnnouncement,
    Notification,
    PublicFormUse,
    PublicSubmission,
)

from .references import CaseReference, CaseReferenceKind  # noqa: F401,E402
