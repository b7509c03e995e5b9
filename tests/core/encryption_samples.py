"""Samples of the models sealed in issue 19 point 3 (placement records, messaging numbers, the audit log) for
tests/core/test_encryption_keys.py::SAMPLES; each runs after the person and placement samples there."""

def make_placement_record(operator, model):
    import datetime

    from migrants import services
    from migrants.models import Placement

    placement = Placement.objects.order_by("pk").first()
    if model == "document":
        document = placement.documents.get(kind="passport")
        return services.update_document(operator, document, number="C7654321", note="Dititipkan")
    if model == "cost":
        return services.add_cost(operator, placement, component="ticket", amount=1000, collected_by="agency",
                                 receipt_number="KW-1", note="Tunai", collector_name="Pak Calo")
    return services.log_contact(operator, placement, contacted_on=datetime.date(2026, 1, 5), channel="phone",
                                contact_with="Ibu", note="Sehat")


def make_consent(operator):
    from messaging.services.consent import give_consent

    return give_consent(operator, phone="+6281234567003", purpose="complaint", given_by="Sutrisno", how="uji")


def make_opt_out(operator):
    from messaging.models import OptOut, number_hash
    from messaging.services.consent import opt_out

    opt_out("+6281234567004", channel="sms", how="uji")
    return OptOut.objects.get(phone_hash=number_hash("+6281234567004"))


def make_number_language(operator):
    from messaging.models import NumberLanguage, number_hash
    from messaging.services.language import set_language

    set_language(operator, "+6281234567005", "en", how="uji")
    return NumberLanguage.objects.get(phone_hash=number_hash("+6281234567005"))


def make_message(operator):
    from messaging.models import Message

    return Message.objects.create(to="+6281234567006", channel="sms", event="reply", purpose="reply", body="Halo",
                                   params={"session": True})


def make_audit_entry(operator):
    """An entry about a person's record: its label, note and changes are sealed under the person's data key."""
    from audit.models import Action
    from audit.services import record
    from migrants.models import Placement

    return record(operator, Action.UPDATE, Placement.objects.order_by("pk").first(), note="Catatan tentang warga",
                  changes={"status_note": ["", "Menunggu visa"]})


def sealed_record_samples():
    return {
        "migrants.PlacementDocument": lambda operator: make_placement_record(operator, "document"),
        "migrants.CostItem": lambda operator: make_placement_record(operator, "cost"),
        "migrants.ContactLog": lambda operator: make_placement_record(operator, "contact"),
        "messaging.Consent": make_consent,
        "messaging.OptOut": make_opt_out,
        "messaging.NumberLanguage": make_number_language,
        "messaging.Message": make_message,
        "audit.AuditEntry": make_audit_entry,
    }
