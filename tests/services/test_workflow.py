"""Letters as a village signs them (issue 22.2): draft (operator) -> checked (sekretaris desa) -> signed (kepala
desa, who takes the number and whose name and position are printed) -> issued (the signature provider's hash kept),
or back with a note; a letter that states a placement status only while the placement is in it."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from audit.models import Action, AuditEntry
from tests.conftest import JATINOM
from tests.factories import PlacementRowFactory
from village_services.models import Letter, LetterCounter, LetterSignature, LetterStatus, LetterType
from village_services.services import (
    check_letter,
    draft_letter,
    find_letter_by_code,
    return_letter,
    revise_letter,
    sign_letter,
    sign_letters,
    signed_pdf,
)

from .conftest import domicile_values

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def draft(jatinom_operator, domicile):
    return draft_letter(jatinom_operator, domicile, domicile_values())


def test_a_draft_has_no_number_and_cannot_be_verified(draft):
    assert (draft.status, draft.number, draft.seq, draft.issued_on) == (LetterStatus.DRAFT, None, None, None)
    assert not LetterCounter.objects.exists()
    assert find_letter_by_code(draft.verification_code) is None


def test_the_letter_moves_draft_checked_signed_issued(draft, jatinom_secretary, jatinom_head):
    checked = check_letter(jatinom_secretary, draft)
    assert (checked.status, checked.checked_by, checked.number) == (LetterStatus.CHECKED, jatinom_secretary, None)
    letter = sign_letter(jatinom_head, checked, signed_on=DAY)
    assert letter.status == LetterStatus.VALID
    assert (letter.number, letter.seq, letter.issued_on) == ("470/001/SKD/35.05.10.2002/2026", 1, DAY)
    assert (letter.signed_by, letter.signer_name, letter.signer_title) == (jatinom_head, "Suprapto", "Kepala Desa")
    assert "Yang bertanda tangan di bawah ini Kepala Desa Jatinom, Kecamatan Kanigoro" in letter.body
    assert find_letter_by_code(letter.verification_code) == letter
    transitions = AuditEntry.objects.filter(object_type="services.letter", object_id=str(letter.pk),
                                            action=Action.TRANSITION).order_by("pk")
    assert [e.changes["status"] for e in transitions] == [["draft", "checked"], ["checked", "signed"],
                                                          ["signed", "valid"]]


def test_the_signers_name_and_position_on_the_pdf_come_from_who_signed(draft, jatinom_secretary, make_user):
    from village_services.pdf import letter_html

    acting_head = make_user("kades.plt", (Role.VILLAGE_HEAD, JATINOM), full_name="Drs. Bambang Sutrisno")
    letter = sign_letter(acting_head, check_letter(jatinom_secretary, draft), signed_on=DAY)
    html = letter_html(letter)
    assert "Kepala Desa Jatinom" in html and "Drs. Bambang Sutrisno" in html
    assert letter.signer_name == "Drs. Bambang Sutrisno"


def test_the_issued_pdf_is_the_one_whose_hash_was_recorded(client_for, jatinom_operator, issue):
    letter = issue()
    row = LetterSignature.objects.get(letter=letter)
    response = client_for(jatinom_operator).get(f"/layanan/surat/{letter.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert hashlib.sha256(response.content).hexdigest() == row.pdf_sha256
    assert response.content == signed_pdf(letter)
    assert (row.provider, row.signature, row.key_id) == ("hash", "", "")


def test_each_step_belongs_to_its_role(draft, jatinom_operator, jatinom_secretary, jatinom_head, make_user):
    with pytest.raises(PermissionDenied):
        check_letter(jatinom_operator, draft)
    with pytest.raises(PermissionDenied):
        check_letter(jatinom_head, draft)
    check_letter(jatinom_secretary, draft)
    for not_the_head in (jatinom_operator, jatinom_secretary, make_user("admin.j", (Role.SYSTEM_ADMIN, JATINOM))):
        with pytest.raises(PermissionDenied):
            sign_letter(not_the_head, draft)
    assert Letter.objects.get(pk=draft.pk).status == LetterStatus.CHECKED
    assert not LetterCounter.objects.exists()


def test_a_superuser_is_not_a_kepala_desa(draft, jatinom_secretary, make_user):
    root = make_user("root", is_superuser=True, full_name="Root")
    check_letter(jatinom_secretary, draft)
    with pytest.raises(PermissionDenied) as exc:
        sign_letter(root, draft)
    assert str(exc.value) == "Hanya kepala desa Jatinom yang dapat menandatangani surat desa ini."


def test_a_head_of_another_village_cannot_sign(draft, jatinom_secretary, gogodeso_officials):
    check_letter(jatinom_secretary, draft)
    with pytest.raises(PermissionDenied):
        sign_letter(gogodeso_officials[1], draft)


def test_a_head_without_a_full_name_is_asked_for_it(draft, jatinom_secretary, make_user):
    nameless = make_user("kades.tanpanama", (Role.VILLAGE_HEAD, JATINOM), full_name="")
    check_letter(jatinom_secretary, draft)
    with pytest.raises(ValidationError) as exc:
        sign_letter(nameless, draft)
    assert list(exc.value.message_dict) == ["signer"]
    assert not LetterCounter.objects.exists()


def test_back_with_a_note_then_revised_and_checked_again(draft, jatinom_operator, jatinom_secretary, jatinom_head):
    with pytest.raises(ValidationError) as exc:
        return_letter(jatinom_secretary, draft, "  ")
    assert list(exc.value.message_dict) == ["note"]
    returned = return_letter(jatinom_secretary, draft, "Alamat belum lengkap: tulis RT/RW")
    assert (returned.status, returned.return_note, returned.returned_by) == (
        LetterStatus.RETURNED, "Alamat belum lengkap: tulis RT/RW", jatinom_secretary)
    with pytest.raises(ValidationError):
        check_letter(jatinom_secretary, returned)
    revised = revise_letter(jatinom_operator, returned, domicile_values(alamat="RT 03 RW 01 Jatinom"))
    assert revised.status == LetterStatus.DRAFT and "RT 03 RW 01 Jatinom" in revised.body
    checked = check_letter(jatinom_secretary, revised)
    back = return_letter(jatinom_head, checked, "Tujuan surat kurang jelas")
    assert (back.status, back.checked_by) == (LetterStatus.RETURNED, None)
    with pytest.raises(PermissionDenied):
        return_letter(jatinom_operator, revise_letter(jatinom_operator, back, domicile_values()), "Saya operator")


def test_a_signed_letter_cannot_be_revised_or_returned(issue, jatinom_operator, jatinom_head):
    letter = issue()
    with pytest.raises(ValidationError):
        revise_letter(jatinom_operator, letter, domicile_values(nama="Orang Lain"))
    with pytest.raises(ValidationError):
        return_letter(jatinom_head, letter, "Terlambat dikembalikan")


def test_the_head_signs_several_at_once_in_order_and_a_refused_one_takes_no_number(
        jatinom_operator, jatinom_secretary, jatinom_head, domicile):
    letters = [draft_letter(jatinom_operator, domicile, domicile_values(nama=f"Warga {i}")) for i in range(4)]
    for letter in letters[:3]:
        check_letter(jatinom_secretary, letter)
    outcomes = sign_letters(jatinom_head, [letters[0], letters[3], letters[1], letters[2]], signed_on=DAY)
    assert [(o.letter.holder_name, o.ok) for o in outcomes] == [("Warga 0", True), ("Warga 3", False),
                                                                ("Warga 1", True), ("Warga 2", True)]
    assert outcomes[1].message == 'Surat "Warga 3" belum diperiksa sekretaris desa (status: Konsep).'
    assert [o.letter.seq for o in outcomes if o.ok] == [1, 2, 3]
    assert LetterCounter.objects.get(letter_type=domicile, year=2026).last_seq == 3
    again = sign_letters(jatinom_head, [letters[0]], signed_on=DAY)  # a second click
    assert (again[0].ok, again[0].letter.seq) == (True, 1)


def test_the_heads_queue_signs_the_chosen_letters(client_for, jatinom_operator, jatinom_secretary, jatinom_head,
                                                  domicile):
    letters = [check_letter(jatinom_secretary, draft_letter(jatinom_operator, domicile, domicile_values(
        nama=f"Warga {i}"))) for i in range(3)]
    client = client_for(jatinom_head)
    page = client.get("/layanan/surat/tanda-tangan/")
    assert page.status_code == 200 and "Warga 2" in page.content.decode()
    response = client.post("/layanan/surat/tanda-tangan/", {"letters": [letters[0].pk, letters[2].pk]})
    assert response.status_code == 302
    statuses = dict(Letter.objects.values_list("holder_name", "status"))
    assert statuses == {"Warga 0": "valid", "Warga 1": "checked", "Warga 2": "valid"}
    assert client.post("/layanan/surat/tanda-tangan/", {}).status_code == 400
    assert client_for(jatinom_operator).get("/layanan/surat/tanda-tangan/").status_code == 403


def test_check_and_return_from_the_letter_page(client_for, draft, jatinom_secretary):
    client = client_for(jatinom_secretary)
    page = client.get(f"/layanan/surat/{draft.pk}/").content.decode()
    assert 'data-testid="check"' in page and 'data-testid="return"' in page and 'data-testid="sign"' not in page
    assert client.post(f"/layanan/surat/{draft.pk}/kembalikan/", {"note": ""}).status_code == 302
    assert Letter.objects.get(pk=draft.pk).status == LetterStatus.DRAFT  # refused: no note
    client.post(f"/layanan/surat/{draft.pk}/kembalikan/", {"note": "NIK keliru satu angka"})
    assert Letter.objects.get(pk=draft.pk).status == LetterStatus.RETURNED


def test_a_draft_pdf_is_marked_and_carries_no_qr(draft):
    from village_services.pdf import letter_html

    html = letter_html(draft)
    assert "KONSEP — BELUM DITANDATANGANI" in html and "(diberikan saat ditandatangani)" in html
    assert "Kode verifikasi" not in html


# --- Placement status stated by the letter -------------------------------------------------------------------------


@pytest.fixture
def cpmi(jatinom_catalogue):
    return LetterType.objects.get(village=jatinom_catalogue, code="keterangan-cpmi")


def cpmi_values():
    return domicile_values(tujuan="Hong Kong", p3mi="PT Contoh Jasa Penempatan",
                           jabatan_kerja="Penata laksana rumah tangga")


def test_a_calon_pmi_letter_is_refused_for_a_returned_worker(jatinom_operator, cpmi, person):
    returned = PlacementRowFactory(person=person, destination_country="HK", status="returned")
    with pytest.raises(ValidationError) as exc:
        draft_letter(jatinom_operator, cpmi, cpmi_values(), person=person, placement=returned)
    assert exc.value.message_dict == {"placement": [
        'Surat "Surat keterangan calon PMI" menyatakan warga berstatus "Calon PMI (belum berangkat)", tetapi '
        'penempatannya kini berstatus "Pulang". Surat ini tidak dapat diterbitkan; perbarui status penempatan atau '
        "pilih jenis surat lain."]}
    assert not Letter.objects.exists()


def test_a_letter_stating_a_status_needs_a_placement(jatinom_operator, cpmi):
    with pytest.raises(ValidationError) as exc:
        draft_letter(jatinom_operator, cpmi, cpmi_values())
    assert list(exc.value.message_dict) == ["placement"]


def test_a_placement_that_changed_after_the_check_stops_the_signature(jatinom_operator, jatinom_secretary,
                                                                      jatinom_head, cpmi, person):
    placement = PlacementRowFactory(person=person, destination_country="HK", status="ready")
    letter = check_letter(jatinom_secretary, draft_letter(jatinom_operator, cpmi, cpmi_values(), person=person,
                                                          placement=placement))
    placement.status = "departed"
    placement.save()
    [outcome] = sign_letters(jatinom_head, [letter], signed_on=DAY)
    assert not outcome.ok and 'penempatannya kini berstatus "Berangkat"' in outcome.message
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.CHECKED
    assert not LetterCounter.objects.filter(last_seq__gt=0).exists()
    placement.status = "ready"
    placement.save()
    assert sign_letter(jatinom_head, letter, signed_on=DAY).number == "560/001/SKCPMI/35.05.10.2002/2026"


def test_a_returnee_letter_is_issued_for_a_returned_worker(jatinom_operator, jatinom_secretary, jatinom_head,
                                                           jatinom_catalogue, person):
    purna = LetterType.objects.get(village=jatinom_catalogue, code="keterangan-purna")
    placement = PlacementRowFactory(person=person, destination_country="HK", status="returnee")
    letter = draft_letter(jatinom_operator, purna, domicile_values(tujuan="Hong Kong", tanggal_pulang="3 Januari 2026"),
                          person=person, placement=placement)
    assert sign_letter(jatinom_head, check_letter(jatinom_secretary, letter), signed_on=DAY).is_valid
