"""Joint initiatives: list with filters and pages, a page each, RSS and Atom feeds."""

import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.urls import reverse

from partnerships.models import InitiativeKind, PartnerCity
from tests.factories import make_city, make_initiative, make_kind

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
    """The initiatives' titles as the list shows them, in its order."""
    html = response.content.decode()
    match = re.search(r'<ul class="initiative-list">(.*?)</ul>', html, re.S)
    if match is None:  # an empty result has no list
        return []
    return [unescape(title) for title in re.findall(r"<h2><a [^>]*>([^<]*)</a></h2>", match[1])]


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


def options(response, name):
    """The menu `name` as the visitor reads it: [text], the chosen one marked with a *."""
    html = response.content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)[0]
    return [
        unescape(text) + ("*" if selected else "")
        for selected, text in re.findall(
            r'<option value="[^"]*"( selected)?>([^<]*)</option>', select
        )
    ]


def empty_state_links(response):
    """{link text: address} of the suggestions an empty list makes."""
    html = response.content.decode()
    empty_state = re.search(r'<div class="empty-result[^"]*">.*?</div>', html, re.S)[0]
    return {
        unescape(text): unescape(href)
        for href, text in re.findall(r'<li><a href="([^"]+)">([^<]*)</a></li>', empty_state)
    }


def test_with_none_recorded_the_page_says_so_and_what_the_cooperation_takes_in(
    client, initial_data
):
    """No initiative is recorded in the fixtures: the page says so, tells what kinds of
    cooperation the municipality takes part in (the source's own words) and how to propose one,
    instead of menus that can find nothing; a kind asked for in the address gets the same."""
    from partnerships.models import PageText

    for url in (URL, URL + "?kind=concerts"):
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert (
            "Съвместните инициативи с градовете партньори все още не са описани на сайта."
            in content
        )
        assert "<select" not in content and "Няма инициативи, които" not in content
        for key in ("initiatives", "recent_years"):
            assert PageText.objects.get(key=key).body_bg in content
        assert "младежки и ученически обмени, концерти, фестивали, изложби" in content
        assert 'href="/predlozhenie/"' in content and "Предложете съвместна инициатива" in content
    english = client.get("/en" + URL).content.decode()
    assert (
        "No joint initiatives with the partner cities have been described on this site yet."
        in english
    )
    assert "youth and student exchanges, concerts, festivals" in english
    assert 'href="/en/predlozhenie/"' in english


def test_the_menus_offer_only_what_gives_initiatives_with_their_numbers(client, initiatives):
    """Seven kinds exist, but only two have initiatives; a city or a year without any is not
    offered. The draft counts nowhere."""
    response = client.get(URL)
    assert options(response, "kind") == [
        "Всички (3)*",
        "Младежки и ученически обмени (2)",
        "Концерти (1)",
    ]
    assert options(response, "city") == ["Всички (3)*", "Кочани (2)", "Грас (2)"]
    assert options(response, "year") == ["Всички (3)*", "2021 (2)", "2019 (1)"]
    english = client.get("/en" + URL)
    assert options(english, "kind") == [
        "All (3)*",
        "Youth and student exchanges (2)",
        "Concerts (1)",
    ]


@pytest.mark.parametrize(
    ("params", "kind", "city", "year"),
    [
        (
            {"kind": "concerts"},
            ["Всички (3)", "Младежки и ученически обмени (2)", "Концерти (1)*"],
            ["Всички (1)*", "Кочани (1)"],
            ["Всички (1)*", "2019 (1)"],
        ),
        (
            # „Лагер“ is with Kochani and Grasse: it counts once for its kind and its year.
            {"city": "kochani-makedoniya"},
            ["Всички (2)*", "Младежки и ученически обмени (1)", "Концерти (1)"],
            ["Всички (3)", "Кочани (2)*", "Грас (2)"],
            ["Всички (2)*", "2021 (1)", "2019 (1)"],
        ),
        (
            {"year": "2021", "city": "gras-frantsiya"},
            ["Всички (2)*", "Младежки и ученически обмени (2)"],
            ["Всички (2)", "Кочани (1)", "Грас (2)*"],
            ["Всички (2)", "2021 (2)*"],
        ),
    ],
)
def test_each_menu_counts_with_the_other_conditions(client, initiatives, params, kind, city, year):
    response = client.get(URL, params)
    assert (options(response, "kind"), options(response, "city"), options(response, "year")) == (
        kind,
        city,
        year,
    )


