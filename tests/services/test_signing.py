"""The electronic-signature step (village_services.signing): a pluggable provider signs the issued letter's PDF and
the letter keeps the PDF, its SHA-256 and the signature. The local-key provider's signature verifies against the
village's public key; a provider that cannot sign leaves the letter signed and numbered, to be issued later."""

import base64
import hashlib

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from village_services import signing
from village_services.models import LetterSignature, LetterStatus
from village_services.services import check_letter, draft_letter, issue_signed_letter, sign_letter

from .conftest import domicile_values


@pytest.fixture
def local_key(tmp_path, settings):
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "letters.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    settings.LETTER_SIGNATURE_PROVIDER = "village_services.signing.LocalKeyProvider"
    settings.LETTER_SIGNING_KEY_FILE = str(path)
    return key.public_key()


def test_the_local_key_signature_verifies_against_the_public_key(local_key, issue):
    letter = issue()
    row = LetterSignature.objects.get(letter=letter)
    pdf, signature = base64.b64decode(row.pdf), base64.b64decode(row.signature)
    assert row.provider == "local-key" and pdf.startswith(b"%PDF")
    assert row.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert row.key_id == signing.key_fingerprint(local_key)
    local_key.verify(signature, pdf)  # raises InvalidSignature if it does not verify
    with pytest.raises(InvalidSignature):
        local_key.verify(signature, pdf + b"\n% appended after signing")
    assert signing.check(row)


def test_a_kept_pdf_altered_afterwards_no_longer_checks(local_key, issue):
    row = LetterSignature.objects.get(letter=issue())
    pdf = base64.b64decode(row.pdf)
    row.pdf = base64.b64encode(pdf[:-10] + b"%%EOF tamp").decode()
    assert not signing.check(row)


def test_the_pdf_text_is_encrypted_at_rest(local_key, issue):
    from django.db import connection

    letter = issue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pdf FROM services_lettersignature WHERE letter_id = %s", [letter.pk])
        (stored,) = cursor.fetchone()
    assert not stored.startswith("JVBER")  # base64 of "%PDF": the PDF is not stored readable


def test_an_unavailable_provider_leaves_the_letter_signed_with_its_number(settings, jatinom_operator,
                                                                          jatinom_secretary, jatinom_head, domicile,
                                                                          local_key, tmp_path, client_for):
    settings.LETTER_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    letter = check_letter(jatinom_secretary, draft_letter(jatinom_operator, domicile, domicile_values()))
    letter = sign_letter(jatinom_head, letter)
    assert (letter.status, letter.seq) == (LetterStatus.SIGNED, 1)
    assert letter.issue_error == "Kunci tanda tangan desa tidak dapat dibaca: FileNotFoundError."
    assert not LetterSignature.objects.exists()
    page = client_for(jatinom_operator).get(f"/layanan/surat/{letter.pk}/").content.decode()
    assert 'data-testid="finish"' in page
    settings.LETTER_SIGNING_KEY_FILE = str(tmp_path / "letters.pem")
    response = client_for(jatinom_operator).post(f"/layanan/surat/{letter.pk}/terbitkan/")
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.seq, letter.issued_by) == (LetterStatus.VALID, 1, jatinom_operator)
    assert issue_signed_letter(jatinom_operator, letter).pk == letter.pk  # again: nothing more happens
    assert LetterSignature.objects.count() == 1
