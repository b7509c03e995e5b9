"""Keyed hashes and blind indexes: finding a sealed value without decrypting it (issue 19 point 3).

Exact lookup and uniqueness use a keyed hash (HMAC-SHA256 with settings.FIELD_HASH_KEY): without that key the hash
cannot be brute-forced over the small NIK space. Re-exported by core.crypto (the one kit)."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import models


def keyed_hash(value: str) -> str:
    key = settings.FIELD_HASH_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is empty")
    return hmac.new(key.encode(), str(value).encode(), hashlib.sha256).hexdigest()


# --- Blind indexes: finding a sealed value without decrypting it (issue 19 point 3) ---------------------------------
#
# A sealed column cannot be searched, so what lookups need is kept beside it as keyed hashes (FIELD_HASH_KEY, never
# stored with the data): `blind_index` for exact matches of a normalised value (a phone number as +62…, an ID), and
# `prefix_digests` / `prefix_query` for "starts with" searches by word (CipherSweet-style): every prefix of three
# or more letters of every word is hashed, so typing the first letters of any word of a name finds it. Each kind of
# value gets its own domain ("phone:", "name:"), so equal texts of two kinds hash apart. Erasure blanks these
# columns; a backup taken before still holds them, and only the deployment's hash key can test guesses against them.

PREFIX_MIN = 3  # shorter words are indexed (and searched) whole
PREFIX_MAX = 20  # longer words are indexed by their first 20 letters
PREFIX_DIGEST_CHARS = 16  # 64 bits of each HMAC: no false match in practice, half the room


def blind_index(value: str, kind: str) -> str:
    """Exact-match keyed hash of an already normalised value ("" for no value)."""
    return keyed_hash(f"{kind}:{value}") if value else ""


def _prefix_digest(kind, text):
    return keyed_hash(f"{kind}~{text}")[:PREFIX_DIGEST_CHARS]


def prefix_digests(words, kind: str) -> str:
    """The stored index of normalised `words`: space-separated digests of every prefix (PREFIX_MIN..PREFIX_MAX
    letters) of every word, a short word as itself. Search it with `prefix_query`."""
    found = set()
    for word in words:
        if len(word) < PREFIX_MIN:
            found.add(_prefix_digest(kind, f"={word}"))
            continue
        found.update(_prefix_digest(kind, word[:n]) for n in range(PREFIX_MIN, min(len(word), PREFIX_MAX) + 1))
    return " ".join(sorted(found))


def prefix_query(words, kind: str) -> list[str]:
    """The digests a stored index must all hold for every word of a search to start a word of the value."""
    return [_prefix_digest(kind, f"={w}" if len(w) < PREFIX_MIN else w[:PREFIX_MAX]) for w in words if w]


# --- Searching a digest index: one lookup, one index --------------------------------------------------------------
#
# A `prefix_digests` column is searched with `field__has_digests=prefix_query(...)`: the rows whose index holds every
# digest. On PostgreSQL that is `string_to_array(col, ' ') @> ARRAY[...]::text[]`, answered by a GIN index on the
# same expression (`digest_index_operation`, one per column, created by the owning app's migration): a digest that
# no row holds costs one index probe instead of a LIKE '%…%' over every row. GIN over the split column rather than a
# digest→id token table: PostgreSQL keeps it current on every write path by itself (save(), core.bulk's COPY,
# erasure's UPDATE … FROM, migrations), the column stays the one source, and ANALYZE gives the planner each digest's
# frequency. Elsewhere (SQLite: tests and small installs) it is a LIKE per digest: small data, no index.

class DigestIndexField(models.TextField):
    """A column holding a `prefix_digests` index (space-separated digests): search it with `__has_digests`."""


@DigestIndexField.register_lookup
class HasDigests(models.Lookup):
    """`field__has_digests=[d1, d2]`: the index holds every digest (an empty list matches nothing)."""

    lookup_name = "has_digests"
    prepare_rhs = False

    def get_prep_lookup(self):
        if isinstance(self.rhs, str) or not all(isinstance(d, str) for d in self.rhs):
            raise TypeError("has_digests takes a list of digests (prefix_query)")
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        digests = self.rhs
        if not digests:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            # The expression must read exactly as the index's (digest_index_operation) for the planner to use it.
            # The LIKE of the first digest before it costs nothing after the index and spares splitting the column
            # of every row the condition is tested on one by one (a list read in its order: core.filters.any_of).
            return (f"({lhs} LIKE %s AND string_to_array({lhs}, ' ') @> %s::text[])",
                    [*lhs_params, f"%{digests[0]}%", *lhs_params, digests])
        # Digests are hexadecimal: nothing to escape, and one cannot straddle the separating space.
        return " AND ".join([f"{lhs} LIKE %s"] * len(digests)), [
            p for d in digests for p in (*lhs_params, f"%{d}%")]


def holds_digests(index, digests) -> bool:
    """`has_digests` for a row already in memory: the stored index `index` (a `prefix_digests` string, "" or None
    for none) holds every digest of `digests` (`prefix_query`); an empty list holds nothing, as the lookup matches
    nothing. For rows read anyway (e.g. the cases of a few villages) and tested against several searches at once,
    instead of one query per search."""
    if isinstance(digests, str):
        raise TypeError("holds_digests takes a list of digests (prefix_query)")
    if not digests or not index:
        return False
    held = set(index.split())
    return all(digest in held for digest in digests)


def digest_index_operation(table: str, column: str, name: str):
    """The migration operation giving `table.column` (a DigestIndexField) its GIN index on PostgreSQL (nothing
    elsewhere), built CONCURRENTLY through core.dbindexes (the migration must say `atomic = False`). ANALYZE then
    gives the planner the expression's statistics: how common each digest is."""
    from .dbindexes import concurrent_indexes

    return concurrent_indexes({name: f"{table} USING gin (string_to_array({column}, ' '))"}, analyze=[table])
