"""nginx in front of gunicorn, configured by the files in deploy/nginx/, with production settings.

The shipped locations (deploy/nginx/snippets/) run in a plain-http server on a loopback port with
the paths and the upstream port substituted; the shipped HTTPS site file runs too, with a
self-signed certificate. Debian's nginx is needed (`.ci/run` installs it)."""

import gzip
import http.client
import itertools
import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.browser.staff import save
from tests.browser.staff import sign_in as sign_in_in_chromium
from tests.production.servers import ROOT, Server, free_port, manage, production_env, wait_for

DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PASSWORD = "rozova-dolina-2026!"
HOST = "international.kazanlak.bg"  # the shipped site file's server_name
SECURITY_HEADERS = ["Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
                    "Referrer-Policy", "Permissions-Policy", "X-Frame-Options",
                    "Cross-Origin-Opener-Policy"]  # fmt: skip
LIMIT = 8 * 1024 * 1024  # PROPOSAL_MAX_REQUEST_BYTES
# Debian's libnginx-mod-http-headers-more-filter: the shipped site clears nginx's Server header.
HEADERS_MORE = "/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so"


def require_nginx():
    missing = [name for name in (NGINX, "openssl") if not shutil.which(name)]
    if not os.path.exists(HEADERS_MORE):
        missing.append("libnginx-mod-http-headers-more-filter")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} required in CI; .ci/run installs Debian's nginx.")
        pytest.skip(
            f"{', '.join(missing)} not installed (apt-get install nginx); nginx tests skipped."
        )


class Nginx:
    """A non-daemon nginx with a configuration of its own in `folder`: pid, logs and temporary
    files there too."""

    def __init__(self, folder, servers, upstream_port):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        paths = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        # Started as root, nginx's workers would drop to `nobody`, who cannot read tmp_path.
        user = "user root;" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(f"""{user}
load_module {HEADERS_MORE};
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {paths["body"]};
    proxy_temp_path {paths["proxy"]};
    fastcgi_temp_path {paths["fastcgi"]};
    uwsgi_temp_path {paths["uwsgi"]};
    scgi_temp_path {paths["scgi"]};
    {servers.replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}")}
}}
""")
        self.command = [NGINX, "-e", "stderr", "-p", str(folder), "-c", str(folder / "nginx.conf")]

    def test_config(self):
        return subprocess.run([*self.command, "-t"], capture_output=True, text=True, timeout=10)

    def start(self, port):
        self.process = subprocess.Popen(
            [*self.command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def shipped_snippets(folder, files):
    """deploy/nginx/snippets/ with the production paths replaced by the tests' folders."""
    (folder / "snippets").mkdir(parents=True)
    for snippet in (DEPLOY / "snippets").glob("*.conf"):
        text = snippet.read_text()
        if snippet.name == "kazanlak-locations.conf":
            for path, ours in (("/srv/kazanlak/staticfiles/", files["STATIC_ROOT"]),
                               ("/srv/kazanlak/var/media/", files["MEDIA_ROOT"])):  # fmt: skip
                assert f"alias {path};" in text, path
                text = text.replace(f"alias {path};", f"alias {ours}/;")
        (folder / "snippets" / snippet.name).write_text(text)


CACHE_PATH = "/var/cache/nginx/kazanlak"  # the shipped site file's micro-cache folder


def plain_http_server(port, folder):
    """The shipped site file's upstream and micro-cache zone (its folder in `folder`), and a
    plain-http server with the shipped locations."""
    site_file = (DEPLOY / "kazanlak.conf").read_text()
    upstream = re.search(r"upstream kazanlak_gunicorn \{.*?\}", site_file, re.S)
    cache = re.search(rf"^proxy_cache_path {CACHE_PATH} .*?;", site_file, re.S | re.M)
    return f"""{upstream[0]}
    {cache[0].replace(CACHE_PATH, str(folder / "cache"))}
    server {{
        listen 127.0.0.1:{port};
        server_name {HOST};
        include snippets/kazanlak-locations.conf;
    }}"""


def fetch(port, path, method="GET", headers=None, body=None, source="127.0.0.1", tls=False):
    """One request from the given loopback address: (status, headers, body)."""
    if tls:
        context = ssl._create_unverified_context()  # the tests' self-signed certificate
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=20, source_address=(source, 0), context=context
        )
    else:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=20, source_address=(source, 0)
        )
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A SQLite database migrated and loaded, collected static files, a document in MEDIA_ROOT
    and an attachment beside it in PRIVATE_MEDIA_ROOT, as production lays them out."""
    require_nginx()
    folder = tmp_path_factory.mktemp("nginx-site")
    files = {"STATIC_ROOT": str(folder / "staticfiles"), "MEDIA_ROOT": str(folder / "var" / "media"),
             "PRIVATE_MEDIA_ROOT": str(folder / "var" / "private")}  # fmt: skip
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder / 'var' / 'db.sqlite3'}",
        ALLOWED_HOSTS=f"127.0.0.1,localhost,{HOST}",
        BEHIND_TLS_PROXY="1",
        RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP",
        PROPOSALS_RATE_LIMIT="1/h",
        AXES_FAILURE_LIMIT="2",
        SECURE_HSTS_SECONDS="31536000",  # production's; over plain http the app sends none
        **files,
    )
    (folder / "var").mkdir()
    manage(env, "migrate", "--noinput")
    manage(env, "load_initial_data")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage({**env, "NEW_PASSWORD": PASSWORD}, "create_staff_user", "ivan", "--role", "contacts",
           "--password-env", "NEW_PASSWORD")  # fmt: skip
    document = Path(files["MEDIA_ROOT"]) / "documents" / "sporazumenie-kochani.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 public agreement")
    attachment = Path(files["PRIVATE_MEDIA_ROOT"]) / "proposals" / "2026" / "attachment.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"%PDF-1.4 PRIVATE proposal attachment")
    return {"folder": folder, "env": env, "files": files}


@pytest.fixture(scope="module")
def app(site):
    server = Server(site["env"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def port(site, app):
    """The plain-http server with the shipped locations, in front of `app`."""
    port = free_port()
    folder = site["folder"] / "nginx"
    nginx = Nginx(folder, plain_http_server(port, folder), app.port)
    shipped_snippets(folder, site["files"])
    nginx.start(port)
    yield port
    nginx.stop()


def app_headers(app, path="/"):
    """The security headers of the app's own answer over HTTPS (as nginx tells it), all present."""
    status, headers, _ = fetch(app.port, path, headers={"X-Forwarded-Proto": "https"})
    assert status == 200
    found = security_headers(headers)
    assert None not in found.values(), found
    return found


