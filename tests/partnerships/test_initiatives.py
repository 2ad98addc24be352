"""Joint initiatives: list with filters and pages, a page each, RSS and Atom feeds."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from partnerships.models import InitiativeKind, PartnerCity
from tests.factories import make_city, make_initiative

pytestmark = pytest.mark.django_db
URL = reverse("partnerships:initiative_list")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def initiatives(initial_data):
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    grasse = PartnerCity.objects.get(slug="gras-frantsiya")
    concerts = InitiativeKind.objects.get(slug="concerts")
    exchanges = InitiativeKind.objects.get(slug="youth-and-student-exchanges")
    return {
        "concert": make_initiative(
            cities=[kochani], kind=concerts, title="Концерт", title_en="Concert", date="2019-06-01"
        ),
        "exchange": make_initiative(
            cities=[grasse], kind=exchanges, title="Обмен", date="2021-03-10"
        ),
        "both": make_initiative(
            cities=[kochani, grasse], kind=exchanges, title="Лагер", date="2021-07-01"
        ),
        "draft": make_initiative(
            cities=[kochani], kind=concerts, title="Чернова", is_published=False
        ),
    }


def titles(response):
    return [i.title for i in response.context["initiatives"]]


def test_newest_first_without_drafts(client, initiatives):
    assert titles(client.get(URL)) == ["Лагер", "Обмен", "Концерт"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "concerts"}, ["Концерт"]),
        ({"kind": "youth-and-student-exchanges"}, ["Лагер", "Обмен"]),
        ({"city": "kochani-makedoniya"}, ["Лагер", "Концерт"]),
        ({"year": "2021"}, ["Лагер", "Обмен"]),
        (
            {"year": "2021", "city": "gras-frantsiya", "kind": "youth-and-student-exchanges"},
            ["Лагер", "Обмен"],
        ),
    ],
)
def test_filters(client, initiatives, params, expected):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    "params", [{"year": "abc"}, {"year": "1850"}, {"kind": "nope"}, {"city": "atlantis"}]
)
def test_bad_filters_answer_400_with_the_list(client, initiatives, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert titles(response) == ["Лагер", "Обмен", "Концерт"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5"])
def test_a_bad_page_number_shows_a_page(client, initiatives, page):
    assert client.get(URL, {"page": page}).status_code == 200


def test_pages_keep_the_filters(client, initial_data):
    kind = InitiativeKind.objects.get(slug="concerts")
    for n in range(25):
        make_initiative(kind=kind, title=f"Концерт {n}", date=f"2020-01-{n + 1:02d}")
    content = client.get(URL, {"kind": "concerts"}).content.decode()
    assert 'href="?kind=concerts&amp;page=2"' in content
    assert 'aria-label="Страници"' in content


def test_an_initiative_page_and_a_draft_404(client, initiatives):
    content = client.get(initiatives["both"].get_absolute_url()).content.decode()
    assert "<h1>Лагер</h1>" in content and "Кочани" in content and "Грас" in content
    assert client.get(initiatives["draft"].get_absolute_url()).status_code == 404


def test_a_draft_city_is_not_listed_with_an_initiative(client, initiatives):
    hidden = make_city(is_published=False, name="Скрит град")
    initiatives["concert"].partner_cities.add(hidden)
    assert (
        "Скрит град" not in client.get(initiatives["concert"].get_absolute_url()).content.decode()
    )


def test_rss_feed_is_valid_xml_in_both_languages(client, initiatives):
    rss = reverse("partnerships:initiative_feed_rss")  # before any request switches the language
    for prefix, title in (("", "Концерт"), ("/en", "Concert")):
        response = client.get(prefix + rss)
        assert response.status_code == 200 and "rss" in response["Content-Type"]
        channel = ET.fromstring(response.content).find("channel")
        items = channel.findall("item")
        assert [i.findtext("title") for i in items] == ["Лагер", "Обмен", title]
        assert items[0].findtext("link").startswith(f"http://testserver{prefix}/initsiativi/")
    english = ET.fromstring(client.get("/en" + rss).content)
    assert (
        english.find("channel").findtext("title")
        == "Joint initiatives of the Municipality of Kazanlak"
    )


def test_atom_feed_is_valid_xml(client, initiatives):
    feed = ET.fromstring(client.get(reverse("partnerships:initiative_feed_atom")).content)
    assert feed.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        "Лагер",
        "Обмен",
        "Концерт",
    ]


def test_the_list_page_announces_its_feeds(client, initiatives):
    content = client.get(URL).content.decode()
    assert 'type="application/rss+xml"' in content and 'type="application/atom+xml"' in content
