"""The commit: every row of a confirmed preview written, or none.

The rows written are the ones the user saw (the kept preview), not the file read again; only what the
database may have changed in between is checked again, inside the transaction. People, placements, family
contacts and their history rows go in as plain rows through `core.bulk` (COPY on PostgreSQL), a chunk at a
time; the file is one IMPORT audit entry, and each recruiter the file adds its own CREATE entry.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import user_scope_codes
from audit.models import Action
from audit.services import log_create, record
from core import datakeys
from core.bulk import insert_history, insert_rows, reserve_ids, row_defaults, update_rows
from people.models import FamilyContact, MaritalStatus, Person, normalise_name
from regions.models import Region

from .. import risk
from ..models import Agency, CostItem, Placement, PlacementDocument, Recruiter
from ..models.agencies import recruiter_ids_by_name
from .cleaning import existing_people, import_checker, match_placements
from .columns import FK_KEYS, HEADER_OF, PERSON_KEYS, PLACEMENT_KEYS
from .preview import Preview, PreviewExpired, PreviewStore, validate


class ImportRefused(Exception):
    def __init__(self, preview):
        super().__init__("import has errors")
        self.preview = preview


def commit_kept(token, user, request=None, store=None) -> Preview:
    """Commit the preview kept under `token`, once: claimed first, marked done in the transaction that writes
    the rows, released if anything fails (the preview stays usable for a retry), its file removed when done."""
    store = store or PreviewStore()
    batch, claim = store.claim(token, user)
    try:
        preview = commit(store.load(token), user, batch.filename, request=request, claim=(batch, claim),
                         store=store)
    except BaseException as exc:  # a timeout (SystemExit from gunicorn's abort), a lost connection, anything
        store.release(batch, claim, reason=type(exc).__name__)
        raise
    store.discard(token)
    return preview


def commit(source, user, filename="", request=None, batch_size=5000, claim=None, store=None) -> Preview:
    """Write every row or none. `source` is the preview the user confirmed (the screen) or the file's bytes
    (validated here first). `claim` (from PreviewStore.claim) is marked done in the same transaction.

    Between the preview and the commit the database may change: the user's regions, the villages and agencies
    the rows name and the people already registered are checked again here, inside the transaction.
    """
    if isinstance(source, Preview):
        preview = source
        if preview.user_pk != getattr(user, "pk", None):
            raise PreviewExpired()
        _recheck(preview, user)
    else:
        preview = validate(source, user, filename)
    if not preview.ok:
        raise ImportRefused(preview)
    rows = preview.rows
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        existing = existing_people(rows)
        in_scope = import_checker(user)
        outside = [r for r in rows if r.get("nik_hash") in existing and not in_scope(existing[r["nik_hash"]][1])]
        if outside:
            preview.errors.extend((r["row"], HEADER_OF["nik"], _(
                "NIK ini sudah terdaftar di desa di luar wilayah kerja Anda. Hubungi petugas kabupaten."))
                for r in outside)
            raise ImportRefused(preview)
        matched = match_placements(rows, existing)
        agencies = Agency.objects.in_bulk({r["agency"] for r in rows if r.get("agency")})
        recruiters = _recruiter_ids(rows, user, request)
        people = {}  # nik_hash -> (pk, village code, birth date) of the person written
        people_updated = placements_updated = 0
        for start in range(0, len(rows), batch_size):
            chunk = rows[start:start + batch_size]
            # Known people are loaded a chunk at a time, not all 100,000 model instances at once.
            pks = {existing[r["nik_hash"]][0] for r in chunk
                   if r["nik_hash"] in existing and r["nik_hash"] not in people}
            known_people = {p.nik_hash: p for p in Person.objects.filter(pk__in=pks)} if pks else {}
            # The chunk's people's data keys (new people's created in one COPY): every encrypted value written
            # is sealed under its person's key from the start, erasable like any other.
            keys = {}
            people_updated += _write_people(chunk, people, known_people, user, now, keys)
            placements_updated += _write_placements(chunk, people, matched, agencies, recruiters, user, now, today,
                                                    keys)
            _write_contacts(chunk, people, existing, user, now, keys)
        # What was written, not what the preview foresaw (the database may have changed in between).
        preview.people_update, preview.placements_update = people_updated, placements_updated
        record(user, Action.IMPORT, object_type="migrants.placement", object_id="", object_repr=filename[:200],
               region_code=_single_scope(user), request=request,
               note=_("Impor %(rows)s baris: warga baru %(pc)s, warga diperbarui %(pu)s, penempatan baru %(lc)s, "
                      "penempatan diperbarui %(lu)s, perekrut baru %(rc)s.") % {
                   "rows": preview.total_rows, "pc": preview.people_create, "pu": preview.people_update,
                   "lc": preview.placements_create, "lu": preview.placements_update,
                   "rc": len(preview.recruiters_create)})
        if claim is not None:
            (store or PreviewStore()).finish(claim, preview)
    return preview


def _single_scope(user):
    codes = user_scope_codes(user)
    return codes[0] if codes and len(codes) == 1 else ""


def _recheck(preview, user):
    """What the database may have changed since the preview: villages in scope, agencies still recorded."""
    villages = {r["village"] for r in preview.rows}
    known = set(Region.objects.filter(code__in=villages, level=4).values_list("code", flat=True))
    in_scope = import_checker(user)
    bad_villages = {code for code in villages if code not in known or not in_scope(code)}
    agency_ids = {r["agency"] for r in preview.rows if r.get("agency")}
    gone = agency_ids - set(Agency.objects.filter(pk__in=agency_ids).values_list("pk", flat=True))
    for row in preview.rows:
        if row["village"] in bad_villages:
            preview.errors.append((row["row"], HEADER_OF["village"], _("Desa %(c)s di luar wilayah kerja Anda.")
                                   % {"c": row["village"]}))
        if row.get("agency") in gone:
            preview.errors.append((row["row"], HEADER_OF["agency"], _(
                "P3MI ini sudah dihapus dari daftar sejak pratinjau. Unggah ulang berkasnya.")))


def _recruiter_ids(rows, user, request):
    """{normalised name: recruiter pk}, adding the recruiters not recorded yet (with the agency and village
    of the first row that names them), each with its CREATE audit entry by the importing user."""
    wanted = {}
    for row in rows:
        if row.get("recruiter") and row.get("has_placement"):
            wanted.setdefault(normalise_name(row["recruiter"]), row)
    if not wanted:
        return {}
    ids = recruiter_ids_by_name(wanted)  # by keyed name hash: the names are sealed
    for key, row in wanted.items():
        if key not in ids:
            recruiter = Recruiter.objects.create(name=row["recruiter"], claimed_agency_id=row.get("agency"),
                                                 home_region_id=row["village"])
            log_create(user, recruiter, request=request)
            ids[key] = recruiter.pk
    return ids


# Updated when the file says otherwise; the NIK is the match itself and is never rewritten.
PERSON_UPDATE_FIELDS = [FK_KEYS.get(k, k) for k in PERSON_KEYS if k != "nik"] + [
    "kk_hash", "name_key", "name_index", "phone_hash"]
PLACEMENT_UPDATE_FIELDS = [FK_KEYS.get(k, k) for k in PLACEMENT_KEYS] + [
    # expected_return is one of PLACEMENT_KEYS
    "recruiter_id", "flag_codes", "person_id", "village_id", "national_id_ref_hash", "employer_index"]
NULLABLE_PLACEMENT_KEYS = {"agency", "contract_start", "contract_end", "departure_date", "expected_return",
                           "actual_return"}


def _plain(value):
    return getattr(value, "code", value)  # a Country compares as its code


def name_reason(row):
    """The history entry's note when the name was tidied: the spelling typed (UU 27/2022: nothing silently
    lost)."""
    typed = row.get("name_typed")
    return (_("Impor: nama diketik '%(n)s'") % {"n": typed})[:100] if typed else None


PERSON = "people.person"


def _keys_of(keys, person_ids):
    """`keys` ({person id: data key}) completed with the live keys of `person_ids` (created where missing)."""
    missing = {pk for pk in person_ids if pk not in keys}
    if missing:
        keys.update(datakeys.live_keys(PERSON, missing))
    return keys


def _write_people(chunk, people, existing_objs, user, now, keys):
    """Write the chunk's people; returns how many known people changed."""
    new, updated, seen, reasons = [], [], set(), {}
    template = row_defaults(Person)
    for row in chunk:
        key = row["nik_hash"]
        if key in people or key in seen:
            continue  # an earlier row of this file already wrote this person
        seen.add(key)
        person = existing_objs.get(key)
        if person is None:
            # A plain record: model instances cost ~100 µs each at 100,000 rows.
            values = dict(template)
            for name in PERSON_KEYS:
                value = row.get(name)
                values[FK_KEYS.get(name, name)] = value if value is not None else ""
            values.update(Person.hidden_columns(values["nik"], values["kk"], values["name"], values.get("phone") or ""),
                          created_at=now, updated_at=now, created_by_id=user.pk)
            if not values["marital_status"]:
                values["marital_status"] = MaritalStatus.SINGLE.value
            new.append((values, name_reason(row)))
            continue
        before = [getattr(person, n) for n in PERSON_UPDATE_FIELDS]
        for name in PERSON_KEYS:
            value = row.get(name)
            if name == "nik" or (name == "kk" and not value):
                continue  # an empty cell does not erase a known KK
            setattr(person, FK_KEYS.get(name, name), value if value is not None else "")
        for attname, value in Person.hidden_columns(person.nik, person.kk, person.name, person.phone).items():
            setattr(person, attname, value)
        if [getattr(person, n) for n in PERSON_UPDATE_FIELDS] != before:  # an unchanged row writes nothing
            person.updated_at = now
            updated.append(person)
            if name_reason(row) and before[PERSON_UPDATE_FIELDS.index("name")] != person.name:
                reasons[person.pk] = name_reason(row)
        people[key] = (person.pk, person.village_id, person.birth_date)
    if new:
        for (values, reason), pk in zip(new, reserve_ids(Person, len(new)), strict=True):
            values["id"] = pk
            if reason:
                reasons[pk] = reason
            # What later rows need of this person: the whole record would be ~1 KB a person kept to the end.
            people[values["nik_hash"]] = (pk, values["village_id"], values["birth_date"])
        new = [values for values, _reason in new]
        # Sealed once under each new person's new data key: the person row and its history row share the tokens.
        keys.update(datakeys.create_keys(PERSON, [values["id"] for values in new]))
        datakeys.seal_records(Person, new, keys, subject="id")
        insert_rows(Person, new)
        insert_history(Person, new, user, now, reasons=reasons)
    if updated:
        datakeys.seal_objects(updated, _keys_of(keys, [p.pk for p in updated]), subject="pk")
        update_rows(Person, updated, PERSON_UPDATE_FIELDS + ["updated_at"], user, now, reasons=reasons)
    return len(updated)


