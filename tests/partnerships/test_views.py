import json
import re
from html import unescape

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partnerships.models import Document, InitiativeKind, PartnerCity
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
        assertContains(response, kind)  # in the text; none is linked while it has no initiative
    assertContains(response, "Кметове за мир")
    assertContains(response, "Мрежа на побратимените градове")
    assertContains(response, "публикуван на 21 ноември 2018 г.")
    assertContains(response, Document.objects.get().how_to_obtain)


def test_an_uploaded_form_is_offered_for_download_instead_of_the_note(client, initial_data):
    Document.objects.update(file="documents/formulyar.pdf")
    response = client.get(reverse("partnerships:cooperation"))
    assertContains(response, 'href="/media/documents/formulyar.pdf"')
    assertNotContains(response, Document.objects.get().how_to_obtain)


def test_the_cooperation_page_links_only_the_kinds_that_have_initiatives(client, initial_data):
    """No initiative is recorded: no kind is linked (each would lead to an empty list); the page
    says so and offers the proposal form. Once there are concerts, „Концерти“ is linked with
    their number, and the link shows them; the other kinds are still not linked."""
    url = reverse("partnerships:cooperation")
    response = client.get(url)
    assertNotContains(response, "?kind=")
    assertContains(
        response, "Съвместните инициативи с градовете партньори все още не са описани на сайта."
    )
    assertContains(
        response, '<a href="/predlozhenie/">Предложете съвместна инициатива</a>', html=True
    )
    concerts = InitiativeKind.objects.get(slug="concerts")
    make_initiative(kind=concerts, title="Концерт в Кочани")
    make_initiative(kind=concerts, title="Концерт в Грас")
    make_initiative(kind=concerts, title="Чернова", is_published=False)
    content = client.get(url).content.decode()
    assert re.findall(r'<a href="([^"]*\?kind=[^"]*)">(.*?)</a>', content) == [
        ("/initsiativi/?kind=concerts", "<span>Концерти</span> (2)")
    ]
    assert "все още не са описани" not in content
    listed = client.get("/initsiativi/?kind=concerts").content.decode()
    assert "Концерт в Кочани" in listed and "Концерт в Грас" in listed
    english = client.get("/en" + url).content.decode()
    assert '<a href="/en/initsiativi/?kind=concerts"><span>Concerts</span> (2)</a>' in english


def test_a_document_without_a_file_says_how_to_obtain_it_and_is_no_download(client, initial_data):
    """The fixtures' form has no file yet: on every page that lists it, its title is not a link,
    nothing offers a download, the note says how to obtain it and links the phone directory."""
    document = Document.objects.get()
    for url in ("/", "/dokumenti/", "/en/dokumenti/"):
        content = client.get(url).content.decode()
        item = re.search(rf'<li id="{document.slug}">.*?</li>', content, re.S)[0]
        assert "download" not in item and "<a" in item  # the only link: the phone directory
        assert re.findall(r'<a href="([^"]+)"', item) == [
            ("/en" if "/en/" in url else "") + "/kontakti/"
        ]
        note = document.how_to_obtain_en if "/en/" in url else document.how_to_obtain_bg
        assert note in unescape(item)


def test_a_document_without_a_file_or_a_note_gets_the_sites_own_note(client, initial_data):
    Document.objects.update(how_to_obtain_bg="", how_to_obtain_en="")
    content = client.get("/dokumenti/").content.decode()
    assert (
        "Файлът все още не е качен на сайта. Можете да поискате документа от Община Казанлък"
        in content
    )
    assert 'href="/kontakti/"' in content and "download" not in content.split("<main")[1]
    english = client.get("/en/dokumenti/").content.decode()
    assert "The file has not been uploaded to the site yet." in english


def test_an_uploaded_document_is_a_download_without_the_note(client, initial_data):
    Document.objects.update(file="documents/formulyar.pdf")
    content = client.get("/dokumenti/").content.decode()
    assert '<a href="/media/documents/formulyar.pdf" download>' in content
    assert "все още не е качен" not in content and "Към телефонния указател" not in content


def test_with_no_documents_the_pages_say_where_to_ask(client, initial_data):
    Document.objects.update(is_published=False)
    for url in ("/dokumenti/", "/"):
        content = client.get(url).content.decode()
        assert "Все още няма публикувани документи." in content
        assert 'class="document-list"' not in content
        assert 'общинската администрация: <a href="/kontakti/">Телефонен указател</a>' in content


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
    assert 'id="city-map-all-title"' in page and '<path class="home" d="M' in page
    assert f'data-slug="{kochani.slug}"' in page and page.count('class="marker"') == 1


MAP_MARKER = re.compile(
    r'<a class="city" href="([^"]+)" aria-label="([^"]+)"(?: lang="\w+")?'
    r'(?: transform="translate\(([-\d.]+) ([-\d.]+)\)")?>'
    r'<circle class="marker" data-slug="([^"]+)" cx="([\d.]+)%" cy="([\d.]+)%" r="12.0"/>'
    r'<text class="name"[^>]*>([^<]+)</text></a>'
)