def security_headers(headers):
    """Each security header's value, None when absent; none may come twice."""
    found = {}
    for name in SECURITY_HEADERS:
        values = headers.get_all(name) or []
        assert len(values) <= 1, (name, values)
        found[name] = values[0] if values else None
    if found["Content-Security-Policy"]:  # django-csp writes its directives in no fixed order
        directives = found["Content-Security-Policy"].split(";")
        found["Content-Security-Policy"] = sorted(d.strip() for d in directives)
    return found


def hashed_stylesheet(port):
    _, _, page = fetch(port, "/")
    return re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page.decode())[1]


def test_static_files_cached_for_a_year_gzipped_with_the_apps_security_headers(site, app, port):
    css = hashed_stylesheet(port)
    status, headers, body = fetch(port, css, headers={"Accept-Encoding": "gzip"})
    # nginx's wording; WhiteNoise (the app) would say "max-age=31536000, public, immutable".
    assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    collected = Path(site["files"]["STATIC_ROOT"]) / css.removeprefix("/static/")
    assert gzip.decompress(body) == collected.read_bytes()
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    assert security_headers(headers) == app_headers(app)

    status, headers, body = fetch(port, css)  # a client without gzip
    assert status == 200 and "Content-Encoding" not in headers and body == collected.read_bytes()

    # An unhashed name may change with the next release: cached briefly, not for a year.
    status, headers, _ = fetch(port, "/static/css/site.css")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=3600"
    assert security_headers(headers) == app_headers(app)

    # collectstatic's manifest lists every file: the app hides it, and so does nginx.
    for manifest in ("/static/staticfiles.json", "/static/staticfiles.json.gz"):
        assert fetch(port, manifest, headers={"Accept-Encoding": "gzip"})[0] == 404, manifest


