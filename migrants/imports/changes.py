"""What each checked row would change in what is registered, before anything is written: the preview's
"baru"/"berubah"/"tidak berubah" per row, its counts, and how the first rows' values were read.

The comparison follows the commit's rules (commit.py): a known person is written from the first row naming
them, every person column but the NIK is taken from the file (an empty KK keeps the stored one); a matched
placement takes every placement column, its expected return defaulting to the contract's end, and the
recruiter when one is named; a family contact is added when the person has none of that name, or its
relationship and phone updated when given. A row of an export names its record by an ID column
(`resolve_ids`), so a masked NIK is enough.
"""

import functools

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.formatting import mask_nik
from people.models import FamilyContact, Person, Sex, digits_hash, normalise_name
from regions.models import Region

from ..models import Placement, Status
from .columns import HEADER_OF, PERSON_KEYS, PLACEMENT_KEYS

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
SHOWN_ROWS = 300  # rows whose reading the preview shows, cell by cell
READ_KEYS = ("nik", "name", "sex", "birth_date", "village", "phone", "destination_country", "status",
             "departure_date", "contract_start", "contract_end", "actual_return")
DATE_KEYS = {"birth_date", "departure_date", "contract_start", "contract_end", "actual_return"}
NULLABLE = {"agency", "contract_start", "contract_end", "departure_date", "expected_return", "actual_return"}
PERSON_COMPARED = [k for k in PERSON_KEYS if k not in ("nik", "kk")]
_PERSON_FIELDS = ["id", "kk_hash", *[{"village": "village_id"}.get(k, k) for k in PERSON_COMPARED]]
_PLACEMENT_FIELDS = ["id", "person_id", "village_id", "recruiter_id",
                     *[{"agency": "agency_id"}.get(k, k) for k in PLACEMENT_KEYS]]


def _chunks(values, size=2000):
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def resolve_ids(preview, user):
    """Rows naming a record by its ID column (an edited export): the person they update, from the record in
    the user's scope. A full NIK must be that person's; a masked one is taken as it is."""
    rows = [r for r in preview.rows if r.get("placement_id") or r.get("person_id")]
    if not rows:
        return
    placements, people = {}, {}
    for chunk in _chunks({r["placement_id"] for r in rows if r.get("placement_id")}):
        for pk, person_id, nik_hash in Placement.objects.visible_to(user).filter(pk__in=chunk).values_list(
                "pk", "person_id", "person__nik_hash"):
            placements[pk] = (person_id, nik_hash)
    for chunk in _chunks({r["person_id"] for r in rows if r.get("person_id")}):
        people.update(Person.objects.visible_to(user).filter(pk__in=chunk).values_list("pk", "nik_hash"))
    seen = {}
    for row in rows:
        number = row["row"]
        if row.get("placement_id"):
            found = placements.get(row["placement_id"])
            if found is None:
                preview.errors.append((number, HEADER_OF["placement_id"], _(
                    "Penempatan dengan ID %(id)s tidak ditemukan di wilayah kerja Anda. Kosongkan ID-nya untuk "
                    "mencatat data baru.") % {"id": row["placement_id"]}))
                continue
            person_id, nik_hash = found
            if row.get("person_id") and row["person_id"] != person_id:
                preview.errors.append((number, HEADER_OF["person_id"], _(
                    "ID warga %(p)s bukan pemilik penempatan ID %(id)s.") % {"p": row["person_id"],
                                                                             "id": row["placement_id"]}))
                continue
            if row["placement_id"] in seen:
                preview.errors.append((number, HEADER_OF["placement_id"], _(
                    "ID penempatan %(id)s sudah dipakai baris %(r)s: satu baris untuk satu penempatan.")
                    % {"id": row["placement_id"], "r": seen[row["placement_id"]]}))
                continue
            seen[row["placement_id"]] = number
        else:
            nik_hash = people.get(row["person_id"])
            if nik_hash is None:
                preview.errors.append((number, HEADER_OF["person_id"], _(
                    "Warga dengan ID %(id)s tidak ditemukan di wilayah kerja Anda. Kosongkan ID-nya untuk mencatat "
                    "data baru.") % {"id": row["person_id"]}))
                continue
        if row.get("nik_hash") and row["nik_hash"] != nik_hash:
            preview.errors.append((number, HEADER_OF["nik"], _(
                "NIK ini bukan NIK warga yang ditunjuk kolom ID. NIK tidak diubah lewat impor: perbaiki di halaman "
                "warga, atau kosongkan ID-nya.")))
            continue
        row.nik_hash = nik_hash


def _same(a, b):
    return (a if a is not None else "") == (b if b is not None else "")


def _stored(model, fields, pks):
    found = {}
    for chunk in _chunks(pks):
        for values in model.objects.filter(pk__in=chunk).values(*fields):
            found[values["id"]] = values
    return found