def map_views(content):
    """Each view of a page's map: its id, the part of the world it shows (x, y, width, height in
    the world map's units), and its markers (href, name, move in px, slug, x and y in per cent)."""
    views = []
    for view in content.split('<svg class="map map-')[1:]:
        view = view.split("\n    </svg>")[0]
        view_id = re.search(r'id="([\w-]+)"', view)[1]
        box = tuple(map(float, re.search(r'viewBox="([\d. ]+)"', view)[1].split()))
        views.append((view_id, box, MAP_MARKER.findall(view)))
    return views


def test_the_map_shows_the_world_and_europe_enlarged_beside_it(client, initial_data):
    """Nine of the fourteen cities are in Europe: on the world map they would be one pile of
    markers, so Europe is a framed area there that links to a second map of it (which also has
    Blida, inside the frame). Every city is on one of the two, with its name and link."""
    content = client.get("/gradove/").content.decode()
    (world_id, _box, world), (europe_id, _box2, europe) = map_views(content)
    assert (world_id, europe_id) == ("cities-map-world", "cities-map-europe")
    assert {marker[4] for marker in world} == set(
        PartnerCity.objects.filter(country__in=["JP", "CN", "KR"]).values_list("slug", flat=True)
    )
    assert len(europe) == 10 and "blida-alzhir" in {marker[4] for marker in europe}
    assert (
        '<a class="inset" href="#cities-map-europe" aria-label="Европа в по-едър мащаб: 10 града">'
        in content
    )
    assert '<title id="cities-map-europe-title">Европа в по-едър мащаб</title>' in content
    for href, label, _dx, _dy, slug, _x, _y, name in world + europe:
        city = PartnerCity.objects.get(slug=slug)
        assert (href, label, name) == (city.get_absolute_url(), city.name, city.name)
    english = client.get("/en/gradove/").content.decode()
    assert 'aria-label="Europe on a larger scale: 10 cities"' in english
    assert ">Cazzago San Martino</text>" in english


def test_each_marker_is_at_its_city_or_points_to_it(client, initial_data):
    """A marker is drawn at its city's place in the view, or moved by a few px with a line to
    the place: Cremona and Cazzago San Martino (50 km apart) are drawn apart."""
    content = client.get("/gradove/").content.decode()
    moved = set()
    for _view_id, (bx, by, bw, bh), markers in map_views(content):
        for _href, _label, dx, dy, slug, x, y, _name in markers:
            map_x, map_y = PartnerCity.objects.get(slug=slug).map_point
            assert float(x) == pytest.approx((map_x - bx) / bw * 100, abs=0.01)
            assert float(y) == pytest.approx((map_y - by) / bh * 100, abs=0.01)
            if dx:
                moved.add(slug)
                assert abs(float(dx)) + abs(float(dy)) <= 100
                assert f'<svg x="{x}%" y="{y}%" overflow="visible"><line class="leader"' in content
    assert moved & {"kremona-italiya", "katsago-san-martino-italiya"}
    assert "кръгът е отместен и линия сочи точното място на града" in content


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ({"continent": "AS"}, {"fukuyama-yaponiya", "munakata-yaponiya", "dzinan-kitay"}),
        ({"country": "IT"}, {"kremona-italiya", "katsago-san-martino-italiya"}),
    ],
)
def test_a_map_of_one_region_has_one_view(client, initial_data, query, slugs):
    [(view_id, _box, markers)] = map_views(client.get("/gradove/", query).content.decode())
    assert view_id == "cities-map-all"
    assert slugs <= {marker[4] for marker in markers}


def test_cities_without_coordinates_get_no_empty_map(client, initial_data):
    city = make_city(latitude=None, longitude=None, country="CA", name="Без координати")
    for url in ("/gradove/?country=CA", city.get_absolute_url()):
        content = client.get(url).content.decode()
        assert "Без координати" in content and 'class="city-map"' not in content


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_coordinates_are_only_in_the_data_and_json_ld(client, initial_data, prefix):
    city_url = PartnerCity.objects.get(slug="kochani-makedoniya").get_absolute_url()
    for url in (city_url, "/gradove/"):
        content = client.get(prefix + url).content.decode()
        shown = re.sub(r'<script type="application/ld\+json">.*?</script>', "", content, flags=re.S)
        for number in ("41.91639", "41,91639", "22.41278", "22,41278", "41.9", "41,9"):
            assert number not in shown, (url, number)
        assert "Координати" not in shown and "Coordinates" not in shown
    page = client.get(prefix + city_url).content.decode()
    [json_ld] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(json_ld)["geo"]["latitude"] == 41.91639
    assert "41.91639" in client.get(reverse("partnerships:cities_csv")).content.decode()


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
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "prefix, more",
    [
        ("", "Това са първите 40 града по година на побратимяване."),
        ("/en", "These are the first 40 cities by year of twinning."),
    ],
)
def test_with_many_cities_the_cooperation_page_shows_the_first_and_links_to_all(
    client, initial_data, prefix, more
):
    add_cities(500)
    page = client.get(f"{prefix}/")
    city_list = re.search(r'<ul class="city-list">(.*?)</ul>', page.content.decode(), re.S)[1]
    years = [int(year) for year in re.findall(r"(\d{4})", city_list)]
    assert len(years) == 40
    assert years == sorted(years) and years[0] == 1950  # the first by year: „Град 0“, 1950
    note = re.search(r'<p class="more-cities">(.*?)</p>', page.content.decode(), re.S)[1]
    assert note.startswith(more) and f'<a href="{prefix}/gradove/">' in note


