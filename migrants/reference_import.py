"""Agencies (P3MI) from a spreadsheet (e.g. the list published by KP2MI), all or nothing, matched by SIP3MI
number or else by name."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record

from . import services
from .importer import RowError, _text, parse_date, read_rows
from .models import Agency

COLUMNS = {"nama": "name", "no_sip3mi": "licence_number", "berlaku_sejak": "licence_valid_from",
           "berlaku_sampai": "licence_valid_until", "alamat": "address", "telepon": "phone"}


@dataclass
class Result:
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self):
        return not self.errors


def import_agencies(actor, data, request=None):
    result = Result()
    if not services.can_edit_reference(actor):
        result.errors.append((0, "", _("Peran Anda tidak dapat mengubah data P3MI.")))
        return result
    try:
        rows = read_rows(data)
        header = next(iter(rows), None)
    except RowError as exc:
        result.errors.append((0, "", str(exc)))
        return result
    if header is None:
        result.errors.append((0, "", _("Berkas kosong.")))
        return result
    names = [_text(h, 40).lower().replace(" ", "_") for h in header[1]]
    if "nama" not in names:
        result.errors.append((1, "nama", _("Kolom 'nama' tidak ditemukan. Kolom: %(c)s.") % {"c": ", ".join(COLUMNS)}))
        return result
    cleaned = []
    for number, values in rows:
        raw = {COLUMNS[h]: values[i] for i, h in enumerate(names) if h in COLUMNS and i < len(values)}
        if not any(v not in (None, "") for v in raw.values()):
            continue
        item = {}
        for key in ("name", "licence_number", "address", "phone"):
            item[key] = _text(raw.get(key), 200)
        if not item["name"]:
            result.errors.append((number, "nama", _("Nama wajib diisi.")))
        for key, header_name in (("licence_valid_from", "berlaku_sejak"), ("licence_valid_until", "berlaku_sampai")):
            try:
                item[key] = parse_date(raw.get(key))
            except RowError as exc:
                result.errors.append((number, header_name, str(exc)))
        cleaned.append(item)
    if result.errors:
        return result
    with transaction.atomic():
        by_licence = {a.licence_number.lower(): a for a in Agency.objects.exclude(licence_number="")}
        by_name = {a.name.lower(): a for a in Agency.objects.all()}
        for item in cleaned:
            agency = by_licence.get(item["licence_number"].lower()) if item["licence_number"] else None
            agency = agency or by_name.get(item["name"].lower())
            if agency is None:
                result.created += 1
            else:
                result.updated += 1
            services.save_agency(actor, agency, request=request, **item)
        record(actor, Action.IMPORT, object_type="migrants.agency", object_id="", object_repr="P3MI",
               note=f"{result.created} baru, {result.updated} diperbarui", request=request)
    return result