def test_media_files_are_served_with_the_apps_security_headers(app, port):
    status, headers, body = fetch(port, "/media/documents/sporazumenie-kochani.pdf")
    assert status == 200 and body == b"%PDF-1.4 public agreement"
    assert headers["Content-Type"] == "application/pdf"
    assert security_headers(headers) == app_headers(app)


@pytest.mark.parametrize(
    "path",
    [
        "/media/../private/proposals/2026/attachment.pdf",
        "/media../private/proposals/2026/attachment.pdf",  # nginx's alias pitfall
        "/media/%2e%2e/private/proposals/2026/attachment.pdf",
        "/media/documents/..%2f..%2fprivate/proposals/2026/attachment.pdf",
        "/static/../var/private/proposals/2026/attachment.pdf",
        "/static..%2fvar/private/proposals/2026/attachment.pdf",
        "/private/proposals/2026/attachment.pdf",
        "/var/private/proposals/2026/attachment.pdf",
    ],
)
def test_the_private_folder_is_out_of_reach(port, path):
    status, _, body = fetch(port, path)
    assert status in {400, 404} and b"PRIVATE" not in body, (status, path)


@pytest.mark.parametrize("path", ["/", "/en/kontakti/", "/predlozhenie/", "/no-such-page/"])
def test_pages_come_from_the_app_with_its_headers_intact(app, port, path):
    status, headers, body = fetch(port, path)
    direct_status, direct_headers, _ = fetch(app.port, path)
    assert status == direct_status and b"<h1" in body
    # Each header once (no copy added by nginx), with the app's own value.
    assert security_headers(headers) == security_headers(direct_headers)


MADE_UP = itertools.count(1)  # another made-up address on each request


def csrf_token(port, path, source):
    """The CSRF cookie and the form's token, as a browser at `source` gets them."""
    _, headers, page = fetch(port, path, source=source)
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"])[1]
    return cookie, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode())[1]


def csrf_post(port, path, data, source):
    """GET the form, then POST it from the same address, with made-up address headers that nginx
    must not pass on."""
    cookie, token = csrf_token(port, path, source)
    made_up = {"X-Real-IP": f"203.0.113.{next(MADE_UP)}", "X-Forwarded-For": "203.0.113.200",
               "Forwarded": "for=203.0.113.201", "X_Real_IP": "203.0.113.202"}  # fmt: skip
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
    status, _, page = fetch(port, path, "POST", body=body, source=source, headers={
        **made_up, "Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded",
    })  # fmt: skip
    return status, page.decode()


def proposal(authority):
    return {"authority_name": authority, "country": "MK", "city": "Кочани", "contact_person": "Марија",
            "email": "marija@kocani.gov.mk", "areas": ["2"], "message": "Предложение.", "consent": "on"}  # fmt: skip


def test_the_app_counts_each_visitor_by_the_address_nginx_saw(port):
    """Through nginx the app's peer is always 127.0.0.1; nginx tells it the visitor's own address
    (here 127.0.0.2 and 127.0.0.3), and no header a visitor makes up changes that."""
    # The proposal limit: 1 an hour in these tests.
    assert csrf_post(port, "/predlozhenie/", proposal("Първо"), "127.0.0.2")[0] == 302
    status, _ = csrf_post(port, "/predlozhenie/", proposal("Второ"), "127.0.0.2")
    assert status == 429, "made-up headers gave the same visitor a new address"
    assert csrf_post(port, "/predlozhenie/", proposal("Трето"), "127.0.0.3")[0] == 302, (
        "another visitor shares the first one's limit"
    )

    # The sign-in lock-out (2 wrong passwords), counted the same way.
    wrong = {"username": "ivan", "password": "wrong", "next": "/admin/"}
    assert csrf_post(port, "/admin/login/", wrong, "127.0.0.2")[0] == 200
    assert csrf_post(port, "/admin/login/", wrong, "127.0.0.2")[0] == 429, "not locked out"
    right = {**wrong, "password": PASSWORD}
    assert csrf_post(port, "/admin/login/", right, "127.0.0.2")[0] == 429
    assert csrf_post(port, "/admin/login/", right, "127.0.0.3")[0] == 302, (
        "one visitor's wrong passwords locked the user out for everyone"
    )