class _Record:
    """Attribute access to a plain row, for the flag rules (migrants.risk reads attributes)."""

    def __init__(self, values, **extra):
        self.__dict__.update(values)
        self.__dict__.update(extra)


def _write_placements(chunk, people, matched, agencies, recruiters, user, now, today, keys):
    """Write the chunk's placements; returns how many known placements changed."""
    ids = [pk for pk in (matched.get(r["row"]) for r in chunk) if pk]
    known = Placement.objects.in_bulk(ids) if ids else {}
    template = row_defaults(Placement)
    recruiter_of = {}  # the file's spelling -> pk (few distinct names)
    new, changed = [], []
    for row in chunk:
        if not row.get("has_placement"):
            continue
        person_id, village_id, birth_date = people[row["nik_hash"]]
        recruiter_id = None
        if row.get("recruiter"):
            if row["recruiter"] not in recruiter_of:
                recruiter_of[row["recruiter"]] = recruiters.get(normalise_name(row["recruiter"]))
            recruiter_id = recruiter_of[row["recruiter"]]
        pk = matched.get(row["row"])
        if pk:
            placement = known[pk]
            before = [_plain(getattr(placement, n)) for n in PLACEMENT_UPDATE_FIELDS]
            placement.person_id, placement.village_id = person_id, village_id
            for key in PLACEMENT_KEYS:
                value = row.get(key)
                if key == "agency":
                    placement.agency = agencies.get(value) if value else None  # no query per row for the rules
                    continue
                if value is None and key not in NULLABLE_PLACEMENT_KEYS:
                    value = ""
                setattr(placement, key, value)
            if recruiter_id:
                placement.recruiter_id = recruiter_id
            if placement.expected_return is None and placement.contract_end:
                placement.expected_return = placement.contract_end
            for attname, value in Placement.hidden_columns(placement.national_id_ref,
                                                           placement.employer_name).items():
                setattr(placement, attname, value)
            if [_plain(getattr(placement, n)) for n in PLACEMENT_UPDATE_FIELDS] != before:
                changed.append((placement, birth_date))  # an unchanged row writes nothing
            continue
        values = dict(template)
        for key in PLACEMENT_KEYS:
            value = row.get(key)
            if value is None and key not in NULLABLE_PLACEMENT_KEYS:
                value = ""
            values[FK_KEYS.get(key, key)] = value
        values.update(person_id=person_id, village_id=village_id, recruiter_id=recruiter_id, created_at=now,
                      updated_at=now, created_by_id=user.pk)
        if values["expected_return"] is None and values["contract_end"]:
            values["expected_return"] = values["contract_end"]
        values.update(Placement.hidden_columns(values.get("national_id_ref"), values.get("employer_name")))
        flags = risk.evaluate(_Record(values, agency=agencies.get(values["agency_id"])), today, documents=(),
                              costs=(), person=_Record({"birth_date": birth_date}))
        values["flag_codes"] = _flag_codes(flags, False, False)
        new.append(values)
    if new:
        for values, pk in zip(new, reserve_ids(Placement, len(new)), strict=True):
            values["id"] = pk
        datakeys.seal_records(Placement, new, _keys_of(keys, {values["person_id"] for values in new}))
        insert_rows(Placement, new)
        insert_history(Placement, new, user, now)
    if changed:
        datakeys.seal_objects([p for p, _b in changed], _keys_of(keys, {p.person_id for p, _b in changed}))
        _update_placements(changed, user, now, today)
    return len(changed)


