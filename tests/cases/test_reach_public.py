"""The public complaint form on a cheap phone (issue 17 points 1 and 7): the village found without JavaScript,
the tracking code and phone digits only by POST, and the code shown once."""

from django.urls import reverse

from cases.models import Case
from tests.cases.test_public import form_data, submit

SUKOREJO_SUTOJAYAN = "35.05.12.1007"
FORM = "/kasus/pengaduan/"


def test_village_search_button_without_javascript_offers_choices_and_keeps_the_form(client, regions):
    data = form_data(village="", village_q="Desa Sukorejo, Sutojayan", region_search="village", complainant_name="")
    response = client.post(FORM, data, REMOTE_ADDR="10.0.0.1")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'type="radio" name="village" value="{SUKOREJO_SUTOJAYAN}"' in body
    assert "Kelurahan Sukorejo, Kec. Sutojayan, Kab. Blitar" in body
    # Only the village asks for attention; what the family typed stays, nothing is saved.
    assert 'data-testid="error-village"' in body and 'data-testid="error-complainant_name"' not in body
    assert "Sri Wahyuni" in body
    assert Case.objects.count() == 0
    chosen = submit(client, village=SUKOREJO_SUTOJAYAN, village_q="Desa Sukorejo, Sutojayan")
    assert chosen.status_code == 302
    assert Case.objects.get().village_id == SUKOREJO_SUTOJAYAN


def test_village_search_button_with_an_unknown_name_says_how_to_fix_it(client, regions):
    response = client.post(FORM, form_data(village="", village_q="Xyzabc", region_search="village"))
    assert "Tidak ada wilayah dengan nama itu. Periksa ejaan" in response.content.decode()
    assert Case.objects.count() == 0


def test_picker_search_view_reads_the_fields_own_box(client, regions):
    response = client.get("/wilayah/cari/", {"field": "village", "village_q": "sukorejo sutojayan", "level": 4,
                                             "target": "id_village"})
    body = response.content.decode()
    assert body.count('class="btn btn-link p-0 text-start region-choice"') == 1
    assert f'data-code="{SUKOREJO_SUTOJAYAN}"' in body


def test_sent_page_shows_the_code_once_and_never_to_the_next_visitor(client, regions):
    response = submit(client)
    code = Case.objects.get().tracking_code
    first = client.get(response["Location"])
    assert code in first.content.decode() and first["Cache-Control"] == "no-store"
    again = client.get(response["Location"])
    assert again.status_code == 302 and again["Location"] == reverse("cases:public_form")


def test_tracking_takes_code_and_digits_by_post_only(client, regions):
    submit(client)
    case = Case.objects.get()
    by_url = client.get(reverse("cases:public_track"), {"code": case.tracking_code, "last4": "7890"})
    assert 'data-testid="tracked"' not in by_url.content.decode()
    page = client.get(reverse("cases:public_track")).content.decode()
    assert '<form method="post"' in page
    posted = client.post(reverse("cases:public_track"), {"code": case.tracking_code, "last4": "7890"})
    assert 'data-testid="tracked"' in posted.content.decode()