def test_a_body_over_the_forms_limit_is_refused_by_nginx_with_413(port):
    started = time.monotonic()
    status, headers, body = fetch(port, "/predlozhenie/", "POST", body=b"x" * (LIMIT + 1),
                                  headers={"Content-Type": "application/octet-stream"})  # fmt: skip
    page = body.decode()
    assert status == 413 and "Файлът е твърде голям" in page
    assert 'id="main"' not in page, "the app's own page: the body reached gunicorn"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]

    def chunks():  # no Content-Length (chunked): nginx counts as it reads
        for _ in range(9):
            yield b"x" * (1024 * 1024)

    status, _, body = fetch(port, "/predlozhenie/", "POST", body=chunks())
    assert status == 413 and "Файлът е твърде голям" in body.decode()

    # A form of exactly 8 MB reaches the app, which answers for itself (the file is over 5 MB).
    cookie, token = csrf_token(port, "/predlozhenie/", "127.0.0.4")
    boundary = "kazanlak-boundary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="attachment"; '
            f'filename="plan.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 ').encode()  # fmt: skip
    tail = f"\r\n--{boundary}--\r\n".encode()
    body = head + b"x" * (LIMIT - len(head) - len(tail)) + tail
    assert len(body) == LIMIT
    status, _, page = fetch(port, "/predlozhenie/", "POST", body=body, source="127.0.0.4", headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": f"csrftoken={cookie}",
    })  # fmt: skip
    assert status == 400 and 'id="main"' in page.decode() and "5 MB" in page.decode()
    assert time.monotonic() - started < 10


def test_with_gunicorn_down_nginx_answers_the_sites_503_page(site, tmp_path):
    port = free_port()
    nginx = Nginx(tmp_path, plain_http_server(port, tmp_path), free_port())  # nothing listens
    shipped_snippets(tmp_path, site["files"])
    nginx.start(port)
    try:
        status, headers, body = fetch(port, "/kontakti/")
    finally:
        nginx.stop()
    assert status == 503 and headers["Retry-After"] == "30"
    assert "Сайтът е временно недостъпен" in body.decode()
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_shipped_https_site_redirects_http_and_serves_the_same(site, app, tmp_path):
    """deploy/nginx/kazanlak.conf itself, with its ports, certificate and log paths replaced."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         f"/CN={HOST}", "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    http_port, https_port = free_port(), free_port()
    site_file = (DEPLOY / "kazanlak.conf").read_text()
    for line, ours in {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "ssl_certificate /etc/ssl/kazanlak/fullchain.pem;": f"ssl_certificate {tmp_path}/cert.pem;",
        "ssl_certificate_key /etc/ssl/kazanlak/privkey.pem;": f"ssl_certificate_key {tmp_path}/key.pem;",
        "/var/log/nginx/": f"{tmp_path}/",
        CACHE_PATH: f"{tmp_path}/cache",
    }.items():  # fmt: skip
        assert line in site_file, line
        site_file = site_file.replace(line, ours)
    nginx = Nginx(tmp_path, site_file, app.port)
    shipped_snippets(tmp_path, site["files"])
    checked = nginx.test_config()
    assert checked.returncode == 0, checked.stderr
    nginx.start(https_port)
    try:
        status, headers, _ = fetch(http_port, "/kontakti/?q=98201")
        assert status == 301 and headers["Location"] == f"https://{HOST}/kontakti/?q=98201"

        status, headers, page = fetch(https_port, "/", tls=True)
        assert status == 200 and "<h1" in page.decode()
        # Over HTTPS the app sends HSTS too: nginx passes every header on once, unchanged.
        assert security_headers(headers) == app_headers(app)

        css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page.decode())[1]
        status, headers, _ = fetch(https_port, css, tls=True)
        assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert security_headers(headers) == app_headers(app)
    finally:
        nginx.stop()


def test_no_server_header_names_the_software(port):
    """Neither nginx nor gunicorn says what it is, on a page, a static file or nginx's own 413."""
    answers = [fetch(port, "/"), fetch(port, hashed_stylesheet(port)), fetch(port, "/nyama/")]
    answers.append(fetch(port, "/predlozhenie/", method="POST", body=b"x" * (LIMIT + 1)))
    assert [status for status, _headers, _body in answers] == [200, 200, 404, 413]
    for _status, headers, _body in answers:
        assert "Server" not in headers, headers.get("Server")


