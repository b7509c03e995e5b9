"""Lists filter one way (issue 15, point 2): no view reads `request.GET` to filter by hand.

Every app's views are parsed (nothing imported). A view may hand the whole query to a FilterSet or a form
(`XFilter(request.GET, ...)`, `Form(request.GET or None)`), or read one of the parameters below that say how to
answer rather than what to list. Anything else (`request.GET.get("status")`, `request.GET.copy()`,
`g = request.GET`) fails: put the filter in the app's `filters.py` FilterSet and use `core.filters.filter_list`.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "regions", "core", "audit", "people", "migrants", "cases", "village_services", "community",
        "empowerment", "governance", "portal", "reports", "maps", "webhooks"]

# Parameters that are not filters, everywhere.
NOT_FILTERS = {
    "page": "the page number (core.filters.paginate)",
    "next": "where to go after a form (core.redirects.safe_next)",
    "export": "the download format of a list",
    "pemisah": "the CSV separator of a download (core.exports: ';' unless 'koma')",
    "nik_lengkap": "whole NIKs in a download for users who may reveal them (people.exports)",
    "unduh": "a stored file as a download rather than inline",
    "target": "the id of the field an HTMX picker fills",
    "asli": "the original of a resized image (core.uploads.web_image), for staff to download",
    "w": "the width of a resized image (core.uploads.web_width)",
}
# Parameters that are not filters, in one view module: {path: {name: why}}.
ALLOWED = {
    "migrants/views/placements.py": {"person": "the person a new placement is recorded for (the create form's parent)"},
    "cases/views/lists.py": {"penempatan": "the placement a new case starts from (the intake form's initial values)"},
    "village_services/views/__init__.py": {
        "layanan": "the service a public request form starts with (its initial value)",
        "kode": "the tracking code a citizen looks up (one record, not a list)"},
}


def view_modules():
    for app in APPS:
        base = ROOT / app
        yield from sorted(p for p in [base / "views.py", *base.glob("views/*.py")] if p.exists())


def _key(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def hand_reads(path):
    """(line, what) for each use of request.GET that is not handed whole to a form/FilterSet and not an allowed
    parameter."""
    tree = ast.parse(path.read_text(), filename=str(path))
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
    allowed = NOT_FILTERS.keys() | ALLOWED.get(name, {}).keys()
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == "GET" and isinstance(node.value, ast.Name)
                and node.value.id == "request"):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.BoolOp) and isinstance(parents.get(parent), ast.Call):
            parent, node = parents[parent], parent  # Form(request.GET or None)
        if isinstance(parent, ast.Call) and (node in parent.args or node in [k.value for k in parent.keywords]):
            continue  # handed whole to a FilterSet or a form
        if isinstance(parent, ast.IfExp) and any(
                isinstance(branch, ast.Attribute) and branch.attr == "POST" for branch in (parent.body, parent.orelse)):
            continue  # a form's data: request.POST if posted else request.GET
        key = None
        if isinstance(parent, ast.Attribute) and parent.attr == "get":
            call = parents.get(parent)
            key = _key(call.args[0]) if isinstance(call, ast.Call) and call.args else None
        elif isinstance(parent, ast.Subscript):
            key = _key(parent.slice)
        elif isinstance(parent, ast.Compare) and isinstance(parent.ops[0], (ast.In, ast.NotIn)):
            key = _key(parent.left)
        if key in allowed:
            continue
        found.append((node.lineno, f"request.GET[{key!r}]" if key else "request.GET used by hand"))
    return sorted(found)


def test_no_view_reads_the_query_string_to_filter_by_hand():
    found = [f"{path.relative_to(ROOT)}:{line}: {what}" for path in view_modules() for line, what in hand_reads(path)]
    assert found == []


def test_the_check_catches_a_hand_written_filter(tmp_path):
    module = tmp_path / "views.py"
    sample = ('def v(request):\n    qs = X.filter(status=request.GET.get("status"))\n    g = request.GET\n'
              '    form = F(request.GET or None)\n    page = request.GET.get("page")\n')
    module.write_text(sample)
    assert hand_reads(module) == [(2, "request.GET['status']"), (3, "request.GET used by hand")]
