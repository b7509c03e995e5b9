import datetime

import pytest

from tests.conftest import JATINOM


@pytest.fixture
def worker(make_person):
    return make_person(name="Siti Rahayu Lestari", address="Jl. Mawar 7", phone="+6281233344455",
                       birth_place="Blitar", notes="Cerai, dua anak")


@pytest.fixture
def placed(worker, jatinom_operator):
    """The worker with a Hong Kong placement whose passport number and scan are recorded."""
    from django.core.files.base import ContentFile

    from tests.factories import PlacementFactory

    placement = PlacementFactory(person=worker, actor=jatinom_operator)
    document = placement.documents.get(kind="passport")
    document.number = "C9988776"
    document.scan.save("paspor.pdf", ContentFile(b"%PDF-1.4 passport scan"), save=False)
    document.save()
    return placement


@pytest.fixture
def closed_case(worker, jatinom_operator):
    """A closed complaint about the worker (no legal hold), with the worker's NIK sealed under the worker's key.
    The closed state is set with save() (history written as usual): the closing workflow is not under test."""
    from tests.factories import CaseFactory

    case = CaseFactory(actor=jatinom_operator, village=JATINOM, person=worker, worker_name=worker.name,
                       worker_nik=worker.nik, description="Majikan menahan paspor Siti Rahayu Lestari.")
    case.status = "closed"
    case.closed_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    case.save()
    return case
