"""Import people + placements from the XLSX template (or CSV, XLS, ODS): validate every row, preview, then
commit all or nothing.

One row = one person and (optionally) one placement, recruiter and family contact. A person is matched by NIK
(keyed hash): a known NIK updates the person, a new one creates it. A placement is matched by its SISKOP2MI
ID, else by destination and contract start, else created.

    columns   the columns (old and Indonesian headers) and the checked row
    template  the XLSX template (example row, drop-down lists, notes)
    changes   what a row would change in what is registered (the preview's "berubah"/"tidak berubah")
    reading   spreadsheet and cell reading (also used by the agency and recruiter imports)
    cleaning  each row's cells to stored values or errors; matching rows to registered people and placements
    preview   `validate` (nothing written) and `PreviewStore`, which keeps a preview until it is confirmed
    commit    writing a confirmed preview, once, in one transaction (bulk writes through `core.bulk`)

Speed (bench/import_placements.py, 100,000 rows): calamine reads the workbook; columns with few distinct
values are cleaned once per value; the commit writes the rows the user saw instead of reading the file again.
"""

from .columns import COLUMNS, HEADERS, TITLES, column_help
from .commit import ImportRefused, commit, commit_kept
from .preview import ImportBusy, Preview, PreviewExpired, PreviewStore, load_preview, save_preview, validate
from .reading import MAX_IMPORT_BYTES, RowError, century_rule, parse_date
from .template import template_bytes

__all__ = [
    "COLUMNS", "HEADERS", "TITLES", "century_rule", "column_help", "MAX_IMPORT_BYTES", "ImportBusy", "ImportRefused",
    "Preview", "PreviewExpired",
    "PreviewStore", "RowError", "commit", "commit_kept", "load_preview", "parse_date", "save_preview",
    "template_bytes", "validate",
]
