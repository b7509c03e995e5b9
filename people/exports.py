"""The person columns of registry exports, written so that the file can be edited and imported again
(migrants.imports reads these headers): Indonesian headers, codes as their labels, dates as dates, and the
record's ID. The NIK and KK are masked (re-imported by the ID column) unless the export asks for them whole
(`?nik_lengkap=1`, REVEAL_PARAM) and the user may reveal them in that village (people.reveal_nik): a deliberate,
audited choice like the reveal button, never the default."""

from accounts.permissions import has_perm
from core.formatting import mask_nik

# (key, header): the headers the import template uses for a person (migrants.imports.columns.TITLES).
PERSON_TITLES = {
    "nik": "NIK", "kk": "No. KK", "name": "Nama", "sex": "Jenis kelamin", "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir", "village": "Kode desa", "dusun": "Dusun", "rt": "RT", "rw": "RW",
    "address": "Alamat", "phone": "Telepon", "marital_status": "Status perkawinan", "education": "Pendidikan",
}
PERSON_EXPORT_KEYS = ("nik", "kk", "name", "sex", "birth_place", "birth_date", "village", "village_name", "dusun",
                      "rt", "rw", "address", "phone", "marital_status", "education")
VILLAGE_NAME_TITLE = "Desa"  # shown beside the code; not read back
REVEAL_PARAM = "nik_lengkap"  # ?nik_lengkap=1: whole NIKs and KKs where the user may reveal them


def person_headers():
    return [VILLAGE_NAME_TITLE if key == "village_name" else PERSON_TITLES[key] for key in PERSON_EXPORT_KEYS]


def wants_whole_nik(request):
    return request.GET.get(REVEAL_PARAM) == "1"


def reveal_checker(user, wanted=False):
    """`village code -> bool`: whether the export shows whole NIKs of that village: asked for (`wanted`) and
    allowed there (asked once per village)."""
    answers = {}

    def check(code):
        if not wanted:
            return False
        if code not in answers:
            answers[code] = has_perm(user, "people.reveal_nik", code)
        return answers[code]

    return check


def person_cells(person, reveal):
    """The person's cells in PERSON_EXPORT_KEYS order; `reveal` is the answer of `reveal_checker`."""
    whole = reveal(person.village_id)
    return [person.nik if whole else person.masked_nik, (person.kk if whole else mask_nik(person.kk)) if person.kk
            else "", person.name, person.get_sex_display(), person.birth_place, person.birth_date, person.village_id,
            person.village.name, person.dusun, person.rt, person.rw, person.address, person.phone,
            person.get_marital_status_display(), person.get_education_display() if person.education else ""]
