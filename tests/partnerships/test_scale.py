"""With 1,000 cities and 5,000 initiatives every public page and export keeps the number of SQL
queries it has with the fixtures: nothing runs a query per city or per initiative."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate import generate
from partnerships.models import Initiative, PartnerCity
from tests.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

PAGES = [
    *PUBLIC_PAGES,
    "/initsiativi/?kind=concerts&page=2",
    "/initsiativi/rss.xml",
    "/initsiativi/atom.xml",
    "/sitemap.xml",
    "/gradove/partner-cities.json",
    "/gradove/partner-cities.csv",
    "/initsiativi/initiatives.json",
    "/initsiativi/initiatives.csv",
    "/en/gradove/",
]


# Pages that list the new cities or initiatives (their slugs start "large-"): that they show
# them proves the page was made with the new data, not taken from a cache.
SHOW_THE_NEW_RECORDS = [
    "/",
    "/gradove/",
    "/gradove/hronologiya/",
    "/gradove/kochani-makedoniya/",
    "/initsiativi/",
    "/initsiativi/rss.xml",
    "/initsiativi/atom.xml",
    "/sitemap.xml",
    "/gradove/partner-cities.json",
    "/gradove/partner-cities.csv",
    "/initsiativi/initiatives.json",
    "/initsiativi/initiatives.csv",
    "/en/gradove/",
]


def made(client, url):
    """(queries, body) of a page made afresh. A page-cache hit runs one query (the content
    version) whatever the data: counting it would prove nothing."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert len(captured) > 1, f"{url}: served from the page cache, not made with the data"
    return len(captured), response.content.decode()


def test_every_page_and_export_keeps_its_query_count(client, initial_data):
    generate(cities=0, initiatives=60, label="small")  # two pages of concerts: every list has rows
    small = {url: made(client, url)[0] for url in PAGES}
    generate(cities=1000, initiatives=5000, label="large")  # the benchmark's own generator
    assert PartnerCity.objects.count() >= 1000 and Initiative.objects.count() == 5060
    large = {url: made(client, url) for url in PAGES}
    hidden = [url for url in SHOW_THE_NEW_RECORDS if "large-" not in large[url][1]]
    assert hidden == [], "these pages do not show the new cities and initiatives"
    grown = {url: (small[url], large[url][0]) for url in PAGES if large[url][0] > small[url]}
    assert grown == {}
    for export in ("partner-cities", "initiatives"):
        # One query for the rows, one for the content version (a server reads it once a second).
        exports = [u for u in PAGES if export in u and "." in u.rsplit("/", 1)[1]]
        assert exports and all(large[u][0] == 2 for u in exports)