def cache_status(headers):
    return headers["X-Cache-Status"]


def sign_in(port, source):
    """Sign ivan in through nginx: his cookies (session and CSRF), as a browser keeps them."""
    cookie, token = csrf_token(port, "/admin/login/", source)
    body = urllib.parse.urlencode({"username": "ivan", "password": PASSWORD, "next": "/admin/",
                                   "csrfmiddlewaretoken": token})  # fmt: skip
    status, headers, _ = fetch(port, "/admin/login/", "POST", body=body, source=source, headers={
        "Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded",
    })  # fmt: skip
    assert status == 302, status
    cookies = dict(
        re.findall(r"(sessionid|csrftoken)=([^;]+)", ", ".join(headers.get_all("Set-Cookie")))
    )
    return {"sessionid": cookies["sessionid"], "csrftoken": cookies.get("csrftoken", cookie)}


def office_shell(site, code):
    manage(site["env"], "shell", "-v", "0", "-c", f"from contacts.models import Office; {code}")


def test_public_pages_are_micro_cached_with_the_apps_headers_intact(app, port):
    path = f"/en/kontakti/?visit={time.monotonic_ns()}"  # an address nobody asked for yet
    status, first_headers, first = fetch(port, path)
    assert status == 200 and cache_status(first_headers) == "MISS"
    status, headers, body = fetch(port, path)
    assert status == 200 and cache_status(headers) == "HIT" and body == first
    # The app's own headers, once each and unchanged: security, caching for browsers, validator.
    _, direct, _ = fetch(app.port, path)
    assert security_headers(headers) == security_headers(direct)
    for name in ("Cache-Control", "Content-Type", "Content-Language", "ETag", "Vary"):
        assert headers.get_all(name) == direct.get_all(name), name
    assert "Set-Cookie" not in headers

    # Kept until the end of the second the app made it in (at most 1 s: X-Accel-Expires), then
    # the next visitor gets the old copy once more while it is made afresh behind.
    started = time.monotonic()
    while (status := cache_status(fetch(port, path)[1])) == "HIT":
        assert time.monotonic() - started < 1.1, "kept longer than a second"
        time.sleep(0.05)
    assert status in {"STALE", "UPDATING", "EXPIRED"}, status
    assert "X-Accel-Expires" not in headers  # nginx's instruction, not the visitor's

    # A page that sets a cookie (the form's CSRF cookie) is never kept, nor is any POST.
    for _ in range(2):
        status, headers, _ = fetch(port, "/predlozhenie/")
        assert status == 200 and "csrftoken=" in headers["Set-Cookie"]
        assert cache_status(headers) == "MISS"
    fetch(port, "/kontakti/")
    assert cache_status(fetch(port, "/kontakti/")[1]) == "HIT"
    status, headers, body = fetch(port, "/kontakti/", "POST", body=b"q=1",
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert status == 403 and "X-Cache-Status" not in headers, "a POST answered from the cache"
    # A visitor with a CSRF cookie (who has seen a form) always reaches the app.
    headers = fetch(port, "/kontakti/", headers={"Cookie": "csrftoken=abc"})[1]
    assert cache_status(headers) == "BYPASS"


@pytest.mark.parametrize("attempt", range(3))  # the worst case is a matter of timing: try again
def test_a_staff_edit_shows_to_the_editor_at_once_and_to_visitors_within_2_seconds(
    site, port, attempt
):
    editor = sign_in(port, f"127.0.0.{9 + attempt * 10}")
    session = {"Cookie": f"sessionid={editor['sessionid']}"}  # the session cookie alone
    # The app lets nginx keep a page to the end of the current second: a MISS made late in a
    # second may be stale by the next request (more often on a busy machine, as under xdist).
    assert wait_for(lambda: cache_status(fetch(port, "/kontakti/")[1]) == "HIT", seconds=3)
    name = f"Горещ телефон {time.monotonic_ns()}"
    # Saved by another process, as by another server: neither gunicorn worker hears of it.
    office_shell(
        site, f"o = Office.objects.get(slug='goresht-telefon'); o.name_bg = '{name}'; o.save()"
    )
    saved = time.monotonic()
    status, headers, body = fetch(port, "/kontakti/", headers=session)
    assert status == 200 and cache_status(headers) == "BYPASS" and name in body.decode()

    while name not in fetch(port, "/kontakti/")[2].decode():
        assert time.monotonic() - saved < 2.0, "the edit did not show to visitors within 2 s"
        time.sleep(0.02)
    print(f"edit shown to visitors after {time.monotonic() - saved:.2f} s")
    # What the editor saw was not stored for the others: nothing of a session is ever cached.
    assert cache_status(fetch(port, "/kontakti/")[1]) in {"HIT", "MISS", "STALE", "UPDATING"}


def test_a_draft_preview_is_never_cached(site, port):
    editor = sign_in(port, "127.0.0.10")
    office_shell(
        site, "Office.objects.create(name_bg='Тайно звено', slug='tayno-nginx', is_published=False)"
    )
    path = "/kontakti/tayno-nginx/"
    for cookies in (f"sessionid={editor['sessionid']}",
                    f"sessionid={editor['sessionid']}; csrftoken={editor['csrftoken']}"):  # fmt: skip
        status, headers, body = fetch(port, path, headers={"Cookie": cookies})
        assert status == 200 and "Тайно звено" in body.decode()
        assert cache_status(headers) == "BYPASS"
        assert "no-store" in headers["Cache-Control"]
    for _ in range(2):
        status, headers, body = fetch(port, path)
        assert status == 404 and "Тайно звено" not in body.decode()
        assert cache_status(headers) == "MISS"


def test_in_chromium_staff_sign_in_on_a_port_of_its_own_edit_and_visitors_at_360px_see_it(
    site, port, browser
):
    """As `make serve-proxy` is used: http://127.0.0.1:8080, a port in the address. The browser
    sends that port in Host and in the forms' Origin, and Django's CSRF check compares the two:
    nginx must pass the Host on whole, or no form (the sign-in first) is ever accepted."""
    base = f"http://127.0.0.1:{port}"
    pk = manage(site["env"], "shell", "-v", "0", "-c",
                "from contacts.models import Office; print(Office.objects.get(slug='grao').pk)")  # fmt: skip
    editor = browser.new_context(locale="bg-BG").new_page()
    visitor = browser.new_context(locale="bg-BG", viewport={"width": 360, "height": 740}).new_page()
    visitor.goto(f"{base}/kontakti/grao/")  # in nginx's micro-cache from now on
    assert "ГРАО" in visitor.locator("h1").inner_text()

    sign_in_in_chromium(editor, base, "ivan")
    editor.goto(f"{base}/admin/contacts/office/{pk.strip()}/change/")
    name = f"ГРАО и гражданско състояние {time.monotonic_ns() % 10**6}"
    editor.fill("#id_name_bg", name)
    save(editor, base, "/admin/contacts/office/")
    saved = time.monotonic()

    editor.goto(f"{base}/kontakti/grao/")
    assert editor.locator("h1").inner_text() == name, "the editor must see the edit at once"
    while visitor.locator("h1").inner_text() != name:
        assert time.monotonic() - saved < 2.0, "the edit did not show to visitors within 2 s"
        visitor.wait_for_timeout(50)
        visitor.reload()
    print(f"edit shown to the visitor at 360 px after {time.monotonic() - saved:.2f} s")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 360

    # A draft: the editor previews it, never from nginx's cache; the visitor gets 404, always.
    office_shell(
        site,
        "Office.objects.create(name_bg='Звено в чернова', slug='chernova-chromium', "
        "is_published=False)",
    )
    preview = editor.goto(f"{base}/kontakti/chernova-chromium/")
    assert preview.status == 200 and editor.locator(".draft-banner").is_visible()
    assert preview.headers["x-cache-status"] == "BYPASS"
    assert "no-store" in preview.headers["cache-control"]
    for _ in range(2):
        answer = visitor.goto(f"{base}/kontakti/chernova-chromium/")
        assert answer.status == 404 and "Звено в чернова" not in visitor.content()
