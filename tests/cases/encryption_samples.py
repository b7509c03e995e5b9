"""One record of every cases model with a sealed field (issue 19.3), for tests/core/test_encryption_keys.py::SAMPLES:
made after its `cases.Case` sample, on that case."""

from django.core.files.base import ContentFile


def _case():
    from cases.models import Case

    return Case.objects.order_by("pk").first()


def make_timeline_entry(operator):
    from cases.models import TimelineEntry

    return TimelineEntry.objects.create(case=_case(), kind="call", text="Pengadu menelepon.",
                                        text_parts=[{"msgid": "Catatan %(x)s", "params": {"x": "Sutrisno"}}])


def make_referral(operator):
    from accounts.models import Organisation
    from cases.models import Referral

    organisation = Organisation.objects.create(name="Migrant CARE (contoh)", kind="ngo")
    return Referral.objects.create(case=_case(), organisation=organisation, request="Mohon pendampingan.",
                                   override_reason="Mendesak", accept_note="Diterima", decline_reason="-",
                                   completion_note="Selesai", revoked_reason="-")


def make_claim(operator):
    from cases.models import Claim

    return Claim.objects.create(case=_case(), claim_type="jkk_before_accident", heir_name="Wahyu",
                                membership_number="BPJS-1", rejection_reason="Berkas kurang", status="rejected")


def make_consent(operator):
    from cases.models import Consent

    return Consent.objects.create(case=_case(), kind="process", given_by="Sutrisno", purpose="Pengaduan",
                                  text_version="1", channel="in_person")


def make_checklist_item(operator):
    from cases.models import ChecklistItem

    return ChecklistItem.objects.create(case=_case(), code="contoh", label="Langkah", note="Jenazah tiba")


def make_attachment(operator):
    from cases.models import Attachment

    return Attachment.objects.create(case=_case(), file=ContentFile(b"%PDF-1.4 contoh", name="surat.pdf"),
                                     original_name="surat kuasa Sutrisno.pdf", description="Surat kuasa",
                                     content_type="application/pdf", extension="pdf", size=15, sha256="0" * 64)


def case_record_samples():
    return {
        "cases.TimelineEntry": make_timeline_entry,
        "cases.Referral": make_referral,
        "cases.Claim": make_claim,
        "cases.Consent": make_consent,
        "cases.ChecklistItem": make_checklist_item,
        "cases.Attachment": make_attachment,
    }
