"""Plain, consistent Indonesian (issue 17 point 6): countries, phones."""

from django.urls import reverse
from django.utils import translation

from cases.forms import PublicComplaintForm
from core.formatting import phone


def test_every_country_choice_is_indonesian_with_the_main_destinations_first():
    # Explicitly Indonesian: a request in an earlier test may have left another language active on this thread.
    with translation.override("id"):
        choices = list(PublicComplaintForm().fields["destination_country"].choices)
    assert [label for _code, label in choices[1:8]] == [
        "Malaysia", "Taiwan", "Hong Kong", "Arab Saudi", "Singapura", "Korea Selatan", "Jepang"]
    assert ("NL", "Belanda") in choices and ("US", "Amerika Serikat") in choices
    with translation.override("en"):
        english = dict(PublicComplaintForm().fields["destination_country"].choices)
    assert (english["SA"], english["JP"]) == ("Saudi Arabia", "Japan")


def test_indonesian_phones_are_shown_as_people_write_them():
    shown = [phone(v) for v in ("081234567890", "+62 812-3456-7890", "6281234567890", "0342801234",
                                "021 5551234", "+852 9123 4567")]
    assert shown == ["0812-3456-7890", "0812-3456-7890", "0812-3456-7890", "0342-801234", "021-5551234",
                     "+852 9123 4567"]


def test_public_portal_offers_the_language_switch_that_works_without_javascript(client, db):
    page = client.get(reverse("portal:landing")).content.decode()
    assert f'action="{reverse("set_language")}"' in page and 'name="language" value="en"' in page
    assert ">Berita<" in page

    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("portal:landing")})
    assert switched.status_code == 302 and switched["Location"] == reverse("portal:landing")
    english = client.get(reverse("portal:landing")).content.decode()
    assert ">News<" in english and ">Berita<" not in english
    assert 'name="language" value="id"' in english


def test_monitoring_tabs_follow_the_readers_language(client_for, jatinom_operator):
    client = client_for(jatinom_operator)
    url = reverse("migrants:monitor", args=["abroad"])
    assert ">Sedang di luar negeri<" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()
    assert ">Currently abroad<" in english and ">Lost contact<" in english
    assert "Sedang di luar negeri" not in english
