"""core.blindindex's one search of a digest index: `has_digests` needs every digest and nothing matches no digest;
on PostgreSQL each digest index is read through the GIN index its app's migration built on the same expression."""

import pytest
from django.db import connection

from cases.models import Case
from core.blindindex import holds_digests, prefix_query
from migrants.models import Placement
from people.models import Person

pytestmark = pytest.mark.django_db


def test_has_digests_needs_every_digest_and_no_digest_matches_nothing(make_person):
    sri, other = make_person(name="Sri Wahyuni"), make_person(name="Sri Lestari")

    def found(*words):
        digests = prefix_query(words, "name")
        return sorted(Person.objects.filter(name_index__has_digests=digests).values_list("pk", flat=True))

    assert found("sri") == sorted([sri.pk, other.pk])
    assert (found("sri", "wahy"), found("les", "sri")) == ([sri.pk], [other.pk])
    assert found("wahy", "les") == []
    assert found() == []
    with pytest.raises(TypeError):
        Person.objects.filter(name_index__has_digests="0123456789abcdef")


def test_holds_digests_answers_as_has_digests_for_rows_in_memory(make_person):
    people = [make_person(name="Sri Wahyuni"), make_person(name="Sri Lestari"), make_person(name="Ab Wahyu")]
    indexes = dict(Person.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", "name_index"))
    searches = [("sri",), ("sri", "wahy"), ("les", "sri"), ("wahy", "les"), ("ab",), ("a",), ("wahyuni",),
                ("wahyunix",), ()]
    for words in searches:
        digests = prefix_query(words, "name")
        expected = set(Person.objects.filter(pk__in=list(indexes), name_index__has_digests=digests)
                       .values_list("pk", flat=True)) if digests else set()
        assert {pk for pk, index in indexes.items() if holds_digests(index, digests)} == expected, words
    assert [holds_digests(indexes[people[0].pk], prefix_query(["sri"], "name")), holds_digests("", ["0" * 16]),
            holds_digests(None, ["0" * 16])] == [True, False, False]
    with pytest.raises(TypeError):
        holds_digests(indexes[people[0].pk], "0123456789abcdef")


@pytest.mark.parametrize(("model", "field", "index"), [
    (Person, "name_index", "people_person_name_index_gin"),
    (Case, "name_index", "cases_case_name_index_gin"),
    (Placement, "employer_index", "migrants_placement_employer_index_gin"),
])
def test_on_postgresql_the_search_reads_the_gin_index(model, field, index):
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index is PostgreSQL's")
    queryset = model.objects.filter(**{f"{field}__has_digests": ["0123456789abcdef", "fedcba9876543210"]})
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # Any plan but the index is made too dear: the test tables are too small for the planner to want it.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
                       "SET LOCAL enable_indexonlyscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {index}" in plan
