"""The municipality's current addresses keep working; sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from partnerships.models import CityEvent, PartnerCity
from tests.factories import make_city, make_initiative

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/cat-553.html", "/"),
        ("/cat-554.html", "/organizatsii/"),
        ("/kochani-makedoniya", "/gradove/kochani-makedoniya/"),
        ("/targovishte-rumaniya", "/gradove/targovishte-rumaniya/"),
    ],
)
def test_old_addresses_redirect_permanently(client, initial_data, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_an_unknown_old_city_is_a_404_and_single_words_still_get_their_slash(client, initial_data):
    assert client.get("/atlantis-okean").status_code == 404
    response = client.get("/kontakti")
    assert (response.status_code, response["Location"]) == (301, "/kontakti/")


def test_a_draft_city_is_not_revealed_by_its_old_address(client):
    draft = make_city(is_published=False, slug="tayna-frantsiya")
    assert client.get("/" + draft.slug).status_code == 404


def test_staff_add_redirects_in_the_admin(client, staff_client, initial_data):
    site = Site.objects.get_current()
    response = staff_client.post(
        reverse("admin:redirects_redirect_add"),
        {"site": site.pk, "old_path": "/cat-600.html", "new_path": "/dokumenti/"},
    )
    assert response.status_code == 302
    assert Redirect.objects.filter(old_path="/cat-600.html").exists()
    moved = client.get("/cat-600.html")
    assert (moved.status_code, moved["Location"]) == (301, "/dokumenti/")


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


def test_sitemap_lists_every_public_page_in_both_languages_with_alternates(client, initial_data):
    make_initiative(title="Обмен")
    hidden = make_city(is_published=False)
    urls = sitemap_urls(client)
    base = "http://testserver"
    for city in PartnerCity.objects.published():
        bg, en = base + city.get_absolute_url(), base + "/en" + city.get_absolute_url()
        assert urls[bg] == {"bg": bg, "en": en, "x-default": bg}
        assert urls[en] == urls[bg]
    for path in (
        "/",
        "/gradove/",
        "/gradove/hronologiya/",
        "/initsiativi/",
        "/organizatsii/",
        "/dokumenti/",
        "/predlozhenie/",
        "/kontakti/",
        "/tarsene/",
        "/dostapnost/",
        "/karta-na-sayta/",
    ):
        assert base + path in urls and base + "/en" + path in urls
    assert base + "/kontakti/grao/" in urls
    assert not any(hidden.slug in url for url in urls)
    assert all(client.get(url.removeprefix(base)).status_code == 200 for url in urls)


def url_names(patterns=None, namespace=""):
    """Every named URL pattern of the site, with its namespace, the admin's left out."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from url_names(entry.url_patterns, inner)
        elif entry.name:
            yield namespace + entry.name


def test_every_page_the_site_serves_without_parameters_is_in_the_sitemap(client, initial_data):
    """Read from the URLconf, not from a list: a new page that answers with HTML at an address
    of its own fails here until the sitemap (and with it the HTML site map) lists it. Files,
    feeds, exports, redirects and the thank-you page (a redirect without a proposal) are not
    pages; the pages of records are checked above, every published one."""
    urls = sitemap_urls(client)
    pages = []
    for name in url_names():
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue  # needs a record's slug
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(path)
    assert len(pages) >= 11
    missing = [
        path
        for path in pages
        for url in (f"http://testserver{path}", f"http://testserver/en{path}")
        if url not in urls
    ]
    assert missing == []


def test_robots_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_the_timeline_runs_from_1970_with_the_staffs_events(client, initial_data):
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    CityEvent.objects.create(
        city=kochani, kind="visit", date="2019-09-14", description_bg="Делегация в Казанлък."
    )
    content = client.get(reverse("partnerships:timeline")).content.decode()
    years = [
        int(y)
        for y in __import__("re").findall(r'<h2 class="timeline-year">(\d{4}) г\.</h2>', content)
    ]
    assert years == sorted(years) and years[0] == 1970 and 2019 in years
    assert "14 септември 2019 г. — Посещение" in content
