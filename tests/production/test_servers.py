"""Production processes: two servers sharing PostgreSQL and Redis, and outages of either."""

import re
import urllib.request

import pytest
import redis

from tests.production.servers import (
    Browser,
    Server,
    TcpProxy,
    production_env,
    production_site,
    wait_for,
)
from tests.services import POSTGRES_PORT, REDIS_PORT, require_redis

PASSWORD = "rozova-dolina-2026!"
GRAO = 7  # the fixture's primary key of „ГРАО“


@pytest.fixture(scope="module")
def site_database(tmp_path_factory):
    with production_site(tmp_path_factory.mktemp("servers"), "kazanlak_servers", PASSWORD) as site:
        yield site


def database_url(site_database, port=POSTGRES_PORT):
    return f"postgres://postgres@127.0.0.1:{port}/{site_database['name']}"


def files(site_database):
    return {k: site_database[k] for k in ("STATIC_ROOT", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT")}


@pytest.fixture
def redis_url():
    url = require_redis().rsplit("/", 1)[0] + "/12"
    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()


def proposal(authority):
    return {"authority_name": authority, "country": "MK", "city": "Кочани", "contact_person": "Марија",
            "email": "m@kocani.gov.mk", "areas": ["2"], "message": "Предложение.", "consent": "on"}  # fmt: skip


def test_two_servers_share_the_database_and_the_cache(site_database, redis_url):
    env = production_env(
        DATABASE_URL=database_url(site_database),
        REDIS_URL=redis_url,
        PROPOSALS_RATE_LIMIT="2/h",
        **files(site_database),
    )
    first, second = Server(env), Server(env)
    try:
        visitor = Browser()
        status, page, _ = visitor.get(f"{second.url}/kontakti/grao/")
        assert status == 200 and "Проверено на" not in page  # now cached

        editor = Browser()
        status, _, _ = editor.post_form(
            f"{first.url}/admin/login/",
            {"username": "ivan", "password": PASSWORD, "next": "/admin/"},
        )
        assert status == 302, "sign-in through the first server"
        status, _, _ = editor.post_form(
            f"{first.url}/admin/contacts/office/",
            {
                "action": "mark_verified_today",
                "_selected_action": [str(GRAO)],
                "index": "0",
                "select_across": "0",
            },
        )
        assert status == 302, "the admin action through the first server"
        assert wait_for(
            lambda: "Проверено на" in visitor.get(f"{second.url}/kontakti/grao/")[1], seconds=2
        ), "the second server shows the edit within a second (it reads the content version)"

        # The proposal limit (2 an hour a client address) counts across both servers.
        sender = Browser()
        assert sender.post_form(f"{first.url}/predlozhenie/", proposal("Първо"))[0] == 302
        assert sender.post_form(f"{second.url}/predlozhenie/", proposal("Второ"))[0] == 302
        status, page, _ = sender.post_form(f"{first.url}/predlozhenie/", proposal("Трето"))
        assert status == 429 and "Изпратихте вече 2 предложения" in page

        # Static files: compressed, hashed, cached for long.
        css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)[1]
        request = urllib.request.Request(f"{first.url}{css}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert "immutable" in response.headers["Cache-Control"]
    finally:
        first.stop()
        second.stop()


def test_with_the_database_down_a_friendly_503_then_recovery(site_database):
    proxy = TcpProxy(POSTGRES_PORT)
    server = Server(
        production_env(DATABASE_URL=database_url(site_database, proxy.port), **files(site_database))
    )
    visitor = Browser()
    try:
        assert visitor.get(f"{server.url}/kontakti/")[0] == 200
        proxy.cut()
        status, page, headers = visitor.get(f"{server.url}/organizatsii/")
        assert status == 503 and headers["Retry-After"] == "30"
        assert (
            "Сайтът е временно недостъпен" in page
            and "Traceback" not in page
            and "psycopg2" not in page
        )
        assert visitor.get(f"{server.url}/healthz")[0] == 503
        proxy.restore()
        assert wait_for(lambda: visitor.get(f"{server.url}/organizatsii/")[0] == 200), (
            "recovers by itself"
        )
        assert '"database": "ok"' in visitor.get(f"{server.url}/healthz")[1]
    finally:
        server.stop()
        proxy.cut()


def test_with_redis_down_pages_still_work_from_the_database(site_database, redis_url):
    proxy = TcpProxy(REDIS_PORT)
    cached_url = redis_url.replace(f":{REDIS_PORT}/", f":{proxy.port}/")
    server = Server(
        production_env(
            DATABASE_URL=database_url(site_database), REDIS_URL=cached_url, **files(site_database)
        )
    )
    visitor = Browser()
    try:
        assert visitor.get(f"{server.url}/gradove/")[0] == 200
        proxy.cut()
        for path in (
            "/gradove/",
            "/dokumenti/",
            "/kontakti/?q=98201",
            "/gradove/partner-cities.json",
        ):
            assert visitor.get(f"{server.url}{path}")[0] == 200, path
        status, body, _ = visitor.get(f"{server.url}/healthz")
        assert status == 200 and '"cache": "unavailable"' in body
        proxy.restore()
        assert wait_for(lambda: '"cache": "ok"' in visitor.get(f"{server.url}/healthz")[1])
    finally:
        server.stop()
        proxy.cut()
