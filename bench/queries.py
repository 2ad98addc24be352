"""The SQL queries of every public page, uncached: `python -m bench.queries OUT [PATHS]`.

bench/run.py runs it against each dataset's database, with the site's settings and
PAGE_CACHE_SECONDS=0. Without PATHS it finds the pages itself: the sitemap's (both languages), the
list pages with filters (tests/public_pages.py), the feeds, the exports, the open-data
catalogue's files and the sitemap itself, in both languages. With PATHS (the JSON list the first
dataset's run wrote) it counts the same pages, so the two datasets compare page by page. OUT
receives, for each path, its status, its number of queries and its route (for grouping the table).
"""

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import django

# List pages with filters beyond tests/public_pages.py's.
FILTERED_LISTS = ["/initsiativi/?kind=concerts", "/gradove/?sort=name"]
HOST = "127.0.0.1"  # one of bench/run.py's ALLOWED_HOSTS


def main(out, paths_file=None):
    django.setup()
    from django.conf import settings
    from django.test import Client

    if settings.CACHE_MIDDLEWARE_SECONDS:
        sys.exit("bench.queries counts uncached pages: set PAGE_CACHE_SECONDS=0")
    client = Client(headers={"Host": HOST})
    paths = json.loads(Path(paths_file).read_text()) if paths_file else public_paths(client)
    counts = {path: count(client, path) for path in paths}
    Path(out).write_text(json.dumps(counts, ensure_ascii=False, indent=1))


def public_paths(client):
    """Every public page of this database, once each, in a stable order."""
    from django.urls import reverse
    from django.utils import translation

    from tests.public_pages import PUBLIC_PAGES

    sitemap = client.get("/sitemap.xml").content.decode()
    found = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    for path in [*PUBLIC_PAGES, *FILTERED_LISTS]:
        found += [path, f"/en{path}"]
    for language in ("bg", "en"):
        with translation.override(language):
            found += [reverse(name) for name in data_routes()]
    found.append("/sitemap.xml")
    return list(dict.fromkeys(found))


def data_routes():
    """Public but not in the sitemap, and the places where a query per row would show first:
    every registered dataset's files and other links (feeds, vCards), and the catalogue's files."""
    from core.catalogue import DATASETS

    routes = [
        link.url_name for dataset in DATASETS for link in (*dataset.files, *dataset.other_links)
    ]
    return [*routes, "core:catalogue_turtle", "core:catalogue_json_ld"]


def count(client, path):
    """The queries of a second request: the first pays once-per-process costs (Django's caches of
    content types and sites, the translation catalogues) that no visitor's request repeats."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    match = resolve(urlsplit(path).path)
    route = match.view_name + ("?" if "?" in path else "")
    return {"status": response.status_code, "queries": len(captured), "route": route}


if __name__ == "__main__":
    main(*sys.argv[1:])
