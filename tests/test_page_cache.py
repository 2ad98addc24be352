"""The one page cache (core.page_cache): whole public pages for anonymous visitors, keyed
by language, the address with its query string and the content version; served before the rest
of the middleware, with the headers stored with the page."""

import datetime
import gzip
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db
CITY = "/gradove/kochani-makedoniya/"
SPAM = "utm_source=spam.example"
SOFIA = datetime.timezone(datetime.timedelta(hours=2))  # 25 November: winter time


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def addresses_shown(html):
    """og:url, the canonical link and the hreflang links of a page."""
    og = re.findall(r'<meta property="og:url" content="([^"]*)">', html)
    links = re.findall(r'<link rel="(?:canonical|alternate)"[^>]* href="([^"]*)">', html)
    return og + links


def test_a_hit_is_the_stored_page_with_its_headers_and_one_query(client, initial_data, settings):
    """The headers the other middleware add (security, CSP, Permissions-Policy, X-Frame-Options)
    and the ETag come with the stored page: a hit is answered before that middleware runs, so a
    policy changed since then (here in the settings) shows only on pages made afterwards."""
    first, made = get(client, CITY)
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "img-src": ["'self'"]}}
    again, queries = get(client, CITY)
    assert made > 1 and queries == 1  # the content version's
    assert again.content == first.content
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "ETag",
    ):
        assert again[header] == first[header], header
    assert "img-src 'self' data:" in again["Content-Security-Policy"]  # as stored
    made_now = client.get("/gradove/")["Content-Security-Policy"]
    assert "img-src 'self';" in made_now + ";" and "data:" not in made_now
    assert again["Cache-Control"] == "no-cache"


def test_a_hit_answers_304_to_a_browser_whose_copy_is_current(client, initial_data):
    first = client.get(CITY)
    again, queries = get(client, CITY, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and queries == 1


@pytest.mark.parametrize(
    "url",
    ["/", CITY, "/gradove/", "/initsiativi/", "/dokumenti/", "/kontakti/", "/kontakti/grao/"],
)
def test_public_pages_never_vary_on_cookie_for_a_visitor_without_a_session(
    client, initial_data, url
):
    """Any cookie but the session's (an analytics one, the CSRF one from the form) leaves the page
    public: the draft check does not read the session without a session cookie."""
    client.cookies["_ga"] = "GA1.1.123"
    client.cookies["csrftoken"] = "x" * 32
    first, _made = get(client, url)
    again, queries = get(client, url)
    assert first.status_code == 200
    assert "Cookie" not in first.get("Vary", "") and "Cookie" not in again.get("Vary", "")
    assert queries == 1, "served from the page cache"


def test_a_request_with_a_session_cookie_is_neither_served_nor_stored(
    client, admin_client, initial_data
):
    """Staff (any session) get the page made for them, and what they get is never stored."""
    client.get(CITY)  # stored for the public
    _staff_page, staff_queries = get(admin_client, CITY)
    assert staff_queries > 1
    _public, public_queries = get(client, "/initsiativi/")
    assert public_queries > 1  # a staff visit to it did not store it either...
    admin_client.get("/dokumenti/")
    _public, public_queries = get(client, "/dokumenti/")
    assert public_queries > 1  # ...nor this one


def test_the_proposal_form_is_never_cached(client, initial_data):
    """It sets the CSRF cookie: every visit gets its own."""
    url = reverse("partnerships:proposal")
    client.get(url)
    again = client.get(url)
    assert "csrftoken" in again.cookies and again.status_code == 200


def test_a_visitors_query_string_never_reaches_og_url_canonical_or_hreflang(client, initial_data):
    """The city page's og:url once kept the first visitor's `?utm_source=…` for everyone."""
    spammed = client.get(f"{CITY}?{SPAM}").content.decode()
    plain = client.get(CITY).content.decode()
    for html in (spammed, plain):
        shown = addresses_shown(html)
        assert f"http://testserver{CITY}" in shown
        assert '<link rel="canonical" href="http://testserver/gradove/kochani-makedoniya/">' in html
        assert not any("spam" in address for address in shown), shown


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (f"/gradove/?country=MK&{SPAM}", "http://testserver/gradove/?country=MK"),
        (f"/initsiativi/?page=2&{SPAM}", "http://testserver/initsiativi/?page=2"),
        (f"/kontakti/?q=98201&{SPAM}", "http://testserver/kontakti/?q=98201"),
        (f"/en/gradove/?{SPAM}", "http://testserver/en/gradove/"),
    ],
)
def test_a_pages_own_filters_stay_in_its_canonical_address(client, initial_data, url, canonical):
    html = client.get(url).content.decode()
    assert f'<link rel="canonical" href="{canonical.replace("&", "&amp;")}">' in html
    assert "spam" not in " ".join(addresses_shown(html))


def test_the_cache_key_has_the_query_string(client, initial_data):
    italian = "/gradove/katsago-san-martino-italiya/"
    assert italian not in client.get("/gradove/?country=MK").content.decode()
    assert italian in client.get("/gradove/").content.decode()


def test_open_now_changes_at_12_30_on_the_next_request(client, initial_data):
    """The directory is kept no longer than the next opening or closing (its max-age): with the
    clock moved across 12:30, the next request shows the new status, not the stored page."""
    with time_machine.travel(datetime.datetime(2026, 11, 25, 12, 29, 30, tzinfo=SOFIA)) as clock:
        before = client.get("/kontakti/")
        assert "Отворено сега · затваря в 12:30" in before.content.decode()
        _again, queries = get(client, "/kontakti/")
        assert queries == 1  # still before 12:30: from the page cache
        clock.shift(datetime.timedelta(seconds=35))
        after = client.get("/kontakti/").content.decode()
    assert "Затворено сега · отваря в 13:30" in after
    assert "Отворено сега · затваря в 12:30" not in after


def test_an_export_is_cached_apart_gzipped_and_plain(client, initial_data):
    url = "/gradove/partner-cities.json"
    compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    plain, queries = get(client, url)
    assert compressed["Content-Encoding"] == "gzip" and not plain.has_header("Content-Encoding")
    assert gzip.decompress(compressed.content) == plain.content and queries > 1
    again, queries = get(client, url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert again.content == compressed.content and queries == 1


def test_page_cache_seconds_0_switches_it_off(client, initial_data, settings):
    """Every page made afresh, and no content version read (nothing would use it)."""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    with CaptureQueriesContext(connection) as first:
        client.get(CITY)
    with CaptureQueriesContext(connection) as again:
        client.get(CITY)
    assert len(again) == len(first) > 1
    assert not any("core_contentversion" in query["sql"] for query in again.captured_queries)
