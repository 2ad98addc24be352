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
    "/gradove/?continent=EU&sort=name",
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


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_every_page_and_export_keeps_its_query_count(client, initial_data):
    generate(cities=0, initiatives=60, label="small")  # two pages of concerts: every list has rows
    small = {url: queries(client, url) for url in PAGES}
    generate(cities=1000, initiatives=5000, label="large")  # the benchmark's own generator
    assert PartnerCity.objects.count() >= 1000 and Initiative.objects.count() == 5060
    large = {url: queries(client, url) for url in PAGES}
    grown = {url: (small[url], large[url]) for url in PAGES if large[url] > small[url]}
    assert grown == {}
    for export in ("partner-cities", "initiatives"):
        # One query for the rows, one for the content version (a server reads it once a second).
        assert all(large[u] == 2 for u in PAGES if export in u and "." in u.rsplit("/", 1)[1])
