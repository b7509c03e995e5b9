"""Placement screens, by area; every view stays importable from ``migrants.views`` (urls.py uses ``views.<name>``).
"""

from .agencies import (  # noqa: F401
    agency_detail,
    agency_edit,
    agency_import,
    agency_list,
    recruiter_detail,
    recruiter_edit,
    recruiter_erase,
    recruiter_import,
    recruiter_list,
)
from .law_changes import law_changes  # noqa: F401
from .opensid import opensid_commit, opensid_import, opensid_suplemen  # noqa: F401
from .placement_import import (  # noqa: F401
    _import_result_page,
    import_commit,
    import_result,
    import_template,
    import_upload,
)
from .placements import (  # noqa: F401
    LIST_TITLES,
    _detail_context,
    _placement_for,
    contact_add,
    cost_add,
    document_checklist,
    document_edit,
    document_scan,
    export_placements,
    filtered_placements,
    placement_create,
    placement_detail,
    placement_edit,
    placement_extend,
    placement_flag,
    placement_list,
    placement_permissions,
    placement_transition,
    placement_verify,
)
