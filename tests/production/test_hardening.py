"""What an attacker probes first: unused methods, a forged Host, the static manifest, the error
pages and the Server header; through the test client, and through real gunicorn where the answer
is gunicorn's or WhiteNoise's."""

import http.client
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from tests.production.servers import Server, manage, production_env

pytestmark = pytest.mark.django_db
SITE_URL = "https://international.kazanlak.bg"
UNUSED_METHODS = ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "CONNECT", "BREW"]


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["testserver", "international.kazanlak.bg"]


# Through Django (fast): the answers are the site's own.


@pytest.mark.parametrize("method", UNUSED_METHODS)
@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/", "Това действие не е позволено"),
        ("/admin/login/", "Това действие не е позволено"),
        ("/en/gradove/", "This action is not allowed"),
    ],
)
def test_unused_methods_get_the_site_s_405_page_without_a_query(
    client, django_assert_num_queries, method, url, heading
):
    with django_assert_num_queries(0):  # answered before the page cache, the session, the views
        response = client.generic(method, url, secure=True)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    content = response.content.decode()
    assert f"<h1>{heading}</h1>" in content and "<html lang=" in content
    assert "default-src 'self'" in response["Content-Security-Policy"]  # the site's headers too
    assert response.cookies == {}


def test_a_trace_request_echoes_nothing(client):
    response = client.generic("TRACE", "/", HTTP_COOKIE="sessionid=secret-session")
    assert response.status_code == 405 and "secret-session" not in response.content.decode()


def test_django_s_own_empty_405_gets_the_page_too(client):
    """robots.txt answers GET only (require_GET): Django's 405 has an empty body."""
    response = client.post("/robots.txt")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert "<h1>Това действие не е позволено</h1>" in response.content.decode()


def test_get_head_and_post_still_work(client, initial_data):
    assert client.get("/").status_code == 200
    assert client.head("/gradove/").status_code == 200
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 200


@pytest.mark.parametrize("host", ["international.kazanlak.bg:6666", "testserver:1"])
def test_robots_txt_names_the_configured_address_whatever_the_host(client, site_url, host):
    content = client.get("/robots.txt", HTTP_HOST=host).content.decode()
    assert f"Sitemap: {SITE_URL}/sitemap.xml\n" in content
    assert ":6666" not in content and "testserver" not in content


def test_the_sitemap_lists_the_configured_address_whatever_the_host(client, site_url, initial_data):
    response = client.get("/sitemap.xml", HTTP_HOST="international.kazanlak.bg:6666")
    root = ET.fromstring(response.content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.iterfind("s:url/s:loc", namespace)]
    assert len(locations) > 20
    assert all(url.startswith(SITE_URL + "/") for url in locations)
    assert f"{SITE_URL}/en/gradove/kochani-makedoniya/" in locations
    assert b":6666" not in response.content


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/", "Заявката не може да бъде обработена"),
        ("/en/gradove/", "The request could not be processed"),
    ],
)
def test_a_forged_host_gets_the_site_s_400_page_in_the_address_language(
    client, django_assert_num_queries, url, heading
):
    with django_assert_num_queries(0):
        response = client.get(url, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    content = response.content.decode()
    assert f"<h1>{heading}</h1>" in content
    assert "attacker.example" not in content and "Bad Request (400)" not in content


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/predlozhenie/", "Формулярът не е изпратен"),
        ("/en/predlozhenie/", "The form was not sent"),
        ("/admin/login/", "Формулярът не е изпратен"),
    ],
)
def test_a_form_without_its_csrf_token_gets_the_site_s_403_page(initial_data, url, heading):
    response = Client(enforce_csrf_checks=True).post(url, {"authority_name": "Община Кочани"})
    assert response.status_code == 403
    content = response.content.decode()
    assert f"<h1>{heading}</h1>" in content and "CSRF verification failed" not in content


# Through real gunicorn, in the production configuration.


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hardening")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        SITE_URL=SITE_URL,
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v0")
    server = Server(env)
    yield server
    server.stop()


def send(server, method, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode(), response.headers
    finally:
        connection.close()


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "OPTIONS"])
def test_gunicorn_passes_unused_methods_to_the_site_which_refuses_them(server, method):
    status, body, headers = send(server, method, "/", {"Cookie": "sessionid=secret-session"})
    assert status == 405 and headers["Allow"] == "GET, HEAD, POST"
    assert "<h1>Това действие не е позволено</h1>" in body and "secret-session" not in body


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/robots.txt"), ("GET", "/no-such-page/"), ("TRACE", "/"), ("GET", "/healthz")],
)
def test_no_response_names_the_server_software(server, method, path):
    _status, _body, headers = send(server, method, path)
    assert headers.get_all("Server") == ["kazanlak"]
    assert not any("gunicorn" in value.lower() for value in headers.values())


def test_robots_txt_ignores_the_port_in_the_host_header(server):
    status, body, _headers = send(server, "GET", "/robots.txt", {"Host": "127.0.0.1:6666"})
    assert status == 200
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in body and "6666" not in body


def test_the_static_manifest_is_not_served_but_the_files_are(server):
    status, _body, headers = send(server, "GET", "/static/staticfiles.json")
    assert status == 404
    assert headers.get_all("Server") == ["kazanlak"]
    _status, page, _headers = send(server, "GET", "/en/", {"Host": "attacker.example"})  # 400
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)[1]
    status, css, _headers = send(server, "GET", stylesheet)
    assert status == 200 and "{" in css
    for compressed in ("/static/staticfiles.json.gz", "/static/staticfiles.json.br"):
        assert send(server, "GET", compressed)[0] == 404


def test_a_forged_host_gets_the_site_s_400_page_through_gunicorn(server):
    status, body, _headers = send(server, "GET", "/en/", {"Host": "attacker.example"})
    assert status == 400
    assert "<h1>The request could not be processed</h1>" in body
    assert "attacker.example" not in body
    assert re.search(r'<link rel="stylesheet" href="/static/css/site\.[0-9a-f]{12}\.css">', body)
