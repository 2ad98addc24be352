"""`make serve-proxy`: the production configuration behind nginx, as deploy/nginx/ configures it.

Writes var/nginx/nginx.conf (the shipped site's upstream and micro-cache zone, a plain-http server
on 127.0.0.1:8080 with the shipped locations, the paths of this checkout), starts nginx, then runs
the command given (`make serve`: gunicorn on 127.0.0.1:8000) in the foreground. Ctrl-C stops both.
Needs Debian's nginx and libnginx-mod-http-headers-more-filter."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
FOLDER = ROOT / "var" / "nginx"
LISTEN = "127.0.0.1:8080"
CACHE = "/var/cache/nginx/kazanlak"  # the site file's micro-cache folder
HEADERS_MORE = "/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so"


def main_config(folder, http, written_by="tools/serve_proxy.py (make serve-proxy)"):
    """An nginx.conf whose files all live in `folder`, with `http` inside its http block."""
    temp = "\n    ".join(f"{name}_temp_path {folder / name};"
                         for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
    user = "user root;" if os.geteuid() == 0 else ""  # else workers run as nobody
    return f"""# Written by {written_by}: do not edit.
{user}
load_module {HEADERS_MORE};
worker_processes 1;
pid {folder}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    {temp}
    {http}
}}
"""


def write_config(folder=FOLDER, listen=LISTEN, upstream=None):
    """The shipped site (snippets, upstream, micro-cache zone) in `folder`, listening on `listen`;
    `upstream` ("127.0.0.1:8001") replaces the shipped gunicorn address when given."""
    (folder / "snippets").mkdir(parents=True, exist_ok=True)
    for snippet in (DEPLOY / "snippets").glob("*.conf"):
        text = snippet.read_text()
        for path, ours in (("/srv/kazanlak/staticfiles/", ROOT / "staticfiles"),
                           ("/srv/kazanlak/var/media/", ROOT / "var" / "media")):  # fmt: skip
            text = text.replace(f"alias {path};", f"alias {ours}/;")
        (folder / "snippets" / snippet.name).write_text(text)
    site_file = (DEPLOY / "kazanlak.conf").read_text()
    upstream_block = re.search(r"upstream kazanlak_gunicorn \{.*?\}", site_file, re.S)[0]
    if upstream:
        upstream_block = re.sub(
            r"server \S+?(?=[ ;])", f"server {upstream}", upstream_block, count=1
        )
    cache = re.search(rf"^proxy_cache_path {CACHE} .*?;", site_file, re.S | re.M)[0]
    cache = cache.replace(CACHE, str(folder / "cache"))
    server = f"server {{\n        listen {listen};\n        include snippets/kazanlak-locations.conf;\n    }}"
    http = f"{cache}\n    {upstream_block}\n    {server}"
    (folder / "nginx.conf").write_text(main_config(folder, http))


def main(command):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx) or not os.path.exists(HEADERS_MORE):
        sys.exit("Needs nginx: apt-get install nginx libnginx-mod-http-headers-more-filter")
    write_config()
    base = [nginx, "-e", "stderr", "-p", str(FOLDER), "-c", str(FOLDER / "nginx.conf")]
    subprocess.run([*base, "-t", "-q"], check=True)
    proxy = subprocess.Popen([*base, "-g", "daemon off;"])
    print(f"nginx: http://{LISTEN}/ (X-Cache-Status tells HIT, MISS, STALE or BYPASS)", flush=True)
    app = None
    try:
        app = subprocess.Popen(command)
        while app.poll() is None and proxy.poll() is None:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        running = [process for process in (app, proxy) if process]
        for process in running:
            if process.poll() is None:
                process.send_signal(signal.SIGINT if process is app else signal.SIGQUIT)
        for process in running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main(sys.argv[1:] or ["make", "serve"])
