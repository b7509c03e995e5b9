import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Action, AuditEntry
from village_services import placeholders
from village_services.models import Letter, LetterCounter, LetterStatus, LetterType
from village_services.services import (
    draft_letter,
    find_letter_by_code,
    mask_name,
    revoke_letter,
    save_letter_type,
    update_letterhead,
)

from .conftest import NIK, domicile_values, family_values


def test_template_with_unknown_placeholder_is_refused_naming_it(jatinom_operator, domicile):
    domicile.body = "Nama {nama}, tujuan {negara_tujuan}, agen {Agen}."
    with pytest.raises(ValidationError) as exc:
        save_letter_type(jatinom_operator, domicile)
    assert exc.value.message_dict["body"] == [
        "Isian tidak dikenal: {negara_tujuan}, {Agen}. Perbaiki ejaannya atau pilih dari daftar isian."
    ]
    domicile.refresh_from_db()
    assert "{negara_tujuan}" not in domicile.body


def test_template_with_unpaired_brace_is_refused(jatinom_operator, domicile):
    domicile.body = "Nama {nama"
    with pytest.raises(ValidationError) as exc:
        save_letter_type(jatinom_operator, domicile)
    assert "body" in exc.value.message_dict


@pytest.mark.parametrize(("pattern", "message"), [
    ("474/{seq}/2026", "Pola nomor wajib memuat {year}, karena nomor urut dimulai lagi setiap tahun."),
    ("474/{year}", "Pola nomor wajib memuat {seq} (nomor urut)."),
])
def test_number_pattern_without_seq_or_year_is_refused(jatinom_operator, domicile, pattern, message):
    domicile.number_pattern = pattern
    with pytest.raises(ValidationError) as exc:
        save_letter_type(jatinom_operator, domicile)
    assert exc.value.message_dict["number_pattern"] == [message]


def test_number_pattern_with_unknown_token_is_refused_naming_it():
    assert placeholders.number_pattern_errors("474/{seq}/{tahun}/{year}") == [
        "Isian tidak dikenal pada pola nomor: {tahun}. Yang dapat dipakai: {month}, {roman_month}, {seq}, "
        "{type_code}, {village_code}, {year}."
    ]


def test_letters_are_numbered_consecutively_per_type_and_year(issue, family_permission):
    first, second = issue(), issue()
    other_type = issue(family_permission, family_values())
    next_year = issue(issued_on=datetime.date(2027, 1, 4))
    assert [first.number, second.number] == ["470/001/SKD/35.05.10.2002/2026", "470/002/SKD/35.05.10.2002/2026"]
    assert other_type.number == "560/001/SIK/35.05.10.2002/2026"
    assert next_year.number == "470/001/SKD/35.05.10.2002/2027"
    assert LetterCounter.objects.get(letter_type=first.letter_type, year=2026).last_seq == 2


def test_two_types_with_one_pattern_are_refused(jatinom_operator, domicile, family_permission):
    domicile.number_pattern = family_permission.number_pattern
    with pytest.raises(ValidationError) as exc:
        save_letter_type(jatinom_operator, domicile)
    assert exc.value.message_dict["number_pattern"][0].startswith(
        'Pola nomor ini sudah dipakai jenis surat "Surat izin keluarga diketahui kepala desa".')


def test_pattern_with_month_and_type_code(jatinom_operator, issue, domicile):
    domicile.number_pattern = "470/{seq}/{type_code}/{roman_month}/{year}"
    save_letter_type(jatinom_operator, domicile)
    assert issue(issued_on=datetime.date(2026, 11, 9)).number == "470/001/domisili/XI/2026"


def test_failed_issue_does_not_use_a_number(issue):
    with pytest.raises(ValidationError) as exc:
        issue(values=domicile_values(alamat="", nik="1234"))
    assert set(exc.value.message_dict) == {"alamat", "nik"}
    assert issue().seq == 1


def test_issued_letter_is_a_snapshot_unchanged_by_later_edits(jatinom_operator, issue, domicile):
    letter = issue()
    domicile.body = "Teks baru untuk {nama}."
    save_letter_type(jatinom_operator, domicile)
    update_letterhead(jatinom_operator, domicile.village_id, government_lines="PEMERINTAH BARU", address="Jl. Baru")
    letter = Letter.objects.get(pk=letter.pk)
    assert "berdomisili di alamat tersebut di atas, Desa Jatinom, Kecamatan Kanigoro." in letter.body
    assert f"NIK                  : {NIK}" in letter.body
    assert letter.signer_name == "Suprapto" and letter.holder_name == "Siti Aminah"
    assert letter.letterhead.government_lines == "PEMERINTAH KABUPATEN BLITAR\nKECAMATAN KANIGORO\nDESA JATINOM"
    assert issue().letterhead.government_lines == "PEMERINTAH BARU"


