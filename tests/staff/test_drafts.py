"""Drafts are invisible to the public everywhere and previewable by staff who may see them."""

import pytest
from django.urls import reverse

from contacts.models import Office
from partnerships.models import Document, PartnerCity
from tests.factories import make_city, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(initial_data):
    city = make_city(name="Тайноград", slug="taynograd-frantsiya", is_published=False)
    initiative = make_initiative(
        title="Таен фестивал", is_published=False, cities=[PartnerCity.objects.first()]
    )
    Document.objects.create(
        title="Таен документ", slug="taen", published_on="2020-01-01", is_published=False
    )
    office = Office.objects.create(name="Тайно звено", slug="tayno", is_published=False)
    return {"city": city, "initiative": initiative, "office": office}


PUBLIC_LISTINGS = [
    "/", "/gradove/", "/gradove/hronologiya/", "/initsiativi/", "/initsiativi/rss.xml", "/initsiativi/atom.xml",
    "/dokumenti/", "/tarsene/?q=тайн", "/kontakti/", "/sitemap.xml", "/gradove/partner-cities.json",
    "/gradove/partner-cities.csv", "/initsiativi/initiatives.json", "/initsiativi/initiatives.csv",
    "/kontakti/directory.json", "/kontakti/directory.vcf",
]  # fmt: skip


@pytest.mark.parametrize("url", PUBLIC_LISTINGS)
def test_drafts_are_absent_from_every_list_map_feed_export_and_the_sitemap(client, drafts, url):
    content = client.get(url).content.decode()
    for word in (
        "Тайноград",
        "taynograd",
        "Таен фестивал",
        "Таен документ",
        "Тайно звено",
        "tayno",
    ):
        assert word not in content, (url, word)


def test_draft_pages_are_404_for_the_public(client, drafts):
    for url in (
        drafts["city"].get_absolute_url(),
        drafts["initiative"].get_absolute_url(),
        drafts["office"].get_absolute_url(),
    ):
        assert client.get(url).status_code == 404


def test_staff_preview_with_the_public_look_never_cached(cooperation_client, drafts):
    response = cooperation_client.get(drafts["city"].get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Тайноград</h1>" in content and 'class="draft-banner"' in content
    assert '<footer class="site-footer">' in content  # the whole public page, not an admin view
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert cooperation_client.get(drafts["initiative"].get_absolute_url()).status_code == 200
    documents = cooperation_client.get(reverse("partnerships:document_list")).content.decode()
    assert "Таен документ" in documents and "чернова" in documents


def test_a_preview_is_only_for_staff_who_may_see_that_area(contacts_client, drafts):
    assert contacts_client.get(drafts["city"].get_absolute_url()).status_code == 404
    assert contacts_client.get(drafts["office"].get_absolute_url()).status_code == 200


def test_published_pages_have_no_banner(client, initial_data):
    assert "draft-banner" not in client.get("/gradove/kochani-makedoniya/").content.decode()


def test_publishing_shows_the_city_at_once(client, drafts):
    city = drafts["city"]
    assert "Тайноград" not in client.get("/gradove/").content.decode()
    city.is_published = True
    city.save()
    assert "Тайноград" in client.get("/gradove/").content.decode()
    assert client.get(city.get_absolute_url()).status_code == 200


def test_a_staff_preview_is_never_served_to_the_public(cooperation_client, client, drafts):
    """Previews carry a session cookie: the page cache neither serves nor stores them."""
    url = drafts["city"].get_absolute_url()
    assert cooperation_client.get(url).status_code == 200
    client.cookies.clear()
    assert client.get(url).status_code == 404
