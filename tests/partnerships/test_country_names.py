"""Country names as CLDR writes them, in each language's alphabetical order (issue 16.1)."""

import html
import re

import pytest

from tests.factories import make_city

pytestmark = pytest.mark.django_db

# Written out by hand from CLDR, not computed: a wrong name or order fails.
BULGARIAN = [
    "Алжир",
    "Босна и Херцеговина",
    "Гърция",
    "Дания",
    "Доминиканска република",
    "Италия",
    "Китай",
    "Конго (Киншаса)",
    "Румъния",
    "Русия",
    "Северна Македония",
    "Унгария",
    "Франция",
    "Хонконг, САР на Китай",
    "Черна гора",
    "Южна Корея",
    "Япония",
]
ENGLISH = [
    "Algeria",
    "Bosnia & Herzegovina",
    "China",
    "Congo - Kinshasa",
    "Denmark",
    "Dominican Republic",
    "France",
    "Greece",
    "Hong Kong SAR China",
    "Hungary",
    "Italy",
    "Japan",
    "Montenegro",
    "North Macedonia",
    "Romania",
    "Russia",
    "South Korea",
]
ADDED = ["BA", "DO", "HK", "DK", "ME", "CD"]


def country_options(client, url):
    page = client.get(url).content.decode()
    select = re.search(r'<select name="country".*?</select>', page, re.S)[0]
    options = re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]*)</option>', select)
    return [re.sub(r" \(\d+\)$", "", html.unescape(name)) for _code, name in options]


@pytest.fixture
def more_countries(initial_data):
    for code in ADDED:
        make_city(country=code, name=f"Град в {code}", slug=f"grad-{code.lower()}")


@pytest.mark.parametrize(("url", "names"), [("/gradove/", BULGARIAN), ("/en/gradove/", ENGLISH)])
def test_the_country_filter_lists_cldr_names_in_alphabetical_order(
    client, more_countries, url, names
):
    assert country_options(client, url) == names


def test_city_pages_and_exports_use_the_same_names(client, more_countries):
    page = client.get("/gradove/grad-ba/").content.decode()
    assert "Босна и Херцеговина" in page and "Бисна" not in page
    assert "Bosnia &amp; Herzegovina" in client.get("/en/gradove/grad-ba/").content.decode()
    rows = {row["slug"]: row for row in client.get("/gradove/partner-cities.json").json()["items"]}
    assert (rows["grad-do"]["country_name_bg"], rows["grad-do"]["country_name_en"]) == (
        "Доминиканска република",
        "Dominican Republic",
    )
