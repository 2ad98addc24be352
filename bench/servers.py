"""The servers bench/run.py measures, each on a free loopback port, each stopped on the way out:

- the site, and the bare Django project (bench/bare/), both under gunicorn as `make serve` runs
  the site: the site's gunicorn.conf.py, 2 sync workers;
- nginx serving static copies of the site's pages (a tiny configuration of its own, the shipped
  security headers);
- nginx in front of the site, with the configuration `make serve-proxy` renders from deploy/nginx/
  (tools/serve_proxy.py), only its folder, port and upstream changed.
"""

import functools
import http.client
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # .venv/bin: gunicorn sits beside the interpreter
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECURITY_HEADERS = ROOT / "deploy" / "nginx" / "snippets" / "kazanlak-security-headers.conf"
READY_SECONDS = 20
WORKERS = 2


def free_port():
    """A port nothing listens on now, on the loopback interface only."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(port, path):
    """(status, body) of one GET, redirects not followed, no proxy consulted, no compression
    asked for: the copies are the bytes a page is made of."""
    status, _, body = http_get_with_headers(port, path)
    return status, body


def http_get_with_headers(port, path):
    """(status, [(header, value), …], body) of one GET, as http_get."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


# --- gunicorn -------------------------------------------------------------------------------


@contextmanager
def gunicorn(application, env, log, probe):
    """Serve the WSGI `application` as the site is served; yield (process, port)."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"), application, "--config", str(ROOT / "gunicorn.conf.py"),
        "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--timeout", "30",
        "--chdir", str(ROOT), "--error-logfile", "-",
    ]  # fmt: skip
    with running(command, env, log) as process:
        wait_until_ready(process, port, probe, log)
        yield process, port


@contextmanager
def running(command, env, log):
    """A server process whose output goes to `log`; stopped (SIGTERM, then SIGKILL) at the end."""
    with open(log, "ab") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=output
        )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(process, port, probe, log):
    """Poll `probe` until it answers 200: gunicorn binds its port before its workers have
    imported the application."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        with suppress(OSError):
            if http_get(port, probe)[0] == 200:
                return
        time.sleep(0.2)
    tail = Path(log).read_text(errors="replace")[-3000:]
    raise RuntimeError(
        f"{probe} on port {port} did not answer 200 within {READY_SECONDS} s:\n{tail}"
    )


# --- nginx ----------------------------------------------------------------------------------


@functools.cache
def serve_proxy():
    """tools/serve_proxy.py, the module behind `make serve-proxy` (tools/ is no package): loaded
    once."""
    spec = importlib.util.spec_from_file_location("serve_proxy", ROOT / "tools" / "serve_proxy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nginx_missing():
    """What is missing for the nginx runs, or an empty string."""
    if not os.path.exists(NGINX) or not os.path.exists(serve_proxy().HEADERS_MORE):
        return "nginx libnginx-mod-http-headers-more-filter"
    return ""


@contextmanager
def nginx(folder, port, probe, log):
    """nginx with `folder`/nginx.conf in the foreground; yields its port once `probe` answers."""
    command = [NGINX, "-e", str(log), "-p", str(folder), "-c", str(folder / "nginx.conf")]
    checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx refuses {folder / 'nginx.conf'}:\n{checked.stderr}")
    with running([*command, "-g", "daemon off;"], os.environ, log) as process:
        wait_until_ready(process, port, probe, log)
        yield port


def write_proxy_config(folder, port, upstream_port):
    """`make serve-proxy`'s nginx.conf (the shipped upstream, micro-cache zone and locations)
    in `folder`, listening on `port`, passing to the site's gunicorn on `upstream_port`."""
    serve_proxy().write_config(folder, f"127.0.0.1:{port}", upstream=f"127.0.0.1:{upstream_port}")


def write_static_config(folder, port, copies):
    """nginx serving the files in `copies` as deploy/nginx/ serves what it answers itself: the
    shipped security headers, no Server header, `charset utf-8`; no gzip, as the proxied pages
    have none (only /static/ is precompressed)."""
    folder.mkdir(parents=True, exist_ok=True)
    server = f"""server {{
        listen 127.0.0.1:{port};
        server_tokens off;
        more_clear_headers Server;
        keepalive_timeout 30s;
        location / {{
            root {copies};
            charset utf-8;
            include {SECURITY_HEADERS};
            add_header Cache-Control "no-cache";
        }}
    }}"""
    config = serve_proxy().main_config(folder, server, "bench/servers.py: static copies of pages")
    (folder / "nginx.conf").write_text(config)