def mark_changes(preview, existing, matched, recruiters):
    """Set each row's `change` and `changed` (titles of the columns that change) and the preview's counts.
    `existing` is {nik_hash: (person pk, village)}, `matched` {row number: placement pk}, `recruiters`
    {normalised name: pk}."""
    rows = preview.rows
    key_of = functools.lru_cache(maxsize=65536)(normalise_name)  # recruiter and contact names repeat
    stored_people = _stored(Person, _PERSON_FIELDS, {pk for pk, _v in existing.values()})
    stored_placements = _stored(Placement, _PLACEMENT_FIELDS, {pk for pk in matched.values() if pk})
    contacts = {}
    with_contact = {existing[r["nik_hash"]][0] for r in rows if r.get("contact_name") and r.get("nik_hash") in existing}
    for chunk in _chunks(with_contact):
        for person_id, name, relationship, phone in FamilyContact.objects.filter(person_id__in=chunk).values_list(
                "person_id", "name", "relationship", "phone"):
            contacts.setdefault(person_id, {})[key_of(name)] = (relationship, phone)
    written = {}  # person pk -> village code, of the people an earlier row of the file writes
    people_changed, placements_changed = set(), set()
    counts = {NEW: 0, CHANGED: 0, UNCHANGED: 0}
    for row in rows:
        found = existing.get(row.get("nik_hash"))
        if found is None:
            row.change, row.changed = NEW, ()
            counts[NEW] += 1
            continue
        person_pk = found[0]
        changed = []
        if person_pk not in written:
            written[person_pk] = row["village"]
            changed += _person_changes(row, stored_people.get(person_pk, {}))
            if changed:
                people_changed.add(person_pk)
        if row.get("has_placement"):
            pk = matched.get(row["row"])
            if pk is None:
                changed.append(_("penempatan baru"))
            else:
                placement = _placement_changes(row, stored_placements.get(pk, {}), written[person_pk], recruiters,
                                               key_of)
                if placement:
                    placements_changed.add(pk)
                    changed += placement
        if row.get("contact_name"):
            theirs = contacts.setdefault(person_pk, {})
            key = key_of(row["contact_name"])
            if key not in theirs:
                changed.append(_("kontak keluarga baru"))
                theirs[key] = (row.get("contact_relationship"), row.get("contact_phone"))
            else:
                relationship, phone = theirs[key]
                if row.get("contact_relationship") and row["contact_relationship"] != relationship:
                    changed.append(HEADER_OF["contact_relationship"])
                if row.get("contact_phone") and row["contact_phone"] != phone:
                    changed.append(HEADER_OF["contact_phone"])
        row.change, row.changed = (CHANGED, tuple(changed)) if changed else (UNCHANGED, ())
        counts[row.change] += 1
    preview.people_update = len(people_changed)
    preview.people_unchanged = len({pk for pk, _v in existing.values()} & set(written)) - len(people_changed)
    preview.placements_update = len(placements_changed)
    preview.rows_new, preview.rows_changed, preview.rows_unchanged = counts[NEW], counts[CHANGED], counts[UNCHANGED]


def _person_changes(row, stored):
    changed = []
    if row.get("kk") and digits_hash(row["kk"]) != stored.get("kk_hash"):
        changed.append(HEADER_OF["kk"])
    for key in PERSON_COMPARED:
        if not _same(row.get(key), stored.get("village_id" if key == "village" else key)):
            changed.append(HEADER_OF[key])
    return changed


def _placement_changes(row, stored, village, recruiters, key_of=normalise_name):
    changed = []
    for key in PLACEMENT_KEYS:
        value = row.get(key)
        if value is None and key not in NULLABLE:
            value = ""
        if key == "expected_return" and value is None:
            value = row.get("contract_end")
        attname = "agency_id" if key == "agency" else key
        if not _same(value, getattr(stored.get(attname), "code", stored.get(attname))):
            changed.append(HEADER_OF[key])
    if row.get("recruiter") and recruiters.get(key_of(row["recruiter"])) != stored.get("recruiter_id"):
        changed.append(HEADER_OF["recruiter"])
    if village != stored.get("village_id") and HEADER_OF["village"] not in changed:
        changed.append(HEADER_OF["village"])
    return changed


# --- How the first rows were read ------------------------------------------------------------------

def raw_cells(values, index):
    """The cells of READ_KEYS as typed (text), for a row the preview shows."""
    out = {}
    for key in READ_KEYS:
        position = index.get(key)
        value = values[position] if position is not None and position < len(values) else None
        if key == "nik" or value is None:
            continue
        text = value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        out[key] = text
    return out


def readings(preview):
    """[{row, change, changed, cells: [(title, read, typed or "")]}] of the first SHOWN_ROWS rows: how each
    value was read (dates in words, phones in +62 form, the village by name), beside what was typed when it
    differs."""
    from django_countries import countries

    shown = preview.rows[:SHOWN_ROWS]
    names = dict(Region.objects.filter(code__in={r["village"] for r in shown if r.get("village")}).values_list(
        "code", "name"))
    sexes, statuses, country_names = dict(Sex.choices), dict(Status.choices), dict(countries)
    out = []
    for row in shown:
        typed = row.read or {}
        cells = []
        for key in READ_KEYS:
            value = row.get(key)
            if key == "nik":
                record_id = row.get("placement_id") or row.get("person_id")
                text = mask_nik(row["nik"]) if row.get("nik") else (
                    _("tersamar; dicocokkan lewat ID %(id)s") % {"id": record_id} if record_id else "")
            elif key in DATE_KEYS:
                text = date_format(value, "DATE_FORMAT") if value else ""
            elif key == "village":
                text = f"{value} {names.get(value, '')}".strip() if value else ""
            elif key == "sex":
                text = str(sexes.get(value, value or ""))
            elif key == "status":
                text = str(statuses.get(value, value or "")) if row.get("has_placement") else ""
            elif key == "destination_country":
                text = str(country_names.get(value, value or ""))
            else:
                text = value or ""
            if key == "name" and row.get("name_typed"):
                raw = row["name_typed"]
            else:
                raw = typed.get(key, "")
            cells.append((HEADER_OF[key], text, raw if raw and raw != text else ""))
        out.append({"row": row["row"], "change": row.get("change"), "changed": row.get("changed") or (),
                    "cells": cells})
    return out
