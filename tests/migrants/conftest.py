import datetime

import pytest

from tests.conftest import GOGODESO, JATINOM
from tests.factories import AgencyFactory, PlacementFactory, make_nik


@pytest.fixture
def agency(db):
    return AgencyFactory(name="PT Maju Jaya", licence_number="SIP3MI/001/2024")


@pytest.fixture
def make_placement(make_person, jatinom_operator, agency):
    def make(person=None, actor=None, **data):
        data.setdefault("agency", agency)
        return PlacementFactory(actor=actor or jatinom_operator, person=person or make_person(), **data)

    return make


@pytest.fixture
def complete_documents(jatinom_operator):
    """Every checklist document verified, passport valid well past the contract."""
    from migrants import services
    from migrants.models import DocumentKind

    def complete(placement):
        for doc in placement.documents.all():
            expires = datetime.date(2035, 1, 1) if doc.kind == DocumentKind.PASSPORT else None
            services.update_document(jatinom_operator, doc, status="verified", number=f"N-{doc.kind}",
                                     expires_on=expires)
        placement.refresh_from_db()
        return placement

    return complete


__all__ = ["GOGODESO", "JATINOM", "make_nik"]
