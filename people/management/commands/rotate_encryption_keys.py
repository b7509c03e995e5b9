"""Re-encrypt every NIK/KK (and their history rows) with the newest FIELD_ENCRYPTION_KEYS key.

Procedure: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run this command,
then remove the old keys. Values do not change, so no model history is written; one audit entry records
the run.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from audit.models import Action
from audit.services import record
from people.crypto import EncryptedCharField


def encrypted_models():
    from django.apps import apps

    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = "Re-encrypt NIK/KK with the newest key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size=1000, **options):
        total = 0
        for model, fields in encrypted_models():
            pk_name = model._meta.pk.name
            last = None
            count = 0
            while True:
                qs = model._default_manager.order_by(pk_name).only(pk_name, *fields)
                if last is not None:
                    qs = qs.filter(**{f"{pk_name}__gt": last})
                batch = list(qs[:batch_size])
                if not batch:
                    break
                with transaction.atomic():
                    # Reading decrypts with any listed key; writing encrypts with the first (newest).
                    # bulk_update is deliberate: the plaintext is unchanged, so there is no history to record.
                    model._default_manager.bulk_update(batch, fields)
                count += len(batch)
                last = getattr(batch[-1], pk_name)
            total += count
            if options["verbosity"]:
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        record(None, Action.OTHER, object_type="people.person", object_id="", object_repr="rotate_encryption_keys",
               region_code="", note=f"Kunci enkripsi dirotasi: {total} baris dienkripsi ulang.")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Done: {total} rows"))
