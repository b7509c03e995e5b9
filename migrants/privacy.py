"""What the placement records hold about a person, for the privacy app (core.registry privacy hooks)."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from core.registry import PersonRecords

from .models import ContactLog, CostItem, Placement, PlacementDocument
from .models.placement import Status

ENDED_UNPLACED = (Status.FAILED, Status.CANCELLED)


def records_for(person):
    placements = list(Placement.objects.filter(person=person).select_related("agency").order_by("created_at", "id"))
    ids = [p.pk for p in placements]
    documents = list(PlacementDocument.objects.filter(placement_id__in=ids).order_by("placement_id", "id"))
    costs = list(CostItem.objects.filter(placement_id__in=ids))
    contacts = list(ContactLog.objects.filter(placement_id__in=ids))
    return [
        PersonRecords(title=_("Penempatan"), order=20, refs=[("migrants.placement", p.pk) for p in placements], rows=[{
            _("Status"): p.get_status_display(), _("Negara tujuan"): p.destination_country.name if
            p.destination_country else "", _("Sektor"): p.get_sector_display(), _("P3MI"): p.agency or "",
            _("Pemberi kerja"): p.employer_name, _("Berangkat"): p.departure_date, _("Pulang"): p.actual_return,
            _("ID SISKOP2MI"): p.national_id_ref, _("Dicatat"): p.created_at} for p in placements]),
        # The list of documents, never the scans (a scan is released only when asked, by its own page).
        PersonRecords(title=_("Dokumen penempatan"), order=21,
                      refs=[("migrants.placementdocument", d.pk) for d in documents], rows=[{
                          _("Dokumen"): d.get_kind_display(), _("Status"): d.get_status_display(),
                          _("Nomor"): d.number, _("Berlaku sampai"): d.expires_on,
                          _("Ada pindaian"): _("ya") if d.scan else _("tidak")} for d in documents]),
        PersonRecords(title=_("Biaya penempatan"), order=22, refs=[("migrants.costitem", c.pk) for c in costs],
                      rows=[{_("Komponen"): c.get_component_display(), _("Jumlah"): c.amount,
                             _("Dipungut oleh"): c.collector_name, _("Tanggal"): c.paid_on} for c in costs]),
        PersonRecords(title=_("Catatan kontak"), order=23, refs=[("migrants.contactlog", c.pk) for c in contacts],
                      rows=[{_("Tanggal"): c.contacted_on, _("Saluran"): c.get_channel_display(),
                             _("Dengan"): c.contact_with, _("Catatan"): c.note} for c in contacts]),
    ]


def erase(pseudonyms):
    """Delete scans (through the storage), blank identifying numbers, the employer and free text (sealed under the
    worker's data key before: a backup holds only ciphertext), live and history, with the keyed hashes that found
    them; keep status, country, sector, dates and costs (the aggregates). `pseudonyms`: {person id: pseudonym}."""
    ids = list(Placement.objects.filter(person_id__in=list(pseudonyms)).values_list("pk", flat=True))
    if not ids:
        return 0
    scans = 0
    for document in PlacementDocument.objects.filter(placement_id__in=ids).exclude(scan=""):
        document.scan.delete(save=False)
        scans += 1
    for manager in (PlacementDocument.objects, PlacementDocument.history):
        manager.filter(placement_id__in=ids).update(number="", number_hash="", scan="", note="")
    blank = dict(national_id_ref="", national_id_ref_hash="", other_ref="", status_note="", override_reason="",
                 employer_name="", employer_address="")
    Placement.objects.filter(pk__in=ids).update(employer_index="", **blank)
    Placement.history.filter(id__in=ids).update(**blank)
    for manager in (ContactLog.objects, ContactLog.history):
        manager.filter(placement_id__in=ids).update(note="", contact_with="")
    for manager in (CostItem.objects, CostItem.history):
        manager.filter(placement_id__in=ids).update(receipt_number="", receipt_hash="", note="",
                                                             collector_name="")
    return scans


def retention_candidates(today):
    limit = today - timedelta(days=30 * settings.PRIVACY_RETAIN_REJECTED_REGISTRATION_MONTHS)
    unplaced = Placement.objects.filter(status__in=ENDED_UNPLACED, updated_at__date__lt=limit)
    return {"rejected_registration": set(unplaced.values_list("person_id", flat=True))}


def retained(person_ids, today):
    """People with a placement that is not a failed/cancelled one past the retention period."""
    limit = today - timedelta(days=30 * settings.PRIVACY_RETAIN_REJECTED_REGISTRATION_MONTHS)
    live = Placement.objects.filter(person_id__in=person_ids).exclude(status__in=ENDED_UNPLACED)
    recent = Placement.objects.filter(person_id__in=person_ids, status__in=ENDED_UNPLACED, updated_at__date__gte=limit)
    return set(live.values_list("person_id", flat=True)) | set(recent.values_list("person_id", flat=True))


def person_of_audit_refs(refs):
    ids = [int(i) for t, i in refs if t == "migrants.placement" and i.isdigit()]
    return {("migrants.placement", str(pk)): person for pk, person in
            Placement.objects.filter(pk__in=ids).values_list("pk", "person_id")}
