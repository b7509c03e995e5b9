"""Placements (penempatan): one migration episode of a person, with papers, costs, contacts and flags.

UU 18/2017 art. 42 b, c, d: the village verifies and registers prospective migrants, checks their papers,
and monitors departure and return.

Split by area into sibling modules; every name stays importable from ``migrants.models``.
"""

# ruff: noqa: I001
# Dependency order, as the models were declared in the former single module.
from .storage import (  # noqa: F401
    PrivateStorage,
    get_private_storage,
    private_storage,
)
from .agencies import (  # noqa: F401
    Agency,
    HistoricalAgency,
    HistoricalRecruiter,
    Recruiter,
)
from .placement import (  # noqa: F401
    EmployerType,
    HistoricalPlacement,
    Placement,
    Position,
    ProcessStep,
    Scheme,
    Sector,
    Status,
    employer_search_q,
    national_ref_hash,
)
from .records import (  # noqa: F401
    Channel,
    Collector,
    ContactLog,
    CostComponent,
    CostItem,
    DocumentKind,
    DocumentStatus,
    HistoricalContactLog,
    HistoricalCostItem,
    HistoricalPlacementDocument,
    PlacementDocument,
    record_number_hash,
    scan_path,
)
from .imports import (  # noqa: F401
    ImportStatus,
    PlacementImport,
)
from .lawchanges import FlagChange  # noqa: F401,E402
from .references import (  # noqa: F401,E402
    NOT_SENT_UPWARD,
    PlacementReference,
    PlacementReferenceKind,
    ReferenceState,
)
