import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partnerships.models import Document, PartnerCity
from tests import source_facts
from tests.factories import make_city, make_initiative

pytestmark = pytest.mark.django_db


def test_the_cooperation_page_shows_every_city_with_country_and_year(client, initial_data):
    response = client.get(reverse("partnerships:cooperation"))
    assert response.status_code == 200
    for source in source_facts.twin_cities():
        city = PartnerCity.objects.get(name_bg__startswith=source.name)
        assertContains(response, f'<a href="{city.get_absolute_url()}">{city.name}</a>', html=True)
        assertContains(response, f"{city.country.name} · от {source.year} г.")


def test_the_cooperation_page_lists_cities_by_year(client, initial_data):
    content = client.get(reverse("partnerships:cooperation")).content.decode()
    positions = [content.index(f"от {c.year} г.") for c in source_facts.twin_cities()]
    assert positions == sorted(positions)


def test_the_cooperation_page_shows_prose_kinds_organisations_and_the_form(client, initial_data):
    response = client.get(reverse("partnerships:cooperation"))
    assertContains(response, "традиционно поддържа интензивни контакти")
    assertContains(response, "В последните години")
    for kind in source_facts.initiative_kinds():
        assertContains(response, f">{kind.capitalize()}</a></li>")
    assertContains(response, "Кметове за мир")
    assertContains(response, "Мрежа на побратимените градове")
    assertContains(response, "публикуван на 21 ноември 2018 г.")
    assertContains(response, Document.objects.get().how_to_obtain)


def test_an_uploaded_form_is_offered_for_download_instead_of_the_note(client, initial_data):
    Document.objects.update(file="documents/formulyar.pdf")
    response = client.get(reverse("partnerships:cooperation"))
    assertContains(response, 'href="/media/documents/formulyar.pdf"')
    assertNotContains(response, Document.objects.get().how_to_obtain)


def test_edited_prose_shows_on_the_page(client, initial_data):
    from partnerships.models import PageText

    PageText.objects.filter(key="introduction").update(body_bg="Нов въвеждащ текст.")
    assertContains(client.get(reverse("partnerships:cooperation")), "Нов въвеждащ текст.")


def test_a_city_page_shows_its_facts_and_initiatives(client, initial_data):
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    make_initiative(cities=[kochani], title="Младежки обмен 2019")
    make_initiative(cities=[kochani], title="Скрита", is_published=False)
    response = client.get(kochani.get_absolute_url())
    assert response.status_code == 200
    assertContains(response, "<h1>Кочани</h1>", html=True)
    assertContains(response, "Северна Македония")
    assertContains(response, "1994 г.")
    assertContains(response, "Младежки обмен 2019")
    assertNotContains(response, "Скрита")


def test_a_city_page_shows_the_latest_initiatives_and_links_to_all(client, initial_data):
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    all_of_them = f"/initsiativi/?city={kochani.slug}"
    for day in range(1, 21):
        make_initiative(cities=[kochani], title=f"Среща {day:02d}", date=f"2020-03-{day:02d}")
    page = client.get(kochani.get_absolute_url()).content.decode()
    assert "Среща 01" in page and all_of_them not in page  # twenty: all shown
    make_initiative(cities=[kochani], title="Среща 21", date="2020-03-21")
    page = client.get(kochani.get_absolute_url()).content.decode()
    assert "Среща 21" in page and "Среща 02" in page and "Среща 01" not in page
    assert all_of_them in page
    assert "Среща 01" in client.get(all_of_them + "&page=2").content.decode()


def test_a_city_page_shows_the_city_and_kazanlak_on_the_map(client, initial_data):
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    page = client.get(kochani.get_absolute_url()).content.decode()
    assert 'id="city-map-title"' in page and '<path class="home" d="M' in page
    assert f'data-slug="{kochani.slug}"' in page and page.count('class="marker"') == 1
    assert "Координати: 41,91639, 22,41278." in page  # Bulgarian decimal commas


def test_a_draft_city_is_not_public(client):
    draft = make_city(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assertNotContains(client.get(reverse("partnerships:cooperation")), draft.name)


def add_cities(n):
    PartnerCity.objects.bulk_create(
        PartnerCity(name=f"Град {i}", slug=f"grad-{i}", country="FR", since_year=1950 + i % 70)
        for i in range(n)
    )


def test_cooperation_page_queries_do_not_grow_with_cities(
    client, initial_data, settings, django_assert_num_queries
):
    """Nine queries, with 14 cities or 514: one per list (texts, cities, kinds, organisations,
    documents) and four for the footer (its offices, with their numbers, e-mails and hours
    prefetched: no query per footer office). The cities' country is a field, not a relation: no
    query per city. (Page cache off: the page is made each time, and no content version read.)"""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    url = reverse("partnerships:cooperation")
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    add_cities(500)
    with django_assert_num_queries(9):
        assert "Град 499" in client.get(url).content.decode()


def test_city_page_queries_do_not_grow_with_initiatives(
    client, initial_data, settings, django_assert_num_queries
):
    """Nine queries, with 1 initiative or 31: the city; its latest initiatives with their kind
    (select_related: no query per initiative); the previous and the next city; its events with
    their document (select_related: no query per event); four for the footer."""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    make_initiative(cities=[kochani])
    with django_assert_num_queries(9):
        assert client.get(kochani.get_absolute_url()).status_code == 200
    for _ in range(30):
        make_initiative(cities=[kochani])
    add_cities(500)
    with django_assert_num_queries(9):
        client.get(kochani.get_absolute_url())
