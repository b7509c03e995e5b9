import datetime

from community import services
from community.models import Activity, CommunityGroup, FollowUpStatus
from tests.conftest import GOGODESO, JATINOM


def test_group_list_is_scoped(client_for, kopi_jatinom, kopi_gogodeso, jatinom_operator, blitar_officer):
    body = client_for(jatinom_operator).get("/komunitas/").content.decode()
    assert "KOPI Jatinom" in body and "KOPI Gogodeso" not in body
    assert client_for(jatinom_operator).get(f"/komunitas/kelompok/{kopi_gogodeso.pk}/").status_code == 404


def test_district_officer_sees_all_groups_but_cannot_edit(client_for, kopi_jatinom, kopi_gogodeso, blitar_officer):
    client = client_for(blitar_officer)
    body = client.get("/komunitas/").content.decode()
    assert "KOPI Jatinom" in body and "KOPI Gogodeso" in body
    assert client.get(f"/komunitas/kelompok/{kopi_jatinom.pk}/ubah/").status_code == 403


def test_operator_creates_a_group_through_the_form(client_for, jatinom_operator):
    response = client_for(jatinom_operator).post("/komunitas/kelompok/baru/", {
        "name": "KAWAN PMI Jatinom", "kind": "kawan_pmi", "village": JATINOM, "contact_public": "on",
        "is_active": "on", "other_villages": "",
    })
    group = CommunityGroup.objects.get(name="KAWAN PMI Jatinom")
    assert response.status_code == 302 and response["Location"] == f"/komunitas/kelompok/{group.pk}/"


def test_form_refuses_a_village_outside_the_scope(client_for, jatinom_operator):
    response = client_for(jatinom_operator).post("/komunitas/kelompok/baru/", {
        "name": "KOPI X", "kind": "kopi", "village": GOGODESO, "other_villages": ""})
    assert response.status_code == 400
    assert CommunityGroup.objects.filter(name="KOPI X").count() == 0


def test_activity_form_records_members_and_guests(client_for, jatinom_operator, kopi_jatinom):
    chair = services.add_member(jatinom_operator, kopi_jatinom, name="Suliyati", role="chair")
    response = client_for(jatinom_operator).post(f"/komunitas/kelompok/{kopi_jatinom.pk}/kegiatan/baru/", {
        "kind": "bpd_audience", "title": "Audiensi BPD", "date": "2024-10-09", "village": "", "guest_count": "2",
        "participant_members": [chair.pk], "other_participants": "Zaenul Komar — Ketua BPD\n",
    })
    activity = Activity.objects.get(title="Audiensi BPD")
    assert response.status_code == 302
    assert [(p.name, p.affiliation) for p in activity.participants.all()] == [
        ("Suliyati", "Ketua"), ("Zaenul Komar", "Ketua BPD")]
    assert activity.village_id == JATINOM


def test_follow_up_is_closed_from_the_page(client_for, jatinom_operator, kopi_jatinom):
    act = services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="Rapat",
                                   date=datetime.date(2024, 1, 5))
    fu = services.add_follow_up(jatinom_operator, act, description="Surat ke BPD", responsible="Sri",
                                due_on=datetime.date(2024, 1, 9))
    client_for(jatinom_operator).post(f"/komunitas/tindak-lanjut/{fu.pk}/tutup/", {"action": "done", "result": "Ok"})
    fu.refresh_from_db()
    assert (fu.status, fu.result) == (FollowUpStatus.DONE, "Ok")


def test_photo_of_another_village_is_not_served(client_for, jatinom_operator, gogodeso_operator, kopi_jatinom):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal.test_public import PNG

    act = services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="Rapat",
                                   date=datetime.date(2024, 1, 5))
    photo = services.add_photo(jatinom_operator, act, SimpleUploadedFile("a.png", PNG, content_type="image/png"))
    assert client_for(jatinom_operator).get(f"/komunitas/foto/{photo.pk}/")["Content-Type"] == "image/png"
    assert client_for(gogodeso_operator).get(f"/komunitas/foto/{photo.pk}/").status_code == 404


def test_home_figures_and_menu_items_for_an_operator(jatinom_operator, kopi_jatinom):
    from community.figures import home_figures
    from community.nav import nav_items
    from portal.nav import nav_items as portal_nav

    act = services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="Rapat",
                                   date=datetime.date.today() - datetime.timedelta(days=3))
    services.add_follow_up(jatinom_operator, act, description="x", responsible="y",
                           due_on=datetime.date.today() - datetime.timedelta(days=1))
    assert [(f.label, f.value) for f in home_figures(jatinom_operator)] == [
        ("Kegiatan komunitas 90 hari terakhir", 1), ("Tindak lanjut lewat tenggat", 1)]
    assert [i.url for i in nav_items(jatinom_operator)] == ["/komunitas/"]
    assert [i.url for i in portal_nav(jatinom_operator)] == ["/publik/kelola/berita/"]


def test_closing_a_follow_up_never_redirects_off_site(client_for, jatinom_operator, kopi_jatinom):
    act = services.record_activity(jatinom_operator, kopi_jatinom, kind="meeting", title="Rapat",
                                   date=datetime.date(2024, 1, 5))
    first = services.add_follow_up(jatinom_operator, act, description="Surat ke BPD", responsible="Sri",
                                   due_on=datetime.date(2024, 1, 9))
    second = services.add_follow_up(jatinom_operator, act, description="Undang PL", responsible="Sri",
                                    due_on=datetime.date(2024, 1, 9))
    client = client_for(jatinom_operator)
    off_site = client.post(f"/komunitas/tindak-lanjut/{first.pk}/tutup/",
                           {"action": "done", "result": "Ok", "next": "https://evil.example/komunitas/"})
    assert off_site.status_code == 302
    assert off_site["Location"] == f"/komunitas/kegiatan/{act.pk}/"
    on_site = client.post(f"/komunitas/tindak-lanjut/{second.pk}/tutup/",
                          {"action": "done", "result": "Ok", "next": "/komunitas/"})
    assert on_site["Location"] == "/komunitas/"
