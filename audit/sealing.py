"""Sealing stored audit entries (issue 19 point 3): the label, note and changed values of an entry about a record that
holds a person's data (its model names a DATA_SUBJECT) sealed under that person's data key, as audit.services.record
seals new entries. The one code path of the migrations that seal what was stored before: 0004 (labels and notes),
0005 (changes) and 0006 (the entries of models that named their data subject later: community, empowerment,
messaging, village services). Raw SQL over the log, batched by id; keys looked up and created set-based."""

from core.crypto import is_encrypted_token

BATCH = 5000
COLUMNS = ("object_repr", "note", "changes")


def personal_types(labels=None) -> dict:
    """{label: model} of the installed models naming a DATA_SUBJECT (only those of `labels` when given)."""
    from django.apps import apps

    found = {m._meta.label_lower: m for m in apps.get_models() if getattr(m, "DATA_SUBJECT", None)}
    return found if labels is None else {label: m for label, m in found.items() if label in labels}


def subjects_of(refs, models) -> dict:
    """{(object type, object id): (subject type, subject id)} of the records the refs name, one query per type."""
    from core.crypto import data_subject, subject_paths

    found = {}
    wanted = {}
    for object_type, object_id in refs:
        if object_id.isdigit():
            wanted.setdefault(object_type, []).append(int(object_id))
    for object_type, ids in wanted.items():
        model = models[object_type]
        through = {"__".join(p.split(".")[:-1]) for p in subject_paths(model) if "." in p}
        for obj in model._base_manager.filter(pk__in=ids).select_related(*sorted(through)):
            subject = data_subject(obj)
            if subject is not None and subject.pk is not None:
                found[(object_type, str(obj.pk))] = (subject._meta.label_lower, subject.pk)
    return found


def subject_keys(subjects) -> tuple[dict, set]:
    """{(subject type, subject id): (key id, Fernet)} for `subjects`, and the key ids made for subjects already erased,
    to be destroyed once their entries are sealed (so those open to nothing). Erased: a destroyed key and no live key
    made before that destruction. A subject whose key was replaced (core.datakeys.rekey makes the new key, then
    destroys the old) is not erased; a key made for an erased subject afterwards does not bring them back."""
    from core.datakeys import create_keys, live_keys
    from core.models import DataKey

    keys, doomed = {}, set()
    for label in {s[0] for s in subjects}:
        ids = {str(s[1]): s[1] for s in subjects if s[0] == label}
        history = {}
        names = list(ids)
        for start in range(0, len(names), 1000):
            for subject_id, created, destroyed in DataKey.objects.filter(
                    subject_type=label, subject_id__in=names[start:start + 1000]).values_list(
                    "subject_id", "created_at", "destroyed_at"):
                history.setdefault(subject_id, []).append((created, destroyed))
        erased = set()
        for subject_id, rows in history.items():
            last = max((d for _c, d in rows if d is not None), default=None)
            if last is not None and not any(d is None and c <= last for c, d in rows):
                erased.add(ids[subject_id])
        found = live_keys(label, [pk for pk in ids.values() if pk not in erased], create=False)
        fresh = create_keys(label, [pk for pk in ids.values() if pk not in found])
        doomed |= {fresh[pk][0] for pk in erased}
        found.update(fresh)
        keys.update({(label, pk): key for pk, key in found.items()})
    return keys, doomed


def _plain(value):
    return value not in (None, "", "{}") and not is_encrypted_token(value)


def seal_entries(connection, columns, labels=None, batch=BATCH) -> int:
    """Seal `columns` (of COLUMNS) of the stored entries about records of the models naming a DATA_SUBJECT (only
    `labels` when given) under their subjects' data keys; an erased subject's under a key destroyed at once. Values
    already ciphertext stay as they are: a second run writes nothing. When labels are sealed, an entry whose record
    is gone (or names no one) gets a label that names no one ("people.familycontact #12"); its note and changes stay
    as they were. On PostgreSQL the calling migration has installed the append-only trigger that lets this rewrite
    through; it runs with payung.audit_rewrap set. Returns the entries rewritten."""
    from core.datakeys import seal_token

    columns = list(columns)
    assert set(columns) <= set(COLUMNS), columns
    models = personal_types(labels)
    types = sorted(models)
    if not types:
        return 0
    postgres = connection.vendor == "postgresql"
    qn = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(types))
    select = (f"SELECT id, object_type, object_id, {', '.join(qn(c) for c in columns)} FROM audit_auditentry "
              f"WHERE id > %s AND object_type IN ({marks}) ORDER BY id LIMIT {int(batch)}")
    update = f"UPDATE audit_auditentry SET {', '.join(f'{qn(c)} = %s' for c in columns)} WHERE id = %s"
    last, done, erased = 0, 0, set()  # erased: the key ids made for erased subjects
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET LOCAL payung.audit_rewrap = 'on'")
        while True:
            cursor.execute(select, [last, *types])
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            rows = [r for r in rows if any(_plain(v) for v in r[3:])]
            subjects = subjects_of({(r[1], r[2]) for r in rows}, models)
            keys, doomed = subject_keys(set(subjects.values()))
            erased |= doomed
            updates = []
            for pk, object_type, object_id, *values in rows:
                subject = subjects.get((object_type, object_id))
                if subject is not None:
                    new = [seal_token(v, keys[subject]) if _plain(v) else v for v in values]
                else:  # the record is gone: a label that names no one, the note and changes as they were
                    label = f"{object_type} #{object_id}" if object_id else object_type
                    new = [label if c == "object_repr" else v for c, v in zip(columns, values, strict=True)]
                if new != values:
                    updates.append((*new, pk))
            cursor.executemany(update, updates)
            done += len(updates)
        if postgres:
            cursor.execute("SET LOCAL payung.audit_rewrap = 'off'")
    _destroy_keys(erased)
    return done


def _destroy_keys(kids):
    """Forget the data keys `kids` (made here for erased subjects), no other key of theirs."""
    from django.utils import timezone

    from core.crypto import _DATA_KEYS
    from core.models import DataKey

    kids = list(kids)
    for start in range(0, len(kids), 1000):
        DataKey.objects.filter(kid__in=kids[start:start + 1000]).update(wrapped="", destroyed_at=timezone.now())
    for kid in kids:
        _DATA_KEYS[kid] = (None, 0)
