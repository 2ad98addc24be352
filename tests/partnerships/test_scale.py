"""With 1,000 cities and 5,000 initiatives every public page and export keeps the number of SQL
queries it has with the fixtures: nothing runs a query per city or per initiative."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kazanlak_site.page_cache import bump_content_version
from kazanlak_site.search import refresh_search_text
from partnerships.models import Initiative, InitiativeKind, PartnerCity
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


def generate(cities=1000, initiatives=5000):
    rng = random.Random(1970)
    countries = ["FR", "IT", "JP", "DE", "ES", "CN", "BR", "US", "KE", "AU"]
    PartnerCity.objects.bulk_create(
        PartnerCity(
            name_bg=f"Град {n}", name_en=f"City {n}", slug=f"grad-{n}", country=rng.choice(countries),
            since_year=rng.randint(1970, 2025), latitude=rng.uniform(-50, 60), longitude=rng.uniform(-170, 170),
        )
        for n in range(cities)
    )  # fmt: skip
    kinds = list(InitiativeKind.objects.all())
    start = datetime.date(2000, 1, 1)
    Initiative.objects.bulk_create(
        Initiative(
            title_bg=f"Инициатива {n}", slug=f"initsiativa-{initiatives}-{n}", kind=kinds[n % len(kinds)],
            date=start + datetime.timedelta(days=rng.randint(0, 9000)),
        )
        for n in range(initiatives)
    )  # fmt: skip
    city_ids = list(PartnerCity.objects.values_list("pk", flat=True))
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya").pk
    through = Initiative.partner_cities.through
    links = []
    for initiative_id in Initiative.objects.filter(partner_cities=None).values_list(
        "pk", flat=True
    ):
        for city_id in {
            rng.choice(city_ids),
            rng.choice(city_ids),
            kochani if initiative_id % 10 == 0 else None,
        } - {None}:
            links.append(through(initiative_id=initiative_id, partnercity_id=city_id))
    through.objects.bulk_create(links)
    refresh_search_text(PartnerCity)
    bump_content_version()  # bulk writes send no signals: say so, as any bulk job must


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_every_page_and_export_keeps_its_query_count(client, initial_data):
    generate(cities=0, initiatives=60)  # enough for two pages of concerts: every list has rows
    small = {url: queries(client, url) for url in PAGES}
    generate(cities=1000, initiatives=5000)
    assert PartnerCity.objects.count() >= 1000 and Initiative.objects.count() == 5060
    large = {url: queries(client, url) for url in PAGES}
    grown = {url: (small[url], large[url]) for url in PAGES if large[url] > small[url]}
    assert grown == {}
    for export in ("partner-cities", "initiatives"):
        assert all(large[u] == 1 for u in PAGES if export in u and "." in u.rsplit("/", 1)[1])
