"""Convention-based hooks so each app plugs into the shell without editing shared files.

An app may provide:
- `<app>/nav.py` with `nav_items(user) -> list[NavItem]` (main navigation, already filtered by role);
- `<app>/figures.py` with `home_figures(user) -> list[Figure]` (counts on the home page, scoped);
- `<app>/demo.py` with `load(stdout)` (demo records for `manage.py load_demo`, idempotent).
Apps are visited in INSTALLED_APPS order.
"""

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass
class NavItem:
    label: str
    url: str
    icon: str = ""
    order: int = 50  # lower first; ties keep INSTALLED_APPS order


@dataclass
class Figure:
    label: str
    value: int | str
    url: str = ""
    help: str = ""


def app_modules(module_name):
    for config in apps.get_app_configs():
        if "." in config.name:
            continue
        if find_spec(config.name) and find_spec(f"{config.name}.{module_name}"):
            yield config.name, import_module(f"{config.name}.{module_name}")


def nav_items(user):
    items = []
    for _name, module in app_modules("nav"):
        items.extend(module.nav_items(user))
    return sorted(items, key=lambda item: item.order)


def home_figures(user):
    figures = []
    for _name, module in app_modules("figures"):
        figures.extend(module.home_figures(user))
    return figures
