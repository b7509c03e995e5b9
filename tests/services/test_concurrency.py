"""Two operators issuing at the same instant must get different, consecutive numbers."""

import datetime

import pytest
from django.db import connection

from tests.helpers import run_together
from village_services.models import Letter, LetterCounter
from village_services.services import issue_letter

from .conftest import domicile_values

THREADS = 8
PER_THREAD = 5


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write transaction (one writer at a time), so there is no race to test; "
           "run with DATABASE_URL=postgres://... to exercise SELECT ... FOR UPDATE on the counter row",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_never_repeats_or_skips_a_number(jatinom_operator, domicile):
    def operator(_thread):
        for _ in range(PER_THREAD):
            issue_letter(jatinom_operator, domicile, domicile_values(), issued_on=datetime.date(2026, 5, 4))

    _, errors = run_together(THREADS, operator)  # all threads start issuing at the same instant

    assert errors == []
    total = THREADS * PER_THREAD
    seqs = sorted(Letter.objects.filter(letter_type=domicile).values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    numbers = set(Letter.objects.values_list("number", flat=True))
    assert len(numbers) == total
    assert LetterCounter.objects.get(letter_type=domicile, year=2026).last_seq == total


@pytest.mark.skipif(connection.vendor != "postgresql", reason="see above: needs concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_letters_of_the_year_create_one_counter(jatinom_operator, domicile):
    """The counter row does not exist yet: concurrent first issues race to create it."""
    _, errors = run_together(4, lambda _: issue_letter(jatinom_operator, domicile, domicile_values(),
                                                       issued_on=datetime.date(2027, 1, 4)))
    assert errors == []
    assert sorted(Letter.objects.filter(year=2027).values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert LetterCounter.objects.filter(letter_type=domicile, year=2027).count() == 1
