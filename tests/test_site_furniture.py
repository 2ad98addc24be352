"""The site's icon, its share card and its HTML site map („Карта на сайта“), as visitors get them.

Every page's canonical link, Open Graph and Twitter card tags and icon links are checked on every
public page in tests/test_public_pages.py; here: the files behind them, and the site map page.
"""

import re
import xml.etree.ElementTree as ET
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from partnerships.models import Initiative, InitiativeKind, PartnerCity
from tests.factories import make_city, make_initiative, make_office

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def image_of(response):
    image = Image.open(BytesIO(response.content))
    image.load()
    return image


@pytest.mark.parametrize(
    ("url", "content_type", "sizes"),
    [
        ("/favicon.ico", "image/vnd.microsoft.icon", {(16, 16), (32, 32), (48, 48)}),
        ("/apple-touch-icon.png", "image/png", {(180, 180)}),
    ],
)
def test_the_icons_answer_where_browsers_and_phones_look_for_them(client, url, content_type, sizes):
    """No 404 on every visit: /favicon.ico is asked for by browsers and feed readers that do not
    read the page's <link rel="icon">, /apple-touch-icon.png by phones."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    image = image_of(response)
    assert set(image.info.get("sizes") or {image.size}) == sizes
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("language", ["bg", "en"])
def test_every_page_links_the_icons_and_a_share_image_in_its_language(
    client, initial_data, language
):
    prefix = "/en" if language == "en" else ""
    html = client.get(f"{prefix}/gradove/").content.decode()
    for href in re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html):
        assert finders.find(href.removeprefix("/static/")), href
    assert '<link rel="icon" href="/static/brand/icon.svg" type="image/svg+xml">' in html
    [image_url] = re.findall(r'<meta property="og:image" content="([^"]+)">', html)
    assert image_url == f"http://testserver/static/brand/share.{language}.png"
    image = Image.open(finders.find(urlsplit(image_url).path.removeprefix("/static/")))
    assert image.size == (1200, 630)  # what og:image:width and og:image:height say
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html


def test_a_title_with_quotation_marks_stays_inside_its_attribute(client, initial_data):
    """A visitor's query with straight quotation marks in the English search page's title
    (`Search: “…”`): in og:title the marks are escaped, not the end of the attribute."""
    html = client.get("/en/tarsene/", {"q": 'kochani" onmouseover="x'}).content.decode()
    [title] = re.findall(r'<meta property="og:title" content="([^"]*)">', html)
    assert title.startswith("Search: “kochani&quot; onmouseover=&quot;x”")
    assert 'onmouseover="x' not in html


def sitemap_paths(client, language):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    paths = [urlsplit(loc.text).path for loc in root.iter(f"{SITEMAP}loc")]
    return [path for path in paths if path.startswith("/en/") == (language == "en")]


def site_map_links(html):
    """The addresses the site map page lists, in its order (the header and footer left out)."""
    main = html[html.index('<main id="main"') : html.index("</main>")]
    return re.findall(r'<li><a href="([^"]+)"', main)


@pytest.mark.parametrize(("language", "prefix"), [("bg", ""), ("en", "/en")])
def test_the_site_map_lists_every_page_of_sitemap_xml_in_the_visitors_language(
    client, initial_data, language, prefix
):
    make_initiative(
        cities=[PartnerCity.objects.get(slug="kochani-makedoniya")],
        kind=InitiativeKind.objects.get(slug="concerts"),
        title="Дни на розата",
        title_en="Rose Days",
        slug="dni-na-rozata",
    )
    response = client.get(f"{prefix}/karta-na-sayta/")
    assert response.status_code == 200
    html = response.content.decode()
    assert site_map_links(html) == sitemap_paths(client, language)
    headings = re.findall(r'<h2 id="site-map-\d+">([^<]+)</h2>', html)
    if language == "en":
        assert "<h1>Site map</h1>" in html
        assert headings == [
            "International cooperation",
            "Twin and partner cities",
            "Joint initiatives",
            "Phone directory",
            "About this site",
        ]
        assert '<a href="/en/initsiativi/dni-na-rozata/">Rose Days</a>' in html
    else:
        assert "<h1>Карта на сайта</h1>" in html
        assert headings[-1] == "За сайта"
        assert '<a href="/kontakti/grao/">' in html


def test_a_name_shown_in_bulgarian_on_the_english_site_map_says_so(client, initial_data):
    """modeltranslation shows the Bulgarian name when there is no English one (WCAG 3.1.2)."""
    make_city(name="Стара Загора", name_en="", slug="stara-zagora-balgariya")
    html = client.get("/en/karta-na-sayta/").content.decode()
    assert '<a href="/en/gradove/stara-zagora-balgariya/" lang="bg">Стара Загора</a>' in html
    assert '<a href="/en/gradove/kochani-makedoniya/">Kočani</a>' in html


def test_the_site_map_has_no_heading_for_a_section_with_no_page(client, initial_data):
    Initiative.objects.all().delete()
    html = client.get("/en/karta-na-sayta/").content.decode()
    assert "Joint initiatives</h2>" not in html
    assert '<a href="/en/initsiativi/">Joint initiatives</a>' in html  # the list page itself


def test_the_site_map_costs_the_same_queries_however_many_pages(
    client, initial_data, settings, django_assert_num_queries
):
    """Seven queries, with 14 cities or 64, 13 offices or 63, no initiative or 50: one per
    section of records (cities, initiatives, offices), four for the footer. (Page cache off: the
    page is made each time.)"""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    with django_assert_num_queries(7):
        client.get("/en/karta-na-sayta/")
    for n in range(50):
        make_city(name=f"Град {n}", slug=f"grad-{n}-frantsiya")
        make_office(name=f"Звено {n}", slug=f"zveno-{n}")
        make_initiative(title=f"Инициатива {n}", slug=f"initsiativa-{n}")
    with django_assert_num_queries(7):
        html = client.get("/en/karta-na-sayta/").content.decode()
    assert len(site_map_links(html)) == 7 + 64 + 50 + 1 + 63 + 4


def test_the_footer_links_the_site_map_not_the_raw_xml(client, initial_data):
    for prefix, text in (("", "Карта на сайта"), ("/en", "Site map")):
        html = client.get(f"{prefix}/gradove/").content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'<a href="{prefix}/karta-na-sayta/">{text}</a>' in footer
        assert "sitemap.xml" not in footer
