"""Real server processes for the production tests: gunicorn on loopback ports, a PostgreSQL
database of their own, and a TCP proxy that can cut a service off and bring it back."""

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from tests.services import POSTGRES_PORT, require_postgres

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "multi-server-tests-" + "k" * 40


def wait_for(check, seconds=10, interval=0.1):
    """True as soon as `check()` is, False if it never is within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return False


def site_env(site, database_port=POSTGRES_PORT, **extra):
    """The production settings as they are (timeouts included), on a `production_site`."""
    files = {k: v for k, v in site.items() if k != "name"}
    url = f"postgres://postgres@127.0.0.1:{database_port}/{site['name']}"
    return production_env(DATABASE_URL=url, **files, **extra)


@contextlib.contextmanager
def production_site(folder, prefix, staff_password):
    """A PostgreSQL database of its own, migrated and loaded, static files collected in `folder`,
    and a contacts editor „ivan“; dropped afterwards."""
    admin = require_postgres()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    site = {"name": name, "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"), "PRIVATE_MEDIA_ROOT": str(folder / "private")}  # fmt: skip
    try:
        env = site_env(site)
        manage(env, "migrate", "--noinput")
        manage(env, "load_initial_data")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage({**env, "NEW_PASSWORD": staff_password}, "create_staff_user", "ivan",
               "--role", "contacts", "--password-env", "NEW_PASSWORD")  # fmt: skip
        yield site
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(**settings):
    """The production configuration over plain http, as `make serve` runs it."""
    keep = {
        k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "kazanlak_site.settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PROPOSALS_NOTIFY_EMAILS": "international@example.org",
        **settings,
    }


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Server:
    """gunicorn serving the site on a loopback port."""

    def __init__(self, env, workers=1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "kazanlak_site.wsgi", "--config", "gunicorn.conf.py",
                   "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}", "--timeout", "30"]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.wait_until_ready()

    def wait_until_ready(self, seconds=20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Browser:
    """Just enough of a browser: cookies, no redirects followed, the status of every answer."""

    class _NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirects
        )

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(url, body, timeout=15) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def get(self, url):
        return self.request(url)

    def post_form(self, form_url, data, action_url=None):
        """GET the form for its CSRF token, then POST it, as a browser would."""
        _status, page, _headers = self.get(form_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        return self.request(action_url or form_url, {**data, "csrfmiddlewaretoken": token})


class TcpProxy:
    """Forwards a loopback port to a service; `cut()` drops it and every open connection, as an
    outage would; `restore()` listens again on the same port. `hang()` keeps every connection
    open and accepts new ones but passes nothing on, as a server that hangs does (the worst case:
    no error, no answer); `resume()` lets the held data flow again."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.port = free_port()
        self.connections = []
        self.flowing = threading.Event()
        self.flowing.set()
        self.restore()

    def hang(self):
        self.flowing.clear()

    def resume(self):
        self.flowing.set()

    def restore(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client):
        self.flowing.wait()  # while hanging, a new connection is accepted and left waiting
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        self.connections += [client, upstream]
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        with contextlib.suppress(OSError):
            self.listener.shutdown(
                socket.SHUT_RDWR
            )  # wakes the accept() thread; close() alone does not
        self.listener.close()
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
        self.connections = []


class SilentServer:
    """Accepts TCP connections on a loopback port and never says a word: a server that hangs
    (an SMTP server, a database, Redis). Counts the connections it took."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            self.connections.append(client)  # kept open, never read from or written to

    def close(self):
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for connection in self.connections:
            with contextlib.suppress(OSError):
                connection.close()
