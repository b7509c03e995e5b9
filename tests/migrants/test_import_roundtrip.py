"""Spreadsheets that round-trip: the register exported, edited in a spreadsheet program and imported again
updates exactly the edited rows; an unchanged file updates nothing. NIKs stay masked for roles that may not
reveal them, and those rows are matched by the record's ID column."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from migrants import imports
from migrants.models import Placement
from people.models import Person

from .conftest import JATINOM, make_nik
from .test_import import row, xlsx

THREE = (("0001", "Siti Aminah"), ("0002", "Rina Wati"), ("0003", "Dewi Lestari"))


@pytest.fixture
def volunteer(make_user):
    """A community volunteer of Jatinom: may import, may not see a whole NIK."""
    return make_user("relawan", (Role.COMMUNITY_VOLUNTEER, JATINOM))


def register_three(user):
    imports.commit(xlsx(*[row(nik=make_nik(serial=serial), nama=name, kontak_keluarga_nama="Sutrisno",
                              kontak_keluarga_hubungan="suami", kontak_keluarga_telepon="0813 1111 2222",
                              id_siskop2mi=f"SK-{serial}") for serial, name in THREE]), user)


def export(client_for, user, whole_nik=False):
    response = client_for(user).get("/pmi/", {"export": "xlsx", **({"nik_lengkap": "1"} if whole_nik else {})})
    assert response.status_code == 200
    return response.content


def edit(data, changes):
    """`changes`: {(sheet row, header): new value}, as a person would type them in Excel."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    header = [c.value for c in ws[1]]
    for (number, column), value in changes.items():
        ws.cell(row=number, column=header.index(column) + 1, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def history_counts():
    return (sum(p.history.count() for p in Person.objects.all()),
            sum(p.history.count() for p in Placement.objects.all()))


def row_of(data, name):
    ws = load_workbook(io.BytesIO(data)).active
    names = [c.value for c in ws["E"]]
    return names.index(name) + 1


@pytest.mark.parametrize("role,whole_nik", [("operator", True), ("operator", False), ("volunteer", True)])
def test_an_exported_register_edited_in_two_cells_updates_exactly_two_rows(role, whole_nik, agency, jatinom_operator,
                                                                           volunteer, client_for):
    user = jatinom_operator if role == "operator" else volunteer
    register_three(jatinom_operator)
    data = export(client_for, user, whole_nik)
    ws = load_workbook(io.BytesIO(data)).active
    niks = [c.value for c in ws["C"]][1:]
    if role == "operator" and whole_nik:
        assert sorted(niks) == sorted(make_nik(serial=s) for s, _n in THREE)  # asked for and allowed: whole NIKs
    else:
        assert all("*" in nik for nik in niks) and len(niks) == 3  # masked: matched by the ID column

    same = imports.validate(data, user, "penempatan.xlsx")
    assert (same.errors, same.file_errors) == ([], [])
    assert (same.rows_new, same.rows_changed, same.rows_unchanged) == (0, 0, 3)
    assert (same.people_create, same.people_update, same.placements_create, same.placements_update) == (0, 0, 0, 0)
    before = history_counts()
    done = imports.commit(same, user, "penempatan.xlsx")
    assert (done.people_update, done.placements_update) == (0, 0)
    assert history_counts() == before  # nothing written

    rina, dewi = row_of(data, "Rina Wati"), row_of(data, "Dewi Lestari")
    edited = edit(data, {(rina, "Telepon"): "0857 1234 5678", (dewi, "Nama pemberi kerja"): "Mrs Lee"})
    preview = imports.validate(edited, user, "penempatan.xlsx")
    assert (preview.errors, preview.file_errors) == ([], [])
    assert (preview.rows_new, preview.rows_changed, preview.rows_unchanged) == (0, 2, 1)
    assert {r["row"]: r["changed"] for r in preview.rows if r["change"] == "changed"} == {
        rina: ("Telepon",), dewi: ("Nama pemberi kerja",)}
    assert (preview.people_update, preview.placements_update) == (1, 1)
    done = imports.commit(preview, user, "penempatan.xlsx")
    assert (done.people_update, done.placements_update, done.people_create, done.placements_create) == (1, 1, 0, 0)
    assert history_counts() == (before[0] + 1, before[1] + 1)  # exactly the two edited records
    assert Person.objects.with_name("Rina Wati").get().phone == "+6285712345678"
    assert Placement.objects.get(person__in=Person.objects.with_name("Dewi Lestari")).employer_name == "Mrs Lee"
    assert Person.objects.with_nik(make_nik(serial="0002")).get().name == "Rina Wati"  # NIK untouched


def test_an_export_as_csv_reads_back_unchanged(agency, jatinom_operator, client_for):
    register_three(jatinom_operator)
    response = client_for(jatinom_operator).get("/pmi/", {"export": "csv"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffID penempatan;ID warga;NIK;")
    preview = imports.validate(response.content, jatinom_operator, "penempatan.csv")
    assert (preview.errors, preview.rows_unchanged, preview.rows_changed) == ([], 3, 0)


def test_a_masked_nik_without_an_id_column_is_named(agency, jatinom_operator):
    preview = imports.validate(xlsx(row(nik="3505**********01")), jatinom_operator)
    assert preview.errors == [(2, "NIK", "NIK tersamar (3505**********01): ketik NIK lengkap, atau sertakan kolom ID "
                                        "penempatan atau ID warga dari ekspor Payung agar baris ini dicocokkan dengan "
                                        "datanya.")]


def test_an_id_outside_the_users_scope_is_refused(agency, jatinom_operator, gogodeso_operator, client_for):
    register_three(jatinom_operator)
    data = export(client_for, jatinom_operator)
    preview = imports.validate(data, gogodeso_operator)
    assert {(col, msg.split(" ")[0]) for _r, col, msg in preview.errors} >= {("Kode desa", "Desa")}
    assert not preview.ok


def test_a_full_nik_that_is_not_the_ids_person_is_refused(agency, jatinom_operator, client_for):
    register_three(jatinom_operator)
    data = export(client_for, jatinom_operator)
    siti = row_of(data, "Siti Aminah")
    preview = imports.validate(edit(data, {(siti, "NIK"): make_nik(serial="0002")}), jatinom_operator)
    assert (siti, "NIK") in {(r, c) for r, c, _m in preview.errors}


def test_an_exported_people_list_re_imports_by_its_id_column(agency, jatinom_operator, volunteer, client_for):
    register_three(jatinom_operator)
    response = client_for(volunteer).get("/warga/", {"export": "xlsx", "nik_lengkap": "1"})
    data = response.content
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]][:4] == ["ID warga", "NIK", "No. KK", "Nama"]
    assert all("*" in c.value for c in ws["B"][1:])  # a volunteer never gets a whole NIK
    same = imports.validate(data, volunteer, "warga.xlsx")
    assert (same.errors, same.rows_unchanged, same.people_update) == ([], 3, 0)
    names = [c.value for c in ws["D"]]
    edited = edit(data, {(names.index("Siti Aminah") + 1, "Dusun"): "Krajan Lor"})
    preview = imports.validate(edited, volunteer, "warga.xlsx")
    assert [(r["change"], r["changed"]) for r in preview.rows if r["change"] != "unchanged"] == [
        ("changed", ("Dusun",))]
    done = imports.commit(preview, volunteer, "warga.xlsx")
    assert (done.people_update, done.placements_update, done.people_create) == (1, 0, 0)
    assert Person.objects.with_name("Siti Aminah").get().dusun == "Krajan Lor"


def test_a_whole_nik_export_is_audited_as_such(agency, jatinom_operator, client_for):
    from audit.models import Action, AuditEntry

    register_three(jatinom_operator)
    export(client_for, jatinom_operator, whole_nik=True)
    export(client_for, jatinom_operator)
    notes = [e.note for e in AuditEntry.objects.filter(action=Action.EXPORT).order_by("id")]
    assert notes[0].startswith("Daftar penempatan (NIK lengkap) — 3 baris (XLSX)")
    assert notes[1].startswith("Daftar penempatan — 3 baris (XLSX)")
