"""Faults that answer fast: a PostgreSQL or a Redis that hangs (accepts connections, never
answers) costs a request a few seconds at most, and the site recovers by itself.

Real gunicorn servers with the production settings, on PostgreSQL; the hanging services are a
TcpProxy that holds every byte (`hang()`) and a SilentServer, on loopback."""

import json
import time

import pytest
import redis

from tests.production.servers import (
    Browser,
    Server,
    SilentServer,
    TcpProxy,
    production_site,
    site_env,
    wait_for,
)
from tests.production.test_servers import proposal
from tests.services import POSTGRES_PORT, REDIS_PORT, require_redis

PASSWORD = "rozova-dolina-2026!"
GRAO, LOCAL_TAXES = 7, 8  # the fixture's primary keys of „ГРАО“ and „Местни приходи“
CHECKED = "Проверено на"  # shown only once the date is known


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with production_site(tmp_path_factory.mktemp("faults"), "kazanlak_faults", PASSWORD) as site:
        yield site


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_a_hanging_database_answers_503_fast_and_the_site_recovers(site):
    database = TcpProxy(POSTGRES_PORT)
    server = Server(site_env(site, database_port=database.port))
    visitor = Browser()
    try:
        assert visitor.get(f"{server.url}/kontakti/")[0] == 200  # its connection is kept open
        database.hang()
        # The kept connection stops answering; then a new one gets no answer either.
        for path in ("/organizatsii/", "/dokumenti/"):
            (status, page, headers), seconds = timed(lambda p=path: visitor.get(server.url + p))
            assert status == 503 and headers["Retry-After"] == "30", path
            assert "Сайтът е временно недостъпен" in page and "Traceback" not in page
            assert seconds < 5, f"{path} took {seconds:.1f} s"
        (status, body, _), seconds = timed(lambda: visitor.get(f"{server.url}/healthz"))
        assert status == 503 and json.loads(body)["status"] == "down"
        assert seconds < 3, f"/healthz took {seconds:.1f} s"

        database.resume()
        assert wait_for(lambda: visitor.get(f"{server.url}/organizatsii/")[0] == 200, 10), (
            "recovers by itself"
        )
        # The probe on a kept connection that stops answering.
        assert visitor.get(f"{server.url}/healthz")[0] == 200
        database.hang()
        (status, _body, _), seconds = timed(lambda: visitor.get(f"{server.url}/healthz"))
        assert status == 503 and seconds < 3, f"/healthz took {seconds:.1f} s"
        database.resume()
        assert wait_for(lambda: visitor.get(f"{server.url}/healthz")[0] == 200, 10)
    finally:
        server.stop()
        database.cut()


def test_a_hanging_redis_costs_one_short_wait_every_few_seconds_not_one_per_call(site):
    """Each call to a Redis that hangs would wait the cache's socket timeout (0.25 s): the circuit
    breaker lets one call wait every few seconds per process. /healthz makes one call, a proposal
    two (its limit); pages make none."""
    silent = SilentServer()
    server = Server(site_env(site, REDIS_URL=f"redis://127.0.0.1:{silent.port}/0"))
    visitor = Browser()
    try:
        # Pages first: none of them asks Redis. The first round warms both workers up (a cold
        # start alone can take seconds on a busy machine, as under xdist); the next is timed.
        pages = ("/", "/gradove/", "/kontakti/", "/gradove/kochani-makedoniya/")
        for path in pages * 2:
            assert visitor.get(server.url + path)[0] == 200, path
        for path in pages * 2:
            (status, _page, _), seconds = timed(lambda p=path: visitor.get(server.url + p))
            assert status == 200 and seconds < 1.5, f"{path} took {seconds:.1f} s"
        assert not silent.connections, "a page asked Redis"
        probes = []
        for _ in range(10):
            (status, body, _), seconds = timed(lambda: visitor.get(f"{server.url}/healthz"))
            assert status == 200 and json.loads(body)["cache"] == "unavailable"
            probes.append(seconds)
        # One wait per worker (two workers), then none: not 10 × 0.25 s.
        assert sum(probes) < 1.2, f"10 probes took {sum(probes):.2f} s: {probes}"
        assert len(silent.connections) <= 2, "Redis was asked more than once per worker"
        (status, _page, _), seconds = timed(
            lambda: Browser().post_form(f"{server.url}/predlozhenie/", proposal("При спрял Redis"))
        )
        assert status == 302 and seconds < 2, f"a proposal took {seconds:.1f} s"
    finally:
        server.stop()
        silent.close()


@pytest.fixture
def redis_url():
    url = require_redis().rsplit("/", 1)[0] + "/11"  # a database of these tests' own
    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()


def mark_checked_today(editor, server, office):
    return editor.post_form(
        f"{server.url}/admin/contacts/office/",
        {"action": "mark_verified_today", "_selected_action": [str(office)], "index": "0",
         "select_across": "0"},
    )[0]  # fmt: skip


def test_an_edit_while_redis_is_away_shows_on_the_other_server_within_5_seconds(site, redis_url):
    redis_proxy = TcpProxy(REDIS_PORT)
    settings = site_env(
        site, REDIS_URL=redis_url.replace(f":{REDIS_PORT}/", f":{redis_proxy.port}/")
    )
    first, second = Server(settings), Server(settings)
    editor, visitor = Browser(), Browser()

    def second_shows_it_checked(path, seconds=5):
        return wait_for(lambda: CHECKED in visitor.get(second.url + path)[1], seconds)

    try:
        status, _, _ = editor.post_form(
            f"{first.url}/admin/login/",
            {"username": "ivan", "password": PASSWORD, "next": "/admin/"},
        )
        assert status == 302, "sign-in through the first server"

        # Redis hangs, and comes back with its data.
        assert CHECKED not in visitor.get(f"{second.url}/kontakti/grao/")[1]  # now cached there
        redis_proxy.hang()
        status, seconds = timed(lambda: mark_checked_today(editor, first, GRAO))
        assert status == 302 and seconds < 2, f"the admin action took {seconds:.1f} s"
        assert second_shows_it_checked("/kontakti/grao/"), "while Redis hangs"
        redis_proxy.resume()
        assert second_shows_it_checked("/kontakti/grao/", seconds=0.5), "after Redis returns"

        # Redis is cut off, and comes back empty.
        assert CHECKED not in visitor.get(f"{second.url}/kontakti/mestni-prihodi/")[1]
        redis_proxy.cut()
        assert mark_checked_today(editor, first, LOCAL_TAXES) == 302
        redis.Redis.from_url(redis_url).flushdb()
        redis_proxy.restore()
        assert second_shows_it_checked("/kontakti/mestni-prihodi/"), "after Redis returns empty"
    finally:
        first.stop()
        second.stop()
        redis_proxy.cut()
