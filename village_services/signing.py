"""Electronic signature of issued letters: a pluggable provider signs the letter's PDF, and the letter keeps the
signed PDF, its SHA-256 and the provider's signature (models.LetterSignature).

A provider is a class with a `name`, `sign(pdf, letter=...) -> SignedPdf` and `verify(pdf, signature, key_id)`;
settings.LETTER_SIGNATURE_PROVIDER names it by dotted path. A real one (BSrE's TTE, a certified PSrE) would
send the PDF out and return the PDF it embeds its signature in; none is reachable from here, so Payung ships:

- `HashOnlyProvider` (default): the village signs on paper; the hash records which PDF was printed.
- `LocalKeyProvider`: signs with the village office's own Ed25519 key (settings.LETTER_SIGNING_KEY_FILE, a
  PEM private key; `manage.py`-free: `openssl genpkey -algorithm ed25519 -out letters.pem`). The signature is
  detached: it covers the exact bytes kept, and anyone holding the public key can check it.

A provider that cannot sign raises `SignatureUnavailable`: the letter stays signed (numbered) and the step can be
tried again, so no number is lost.
"""

import base64
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_PROVIDER = "village_services.signing.HashOnlyProvider"


class SignatureUnavailable(Exception):
    """The provider could not sign now (unreachable, key missing); the message is shown to the user."""


@dataclass(frozen=True)
class SignedPdf:
    pdf: bytes  # the PDF as signed (a provider that embeds its signature returns new bytes)
    signature: bytes  # detached signature, empty when the provider embeds or only records
    key_id: str  # which key signed (a fingerprint), empty when none

    @property
    def sha256(self):
        return hashlib.sha256(self.pdf).hexdigest()


class SignatureProvider:
    """The interface. Subclasses set `name` and implement `sign` and `verify`."""

    name = ""

    def sign(self, pdf: bytes, *, letter) -> SignedPdf:
        raise NotImplementedError

    def verify(self, pdf: bytes, signature: bytes, key_id: str) -> bool:
        raise NotImplementedError


class HashOnlyProvider(SignatureProvider):
    name = "hash"

    def sign(self, pdf, *, letter):
        return SignedPdf(pdf=pdf, signature=b"", key_id="")

    def verify(self, pdf, signature, key_id):
        return True  # nothing but the hash to check (done by the caller)


def key_fingerprint(public_key):
    from cryptography.hazmat.primitives import serialization

    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:32]


class LocalKeyProvider(SignatureProvider):
    name = "local-key"

    def __init__(self, key_file=None):
        self.key_file = key_file or getattr(settings, "LETTER_SIGNING_KEY_FILE", "")

    def private_key(self):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        if not self.key_file:
            raise SignatureUnavailable("Kunci tanda tangan desa belum dipasang (LETTER_SIGNING_KEY_FILE).")
        try:
            with open(self.key_file, "rb") as handle:
                key = serialization.load_pem_private_key(handle.read(), password=None)
        except (OSError, ValueError) as exc:
            raise SignatureUnavailable(f"Kunci tanda tangan desa tidak dapat dibaca: {exc.__class__.__name__}.")
        if not isinstance(key, Ed25519PrivateKey):
            raise SignatureUnavailable("Kunci tanda tangan desa harus kunci Ed25519.")
        return key

    def public_key(self):
        return self.private_key().public_key()

    def sign(self, pdf, *, letter):
        key = self.private_key()
        return SignedPdf(pdf=pdf, signature=key.sign(pdf), key_id=key_fingerprint(key.public_key()))

    def verify(self, pdf, signature, key_id):
        from cryptography.exceptions import InvalidSignature

        public = self.public_key()
        if key_fingerprint(public) != key_id:
            return False
        try:
            public.verify(signature, pdf)
        except InvalidSignature:
            return False
        return True


def provider():
    return import_string(getattr(settings, "LETTER_SIGNATURE_PROVIDER", "") or DEFAULT_PROVIDER)()


def provider_named(name):
    """The configured provider when it has this name (a letter is checked by the provider that signed it)."""
    current = provider()
    if current.name == name:
        return current
    for path in (DEFAULT_PROVIDER, "village_services.signing.LocalKeyProvider"):
        candidate = import_string(path)
        if candidate.name == name:
            return candidate()
    return None


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode()


def decode(text: str) -> bytes:
    return base64.b64decode(text.encode())


def check(signature_row):
    """True when the kept PDF still has its recorded hash and the provider's signature verifies over it."""
    pdf = decode(signature_row.pdf)
    if hashlib.sha256(pdf).hexdigest() != signature_row.pdf_sha256:
        return False
    checker = provider_named(signature_row.provider)
    if checker is None:
        return False
    try:
        return checker.verify(pdf, decode(signature_row.signature), signature_row.key_id)
    except SignatureUnavailable:
        return False