def test_letter_text_and_nik_are_encrypted_at_rest(issue):
    from django.db import connection

    letter = issue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, \"values\" FROM services_letter WHERE id = %s", [letter.pk])
        body, values = cursor.fetchone()
    assert NIK not in body and NIK not in values and "Siti" not in body
    assert Letter.objects.get(pk=letter.pk).values["nik"] == NIK


def test_creating_a_letter_is_audited_without_its_text(issue):
    letter = issue()
    entry = AuditEntry.objects.get(object_type="services.letter", object_id=str(letter.pk), action=Action.CREATE)
    assert entry.changes["body"] == {"changed": True} and entry.changes["values"] == {"changed": True}
    assert NIK not in str(entry.changes)


def test_operator_of_another_village_cannot_issue(gogodeso_operator, domicile):
    with pytest.raises(PermissionDenied):
        draft_letter(gogodeso_operator, domicile, domicile_values())
    assert not Letter.objects.exists()


def test_district_officer_reads_but_cannot_issue(blitar_officer, domicile):
    with pytest.raises(PermissionDenied):
        draft_letter(blitar_officer, domicile, domicile_values())


def test_revocation_needs_a_reason_and_is_audited(jatinom_operator, issue):
    letter = issue()
    with pytest.raises(ValidationError) as exc:
        revoke_letter(jatinom_operator, letter, "  ")
    assert exc.value.message_dict == {"reason": ["Tuliskan alasan pencabutan (minimal 10 huruf)."]}
    revoke_letter(jatinom_operator, letter, "Data tujuan keliru, diganti surat baru")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REVOKED and letter.revoked_by == jatinom_operator
    entry = AuditEntry.objects.filter(object_type="services.letter", object_id=str(letter.pk),
                                      action=Action.TRANSITION).latest("id")
    # The note is sealed under the letter's data key (it names no registered person): opened, not searched.
    assert (entry.note, entry.changes["status"]) == ("Data tujuan keliru, diganti surat baru", ["valid", "revoked"])


def test_revoked_number_is_not_reused(jatinom_operator, issue):
    revoke_letter(jatinom_operator, issue(), "Salah ketik nama pemegang")
    assert issue().seq == 2


def test_letter_cannot_be_revoked_twice(jatinom_operator, issue):
    letter = revoke_letter(jatinom_operator, issue(), "Salah ketik nama pemegang")
    with pytest.raises(ValidationError):
        revoke_letter(jatinom_operator, letter, "Salah ketik nama pemegang")


def test_operator_of_another_village_cannot_revoke(gogodeso_operator, issue):
    letter = issue()
    with pytest.raises(PermissionDenied):
        revoke_letter(gogodeso_operator, letter, "Saya bukan operator desa ini")


@pytest.mark.parametrize("mangle", [
    lambda c: c[:-1] + ("0" if c[-1] != "0" else "1"),  # one character altered
    lambda c: c[:-1],  # truncated
    lambda c: c + "A",  # extended
    lambda c: "'; DROP TABLE x; --",
    lambda c: "<script>alert(1)</script>",
    lambda c: "",
])
def test_altered_or_forged_code_finds_nothing(issue, mangle):
    letter = issue()
    assert find_letter_by_code(mangle(letter.verification_code)) is None


def test_code_is_found_however_it_is_typed(issue):
    letter = issue()
    code = letter.verification_code
    typed = "-".join(code[i:i + 4] for i in range(0, 12, 4)).lower().replace("0", "o").replace("1", "l")
    assert find_letter_by_code(typed) == letter


def test_verification_codes_are_random_and_distinct(issue):
    codes = {issue().verification_code for _ in range(20)}
    assert len(codes) == 20 and all(len(c) == 12 for c in codes)


def test_mask_name_keeps_only_initials():
    assert mask_name("Siti Aminah") == "Si** Am****"
    assert mask_name("Ani binti Ahmad") == "A** bi*** Ah***"


def test_family_permission_needs_the_family_member(issue, family_permission):
    with pytest.raises(ValidationError) as exc:
        issue(family_permission, domicile_values(tujuan="Taiwan", p3mi="PT X"))
    assert set(exc.value.message_dict) == {"nama_keluarga", "nik_keluarga", "hubungan_keluarga"}


def test_inactive_letter_type_cannot_issue(issue, domicile):
    LetterType.objects.filter(pk=domicile.pk).update(is_active=False)
    domicile.refresh_from_db()
    with pytest.raises(ValidationError):
        issue(domicile)
