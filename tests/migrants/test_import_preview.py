"""The preview of an import, kept between upload and confirmation: it commits what was checked, refuses a changed
or expired preview and another user's, and re-checks scope and references at commit."""

import pytest

from migrants import imports
from migrants.models import Status
from people.models import Person

from .conftest import JATINOM, make_nik
from .test_import import row, xlsx


def test_a_saved_preview_commits_what_was_checked_without_the_file(agency, jatinom_operator, tmp_path):
    path = tmp_path / "preview"
    imports.save_preview(imports.validate(xlsx(row()), jatinom_operator), path)
    assert make_nik().encode() not in path.read_bytes()  # the NIKs on disk are encrypted
    result = imports.commit(imports.load_preview(path), jatinom_operator, "a.xlsx")
    assert result.people_create == 1
    assert Person.objects.with_nik(make_nik()).get().placements.get().status == Status.WORKING


def test_a_changed_preview_file_is_refused(jatinom_operator, agency, tmp_path):
    path = tmp_path / "preview"
    imports.save_preview(imports.validate(xlsx(row()), jatinom_operator), path)
    data = bytearray(path.read_bytes())
    data[40] = ord("A") if data[40] != ord("A") else ord("B")
    path.write_bytes(bytes(data))
    with pytest.raises(imports.PreviewExpired):
        imports.load_preview(path)


def test_a_preview_kept_by_an_earlier_version_of_the_importer_is_refused_as_expired(tmp_path):
    import zlib

    from core.crypto import fernet

    path = tmp_path / "preview"
    path.write_bytes(fernet().encrypt(zlib.compress(b"cmigrants.importer\nPreview\n.")))  # the module before
    with pytest.raises(imports.PreviewExpired):
        imports.load_preview(path)


def test_a_preview_is_committed_only_by_the_user_who_made_it(agency, jatinom_operator, gogodeso_operator):
    preview = imports.validate(xlsx(row()), jatinom_operator)
    with pytest.raises(imports.PreviewExpired):
        imports.commit(preview, gogodeso_operator)
    assert not Person.objects.exists()


def test_the_commit_rechecks_the_scope_the_user_lost_after_the_preview(agency, jatinom_operator):
    from accounts.models import Membership

    preview = imports.validate(xlsx(row()), jatinom_operator)
    Membership.objects.filter(user=jatinom_operator).delete()
    user = type(jatinom_operator).objects.get(pk=jatinom_operator.pk)  # the next request's user
    with pytest.raises(imports.ImportRefused) as exc:
        imports.commit(preview, user)
    assert exc.value.preview.errors == [(2, "Kode desa", f"Desa {JATINOM} di luar wilayah kerja Anda.")]
    assert not Person.objects.exists()


def test_the_commit_refuses_an_agency_deleted_after_the_preview(agency, jatinom_operator):
    preview = imports.validate(xlsx(row()), jatinom_operator)
    agency.delete()
    with pytest.raises(imports.ImportRefused) as exc:
        imports.commit(preview, jatinom_operator)
    assert exc.value.preview.errors == [
        (2, "P3MI", "P3MI ini sudah dihapus dari daftar sejak pratinjau. Unggah ulang berkasnya.")]


def test_a_person_registered_between_preview_and_commit_is_updated_not_duplicated(make_person, agency,
                                                                                   jatinom_operator):
    preview = imports.validate(xlsx(row(nama="Siti Aminah")), jatinom_operator)
    assert preview.people_create == 1
    make_person(nik=make_nik(), name="Siti")
    imports.commit(preview, jatinom_operator)
    person = Person.objects.get()
    assert (person.name, person.placements.count()) == ("Siti Aminah", 1)


def test_a_preview_whose_rows_have_the_earlier_row_layout_is_refused_as_expired(tmp_path):
    import pickle
    import zlib

    from core.crypto import fernet
    from migrants.imports.columns import ROW_KEYS, Row

    class EarlierRow:  # a Row pickled before the ID, change and reading slots existed
        def __reduce__(self):
            return object.__new__, (Row,), (None,) * (len(ROW_KEYS) - 6)

    path = tmp_path / "preview"
    path.write_bytes(fernet().encrypt(zlib.compress(pickle.dumps(imports.Preview(rows=[EarlierRow()])))))
    with pytest.raises(imports.PreviewExpired):
        imports.load_preview(path)