def _update_placements(changed, user, now, today):
    """The flags of changed placements, with their documents and costs fetched once for the chunk."""
    documents, costs = {}, {}
    pks = [placement.pk for placement, _birth in changed]
    for doc in PlacementDocument.objects.filter(placement_id__in=pks):
        documents.setdefault(doc.placement_id, []).append(doc)
    for cost in CostItem.objects.filter(placement_id__in=pks):
        costs.setdefault(cost.placement_id, []).append(cost)
    updated = []
    for placement, birth_date in changed:
        flags = risk.evaluate(placement, today, documents=documents.get(placement.pk, []),
                              costs=costs.get(placement.pk, []), person=_Record({"birth_date": birth_date}))
        placement.flag_codes = _flag_codes(flags, placement.lost_contact, placement.non_procedural)
        placement.updated_at = now
        updated.append(placement)
    update_rows(Placement, updated, PLACEMENT_UPDATE_FIELDS + ["updated_at"], user, now)


def _flag_codes(flags, lost_contact, non_procedural):
    codes = [flag.code for flag in flags]
    if lost_contact:
        codes.append("lost_contact")
    if non_procedural:
        codes.append("non_procedural")
    return f",{','.join(codes)}," if codes else ""


def _write_contacts(chunk, people, existing, user, now, keys):
    """The row's family contact: added (primary when the person has none), or updated when the person already
    has a contact of that name."""
    rows = [r for r in chunk if r.get("contact_name")]
    if not rows:
        return
    known_ids = {existing[r["nik_hash"]][0] for r in rows if r["nik_hash"] in existing}
    contacts = {}
    for contact in FamilyContact.objects.filter(person_id__in=known_ids):
        contacts.setdefault(contact.person_id, []).append(contact)
    template = row_defaults(FamilyContact)
    new = []
    for row in rows:
        person_id = people[row["nik_hash"]][0]
        theirs = contacts.setdefault(person_id, [])
        key = normalise_name(row["contact_name"]) if theirs else None
        same = next((c for c in theirs if normalise_name(_name_of(c)) == key), None)
        if same is None:
            values = dict(template)
            values.update(person_id=person_id, name=row["contact_name"], relationship=row["contact_relationship"],
                          phone=row.get("contact_phone") or "", created_at=now, updated_at=now,
                          is_primary=not any(_is_primary(c) for c in theirs))
            theirs.append(values)
            new.append(values)
        elif isinstance(same, FamilyContact):
            changed = False
            for attr, value in (("relationship", row["contact_relationship"]), ("phone", row.get("contact_phone"))):
                if value and getattr(same, attr) != value:
                    setattr(same, attr, value)
                    changed = True
            if changed:
                same.save()
    if new:
        for values, pk in zip(new, reserve_ids(FamilyContact, len(new)), strict=True):
            values["id"] = pk
        datakeys.seal_records(FamilyContact, new, _keys_of(keys, {values["person_id"] for values in new}))
        insert_rows(FamilyContact, new)
        insert_history(FamilyContact, new, user, now)


def _name_of(contact):
    return contact["name"] if isinstance(contact, dict) else contact.name


def _is_primary(contact):
    return contact["is_primary"] if isinstance(contact, dict) else contact.is_primary
