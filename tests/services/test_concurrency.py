"""Two operators issuing at the same instant must get different, consecutive numbers."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection

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
    barrier = threading.Barrier(THREADS)
    errors = []

    def operator():
        try:
            barrier.wait()  # all threads start issuing at the same instant
            for _ in range(PER_THREAD):
                issue_letter(jatinom_operator, domicile, domicile_values(), issued_on=datetime.date(2026, 5, 4))
        except Exception as exc:  # collected and asserted below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=operator) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

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
    barrier = threading.Barrier(4)
    errors = []

    def operator():
        try:
            barrier.wait()
            issue_letter(jatinom_operator, domicile, domicile_values(), issued_on=datetime.date(2027, 1, 4))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=operator) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(Letter.objects.filter(year=2027).values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert LetterCounter.objects.filter(letter_type=domicile, year=2027).count() == 1
