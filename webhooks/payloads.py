"""What each event says about its record: the fields a receiving system needs, never a NIK (`nik_of` gives it
separately, for endpoints entitled to it)."""


def _date(value):
    return value.isoformat() if value else None


def placement(p):
    return {
        "type": "migrants.placement", "id": p.pk, "village": p.village_id, "status": p.status,
        "destination_country": getattr(p.destination_country, "code", p.destination_country) or None,
        "sector": p.sector or None, "position": p.position or None, "scheme": p.scheme or None,
        "agency_id": p.agency_id, "national_id_ref": p.national_id_ref or None,
        "contract_start": _date(p.contract_start), "contract_end": _date(p.contract_end),
        "departure_date": _date(p.departure_date), "actual_return": _date(p.actual_return),
        "person": {"id": p.person_id, "name": p.person.name, "sex": p.person.sex,
                   "birth_year": p.person.birth_date.year if p.person.birth_date else None},
    }


def case(c):
    return {
        "type": "cases.case", "id": c.pk, "tracking_code": c.tracking_code, "village": c.village_id,
        "category": c.category, "status": c.status, "priority": c.priority,
        "opened_at": c.created_at.isoformat() if c.created_at else None,
        "closed_at": c.closed_at.isoformat() if c.closed_at else None, "close_reason": c.close_reason or None,
    }


def claim(c):
    return {
        "type": "cases.claim", "id": c.pk, "case_id": c.case_id, "village": c.case.village_id,
        "claim_type": c.claim_type, "status": c.status, "amount_paid": c.amount_paid,
        "paid_date": _date(c.paid_date),
    }


def nik_of(object_type, object_id):
    """The NIK of the person an event is about ("" when there is none)."""
    from django.apps import apps

    if object_type == "migrants.placement":
        record = apps.get_model("migrants", "Placement").objects.select_related("person").filter(pk=object_id).first()
        return record.person.nik if record else ""
    if object_type == "cases.case":
        record = apps.get_model("cases", "Case").objects.filter(pk=object_id).first()
        return (record.worker_nik or "") if record else ""
    if object_type == "cases.claim":
        record = apps.get_model("cases", "Claim").objects.select_related("case").filter(pk=object_id).first()
        return (record.case.worker_nik or "") if record else ""
    return ""