def test_with_few_cities_the_cooperation_page_shows_them_all_without_the_note(client, initial_data):
    page = client.get("/")
    assertNotContains(page, "Това са първите")
    assert len(source_facts.twin_cities()) < 40


def test_city_page_queries_do_not_grow_with_initiatives(
    client, initial_data, settings, django_assert_num_queries
):
    """Ten queries, with 1 initiative or 31: the city; its latest initiatives with their kind
    (select_related: no query per initiative); the previous and the next city; its events with
    their document (select_related: no query per event); their sources (prefetched, one query);
    four for the footer."""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    make_initiative(cities=[kochani], title="Обмен 00", date="2020-01-01")
    with django_assert_num_queries(10):
        assert "Обмен 00" in client.get(kochani.get_absolute_url()).content.decode()
    for day in range(1, 31):
        make_initiative(cities=[kochani], title=f"Обмен {day:02d}", date=f"2020-03-{day:02d}")
    add_cities(500)
    with django_assert_num_queries(10):
        page = client.get(kochani.get_absolute_url()).content.decode()
    shown = sorted(set(re.findall(r"Обмен \d\d", page)))
    assert shown == [f"Обмен {day}" for day in range(11, 31)]  # the 20 latest of the 31


def shown(client, url):
    """How many records a list says it shows (none when it has nothing at all to show)."""
    response = client.get(url)
    assert response.status_code == 200, url
    count = re.search(r'<p class="result-count" role="status">(\d+)', response.content.decode())
    return int(count[1]) if count else 0


def add_some_initiatives():
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    grasse = PartnerCity.objects.get(slug="gras-frantsiya")
    concerts = InitiativeKind.objects.get(slug="concerts")
    exchanges = InitiativeKind.objects.get(slug="youth-and-student-exchanges")
    make_initiative(cities=[kochani], kind=concerts, title="Концерт", date="2019-06-01")
    make_initiative(cities=[grasse], kind=exchanges, title="Обмен", date="2021-03-10")
    make_initiative(cities=[kochani, grasse], kind=exchanges, title="Лагер", date="2021-07-01")


@pytest.mark.parametrize("with_initiatives", [False, True])
def test_no_link_on_the_public_pages_leads_to_an_empty_list(client, initial_data, with_initiatives):
    """Every link from a public page (both languages) to a filtered list of cities or
    initiatives shows at least one."""
    from tests.public_pages import PUBLIC_PAGES

    if with_initiatives:
        add_some_initiatives()
    links = set()
    for page in PUBLIC_PAGES:
        for prefix in ("", "/en"):
            content = client.get(prefix + page).content.decode()
            found = re.findall(r'href="((?:/en)?/(?:gradove|initsiativi)/\?[^"#]*)"', content)
            links.update(unescape(link) for link in found)
    empty = [link for link in links if not shown(client, link)]
    assert empty == []
    assert any("?kind=" in link for link in links) == with_initiatives


@pytest.mark.parametrize(
    "url",
    [
        "/gradove/",
        "/gradove/?continent=AS&sort=name",
        "/en/gradove/?type=twinned",
        "/initsiativi/",
        "/initsiativi/?city=kochani-makedoniya",
        "/en/initsiativi/?year=2021",
    ],
)
def test_every_value_a_menu_offers_shows_the_number_it_promises(client, initial_data, url):
    """Choosing any offered value (with the other conditions kept) shows exactly the number in
    its label: „Европа (9)“ shows nine cities, „Всички (3)“ drops that condition."""
    from urllib.parse import parse_qsl, urlencode

    add_some_initiatives()
    path, _, query = url.partition("?")
    params = dict(parse_qsl(query))
    content = client.get(url).content.decode()
    checked = 0
    for name, select in re.findall(r'<select name="(\w+)".*?>(.*?)</select>', content, re.S):
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select):
            number = re.search(r"\((\d+)\)$", unescape(label))
            if number is None:
                assert name == "sort"  # the order is no condition
                continue
            chosen = {key: v for key, v in params.items() if key != name}
            if value:
                chosen[name] = value
            assert int(number[1]) > 0 or params.get(name, "") == value, (name, label)
            assert shown(client, f"{path}?{urlencode(chosen)}") == int(number[1]), (name, label)
            checked += 1
    assert checked >= 6
