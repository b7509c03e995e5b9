"""Numbers are taken when the kepala desa signs: signing at the same instant (several heads' sessions, a double
click, a batch and a single signature together) never repeats or skips a number."""

import datetime

import pytest
from django.db import connection

from tests.helpers import run_together
from village_services.models import Letter, LetterCounter, LetterStatus
from village_services.services import check_letter, draft_letter, sign_letters

from .conftest import domicile_values

DAY = datetime.date(2026, 5, 4)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write transaction (one writer at a time), so there is no race to test; "
               "run with DATABASE_URL=postgres://... to exercise SELECT ... FOR UPDATE on the counter row"),
    pytest.mark.django_db(transaction=True),
]


def checked_letters(count, operator, secretary, domicile):
    letters = []
    for i in range(count):
        letter = draft_letter(operator, domicile, domicile_values(nama=f"Warga {i + 1}"))
        letters.append(check_letter(secretary, letter))
    return letters


def test_concurrent_signing_never_repeats_or_skips_a_number(jatinom_operator, jatinom_secretary, jatinom_head,
                                                             domicile):
    threads, per_thread = 8, 2
    letters = checked_letters(threads * per_thread, jatinom_operator, jatinom_secretary, domicile)

    def head(i):  # each session signs its own share, all starting at the same instant
        return sign_letters(jatinom_head, letters[i::threads], signed_on=DAY)

    results, errors = run_together(threads, head)

    assert errors == []
    assert all(o.ok for outcomes in results for o in outcomes)
    total = threads * per_thread
    assert sorted(Letter.objects.filter(letter_type=domicile).values_list("seq", flat=True)) == list(
        range(1, total + 1))
    assert Letter.objects.filter(status=LetterStatus.VALID).count() == total
    assert len(set(Letter.objects.values_list("number", flat=True))) == total
    assert LetterCounter.objects.get(letter_type=domicile, year=2026).last_seq == total


def test_the_same_letters_signed_from_several_clicks_at_once_take_one_number_each(jatinom_operator,
                                                                                  jatinom_secretary, jatinom_head,
                                                                                  domicile):
    letters = checked_letters(5, jatinom_operator, jatinom_secretary, domicile)
    results, errors = run_together(3, lambda _i: sign_letters(jatinom_head, letters, signed_on=DAY))
    assert errors == []
    assert all(o.ok for outcomes in results for o in outcomes)
    assert sorted(Letter.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert LetterCounter.objects.get(letter_type=domicile, year=2026).last_seq == 5
    assert Letter.objects.filter(status=LetterStatus.VALID).count() == 5


def test_concurrent_first_signatures_of_the_year_create_one_counter(jatinom_operator, jatinom_secretary,
                                                                     jatinom_head, domicile):
    """The counter row does not exist yet: concurrent first signatures race to create it."""
    letters = checked_letters(4, jatinom_operator, jatinom_secretary, domicile)
    _, errors = run_together(4, lambda i: sign_letters(jatinom_head, [letters[i]],
                                                       signed_on=datetime.date(2027, 1, 4)))
    assert errors == []
    assert sorted(Letter.objects.filter(year=2027).values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert LetterCounter.objects.filter(letter_type=domicile, year=2027).count() == 1
