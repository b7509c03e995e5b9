"""Re-encrypt every encrypted field of every model, history tables included, with the newest key.

Procedure: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run this command,
then remove the old keys. The models are found generically (core.crypto.encrypted_models: every installed
model with a core.crypto field, django-simple-history's historical models among them), so a new encrypted
field is covered without touching this command. Values do not change, so no model history is written; the key
fingerprint (core.checks) is rewritten with the newest key and one audit entry records the run.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from audit.models import Action, allow_rewrap
from audit.services import record
from core.checks import record_key_fingerprint
from core.crypto import Undecryptable, encrypted_models


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field (and its history) with the newest key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size=1000, **options):
        total = 0
        for model, fields in encrypted_models():
            names = [f.attname for f in fields]
            pk_name = model._meta.pk.attname
            manager = model._base_manager  # every row: no manager may filter some out
            last = None
            count = 0
            while True:
                qs = manager.order_by(pk_name).only(pk_name, *names)
                if last is not None:
                    qs = qs.filter(**{f"{pk_name}__gt": last})
                batch = list(qs[:batch_size])
                if not batch:
                    break
                for obj in batch:
                    for name in names:
                        if isinstance(getattr(obj, name), Undecryptable):
                            raise CommandError(
                                f"{model._meta.label}.{name} of row {obj.pk} cannot be decrypted with any key in "
                                "FIELD_ENCRYPTION_KEYS. Put back the key it was written with and run again; rows "
                                "already re-encrypted stay readable while the old keys stay listed.")
                with transaction.atomic(), connection.cursor() as cursor:
                    # The audit log's append-only trigger lets through, in this transaction only, a rewrite of its
                    # sealed label and note (the base manager is Django's, not the audit log's own bulk_update).
                    allow_rewrap(cursor)
                    # Reading decrypted with any listed key; writing encrypts with the first (newest).
                    # bulk_update is deliberate: the plaintext is unchanged, so there is no history to record.
                    manager.bulk_update(batch, names)
                count += len(batch)
                last = getattr(batch[-1], pk_name)
            total += count
            if options["verbosity"]:
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        errors = record_key_fingerprint(force=True)
        if errors:
            raise CommandError(" ".join(e.msg for e in errors))
        record(None, Action.OTHER, object_type="core.keyfingerprint", object_id="", region_code="",
               object_repr="rotate_encryption_keys", note=f"Kunci enkripsi dirotasi: {total} baris dienkripsi ulang.")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Done: {total} rows"))
