"""Apps depend one way: an app imports only apps on a level below its own (CONTRIBUTING.md, "Layers").

Every non-migration module of every Payung app is parsed (nothing is imported), and every `import x` /
`from x import y` naming another Payung app, at any depth in the module (inside functions too), and every
literal `apps.get_model("app", ...)`, must name an app on a lower level. Apps on one level are peers and do
not import each other; core and audit are the one exception, declared in BASE below.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. The order is written out and explained in CONTRIBUTING.md.
LEVELS = [
    ("accounts",),
    ("regions",),
    ("core", "audit"),
    # onboarding adds villages and their users; each app's setup step is a hook (core.registry.setup_village).
    ("onboarding",),
    ("lawbook",),
    ("people",),
    # privacy asks every app through core.registry's privacy hooks and needs only people itself.
    ("privacy",),
    ("migrants",),
    ("cases",),
    ("village_services", "community", "empowerment", "governance"),
    # messaging opens complaints (cases services) and hears cases/village_services/people signals.
    ("portal", "messaging"),
    # webhooks hears migrants and cases signals and reads their records for the payloads.
    ("webhooks",),
    ("reports",),
    ("maps",),
]
LEVEL = {app: i for i, level in enumerate(LEVELS) for app in level}
# core and audit are one base kit: every kit part writes the audit log (exports, records, audited API reads)
# and the audit app is built from the kit (client_ip, the API base classes, the nav registry).
BASE = {"core", "audit"}


# App labels that differ from the package name (apps.get_model takes the label).
PACKAGE_OF_LABEL = {"services": "village_services"}


def _model_label(node):
    """The app a literal `apps.get_model("label", ...)` / `get_model("label.Model")` names: a hidden import."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_model"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        label = node.args[0].value.split(".")[0]
        return PACKAGE_OF_LABEL.get(label, label)
    return None


def imported_apps(path):
    """(line, module) for every absolute import (or literal get_model) in the file that names a Payung app."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif _model_label(node):
            names = [_model_label(node)]
        else:
            continue
        for name in names:
            if name.split(".")[0] in LEVEL:
                yield node.lineno, name


def modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def may_import(app, other):
    if other == app:
        return True
    if {app, other} <= BASE:
        return True
    return LEVEL[other] < LEVEL[app]


def upward_imports():
    found = []
    for app in LEVEL:
        for path in modules(app):
            for line, name in imported_apps(path):
                if not may_import(app, name.split(".")[0]):
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


def test_every_app_imports_only_apps_below_it():
    assert upward_imports() == []


def test_every_payung_app_has_a_level():
    from django.conf import settings

    payung_apps = [name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()]
    assert sorted(set(payung_apps)) == sorted(LEVEL)


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "services.py"
    module.write_text("def f():\n    from cases import services\n    import portal.models\n"
                      "    return apps.get_model('services', 'Service')\n")
    assert sorted(imported_apps(module)) == [(2, "cases"), (3, "portal.models"), (4, "village_services")]
    assert not may_import("migrants", "cases") and not may_import("community", "governance")
    assert may_import("cases", "migrants") and may_import("audit", "core")