def test_an_empty_combination_says_why_and_links_only_to_results(client, initiatives):
    """Concerts in 2021 with Grasse: none. Without the kind there are two; without the city or
    the year, none, so those are not offered; the whole list has three. Every link says how many
    it shows, and following it shows that many."""
    params = {"kind": "concerts", "city": "gras-frantsiya", "year": "2021"}
    response = client.get(URL, params)
    assert response.status_code == 200 and titles(response) == []
    content = response.content.decode()
    assert "Няма инициативи, които отговарят едновременно на всички избрани условия." in content
    links = empty_state_links(response)
    assert links == {
        "без „Вид: Концерти“ — 2 инициативи": "/initsiativi/?city=gras-frantsiya&year=2021",
        "всички съвместни инициативи — 3": "/initsiativi/",
    }
    for text, href in links.items():
        assert len(titles(client.get(href))) == int(text.rsplit("— ", 1)[1].split()[0]), text
    # The chosen values stay chosen, with their zero.
    assert "Концерти (0)*" in options(response, "kind") and "2021 (0)*" in options(response, "year")

    two = empty_state_links(client.get(URL, {"kind": "concerts", "year": "2021"}))
    assert two == {
        "без „Вид: Концерти“ — 2 инициативи": "/initsiativi/?year=2021",
        "без „Година: 2021“ — 1 инициатива": "/initsiativi/?kind=concerts",
        "всички съвместни инициативи — 3": "/initsiativi/",
    }
    english = empty_state_links(client.get("/en" + URL, {"kind": "concerts", "year": "2021"}))
    assert "without “Year: 2021”: 1 initiative" in english
    assert "all joint initiatives: 3" in english


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?kind=concerts",
        "?city=kochani-makedoniya&year=2021",
        "?kind=concerts&city=gras-frantsiya&year=2021",  # empty
        "?kind=nope",  # a bad value: 400
        "?page=2",
    ],
)
def test_the_menus_are_counted_with_a_fixed_number_of_queries(
    client, initiatives, settings, django_assert_num_queries, query
):
    """Ten queries, with 3 initiatives or 123 with several cities each: the kinds, the cities
    and the years with their numbers (three grouped queries: no query per kind, city or year);
    the count and the page of initiatives with their kind; their cities (prefetched: no query
    per initiative); four for the footer. A bad value (400) counts the menus again without
    conditions: three more; an empty result has no page to fetch: two fewer. (Page cache off.)"""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    expected = 10 + (3 if "nope" in query else 0) - (2 if "gras" in query else 0)
    with django_assert_num_queries(expected):
        client.get(URL + query)
    cities = [make_city(name=f"Град {n}", slug=f"grad-x{n}") for n in range(20)]
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    kinds = list(InitiativeKind.objects.all())
    for n in range(120):
        make_initiative(
            cities=[kochani, cities[n % 20], cities[(n + 1) % 20]],
            kind=kinds[n % 7],
            title=f"Нова {n}",
            date=f"{2000 + n % 25}-05-01",
        )
    with django_assert_num_queries(expected):
        response = client.get(URL + query)
    if not query:
        assert "Град 7 (12)" in response.content.decode()  # made with the new initiatives


def test_with_none_recorded_the_queries_are_fixed_too(
    client, initial_data, settings, django_assert_num_queries
):
    """Nine: the three menus' counts (which say there is none), the count and the page, the
    cooperation page's texts, four for the footer."""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    with django_assert_num_queries(9):
        client.get(URL)
    make_initiative(title="Чернова", is_published=False)
    add = [make_city(name=f"Град {n}", slug=f"grad-y{n}") for n in range(10)]
    assert add
    with django_assert_num_queries(9):
        assert "все още не са описани" in client.get(URL).content.decode()


def test_a_kind_or_city_without_an_english_name_is_marked_bulgarian_in_the_english_menus(
    client, initial_data
):
    """WCAG 3.1.2: a menu option shown in the fallback language carries its own `lang`."""
    untranslated = make_kind(name_bg="Пленери", slug="pleneri-bez-prevod")
    translated = make_kind(
        name_bg="Лятна академия", name_en="Summer academy", slug="lyatna-akademiya"
    )
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    city_without_english = make_city(name_bg="Стара Загора", name_en="")
    make_initiative(kind=untranslated, cities=[kochani], is_published=True)
    make_initiative(kind=translated, cities=[city_without_english], is_published=True)
    page = client.get("/en/initsiativi/").content.decode()
    assert re.search(rf'<option value="{untranslated.slug}" lang="bg">Пленери \(1\)</option>', page)
    assert re.search(rf'<option value="{translated.slug}">Summer academy \(1\)</option>', page)
    assert re.search(r'<option value="kochani-makedoniya">Kočani \(1\)</option>', page)
    assert re.search(rf'<option value="{city_without_english.slug}" lang="bg">Стара Загора', page)
    bulgarian_page = client.get("/initsiativi/").content.decode()
    assert 'lang="bg"' not in bulgarian_page.split("<main", 1)[1]


def test_a_kind_without_an_english_name_is_marked_bulgarian_on_the_english_proposal_form(
    client, initial_data
):
    make_kind(name_bg="Пленери", slug="pleneri-test")
    page = client.get("/en/predlozhenie/").content.decode()
    areas = r'<label[^>]*>\s*<input[^>]*name="areas"[^>]*>\s*<span lang="bg">Пленери</span>'
    assert re.search(areas, page)
    assert "&lt;span" not in page
