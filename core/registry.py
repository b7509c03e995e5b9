"""Convention-based hooks so each app plugs into the shell without editing shared files.

An app may provide:
- `<app>/nav.py` with `nav_items(user) -> list[NavItem]` (main navigation, already filtered by role; kept per user
  in the shared cache by core.navcache: a menu that counts records names their models in `NAV_COUNTS`);
- `<app>/figures.py` with `home_figures(user) -> list[Figure]` (counts on the home page, scoped);
- `<app>/demo.py` with `load(stdout)` (demo records for `manage.py load_demo`, idempotent);
- `<app>/panels.py` with `panels(user, obj, page) -> list[Panel]`: sections about `obj` that the app adds to
  another app's page (`page` is that page's URL name, e.g. "migrants:detail"), so the page's app does not
  import the app above it. The page renders them with `{% load panels %}{% panels "migrants:detail" obj %}`.
- `<app>/village_checks.py` with `villages(area, today) -> {check key: set of village codes}` and
  `help_texts() -> {check key: text}`: the village-readiness checks (governance.readiness) the app's data
  answers, so governance reads no peer app.
- `<app>/privacy.py` (UU 27/2022, the privacy app): `records_for(person) -> list[PersonRecords]` (the access
  file), `holds_for(person_ids) -> {person id: list[str]}` (legal holds refusing erasure, for the people that
  have one), `erase(pseudonyms) -> int` (erase what the app holds about the people {person id: pseudonym},
  keeping aggregate fields: one statement per table for the whole batch, `core.datakeys.update_where` for the
  per-person pseudonym), `erase_matching(people, pseudonyms) -> int` (called before every `erase`, while the people's
  rows still hold their number and name: erase the rows about them that do not name them, found by the keyed phone
  or name hash, e.g. messages from their number, complaints they filed about someone else), `consents_for(person) ->
  list[ConsentEntry]`, `withdraw_consents(person, actor) -> int` and `on_corrected(person, actor, fields)`;
  each function is optional.
- `<app>/village_setup.py` (issue 22, the onboarding app): `setup_village(actor, village, **details) -> list[str]`
  makes what a village newly added to Payung needs from the app (village_services: the default services, letter
  types and the letterhead; `details` carries `address` and `contact` from the form), idempotent,
  and says what it made; `village_status(village) -> list[str]` says what the village has.
Apps are visited in INSTALLED_APPS order.
"""

from dataclasses import dataclass, field
from functools import cache
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


@dataclass
class Panel:
    """A section of another app's page: `template` rendered with `context` (plus the request's context)."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 50  # lower first; ties keep INSTALLED_APPS order


def app_modules(module_name):
    """(app name, module) of every installed app that has `<app>/<module_name>.py`, in INSTALLED_APPS order.

    Looked up once per process: the menu asks on every page, and finding out that an app has no such module
    searches the file system each time."""
    return _app_modules(module_name, tuple(config.name for config in apps.get_app_configs()))


@cache
def _app_modules(module_name, app_names):
    return tuple((name, import_module(f"{name}.{module_name}")) for name in app_names
                 if "." not in name and find_spec(name) and find_spec(f"{name}.{module_name}"))


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


def panels(user, obj, page):
    found = []
    for _name, module in app_modules("panels"):
        found.extend(module.panels(user, obj, page))
    return sorted(found, key=lambda panel: panel.order)


def setup_village(actor, village, **details):
    """Every app's onboarding step for a village newly added to Payung: what was made, as sentences."""
    made = []
    for _name, module in app_modules("village_setup"):
        made.extend(module.setup_village(actor, village, **details))
    return made


def village_setup_status(village):
    found = []
    for _name, module in app_modules("village_setup"):
        found.extend(module.village_status(village))
    return found


def village_checks(area, today):
    """{check key: village codes meeting it} from every app's village_checks (union per key)."""
    found = {}
    for _name, module in app_modules("village_checks"):
        for key, codes in module.villages(area, today).items():
            found.setdefault(key, set()).update(codes)
    return found


def village_check_help():
    texts = {}
    for _name, module in app_modules("village_checks"):
        texts.update(module.help_texts())
    return texts


@dataclass
class PersonRecords:
    """What one app holds about a person, for the person's access file (privacy)."""

    title: str
    rows: list = field(default_factory=list)  # one dict {label: value} per record
    refs: list = field(default_factory=list)  # (object_type, object_id): their audit entries are about the person
    order: int = 50


@dataclass
class ConsentEntry:
    """One consent a person gave, wherever it is recorded."""

    purpose: str
    wording_version: str
    given_at: object
    channel: str
    recorded_by: str
    withdrawn_at: object = None
    source: str = ""


def privacy_hooks(name):
    """(app, function) for every app whose privacy.py defines `name`."""
    for app, module in app_modules("privacy"):
        function = getattr(module, name, None)
        if function is not None:
            yield app, function
