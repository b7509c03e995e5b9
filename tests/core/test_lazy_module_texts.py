"""A text translated when a module is imported is frozen in the language active then (usually Indonesian): an
English reader would see Indonesian tabs, headers and help texts. Module- and class-level texts use
gettext_lazy; gettext belongs inside functions (issue 17.6)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SKIP = {".venv", "migrations", "tests", "bench", "staticfiles", "node_modules"}
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def eager_calls_at_import(tree):
    names = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             and node.module == "django.utils.translation" for alias in node.names if alias.name in EAGER}
    found = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # runs when called, in the reader's language
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in names:
                found.append(child.lineno)
            visit(child)

    if names:
        visit(tree)
    return found


def test_no_text_is_translated_when_its_module_is_imported():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        lines = eager_calls_at_import(ast.parse(path.read_text(encoding="utf-8")))
        offenders += [f"{path.relative_to(ROOT)}:{line}" for line in lines]
    assert offenders == []


def test_the_check_finds_a_module_level_gettext():
    tree = ast.parse("from django.utils.translation import gettext as _\nTITLES = {'a': _('Judul')}\n"
                     "def f():\n    return _('Di dalam fungsi')\n")
    assert eager_calls_at_import(tree) == [2]
