"""Keyed hashes and blind indexes: finding a sealed value without decrypting it (issue 19 point 3).

Exact lookup and uniqueness use a keyed hash (HMAC-SHA256 with settings.FIELD_HASH_KEY): without that key the hash
cannot be brute-forced over the small NIK space. Re-exported by core.crypto (the one kit)."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


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
