"""One URL, one view: `/<name>` answers the copy of a page of the site that bench/run.py saved as
`<name>` in the folder BENCH_COPIES, byte for byte, so that the yardstick sends what the site
sends. The copies are read once, when a worker starts, as a template would be."""

import os
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import path

COPIES = {copy.name: copy.read_bytes() for copy in Path(os.environ["BENCH_COPIES"]).glob("*.html")}


def page(request, name):
    if name not in COPIES:
        raise Http404(name)
    response = HttpResponse(COPIES[name], content_type="text/html; charset=utf-8")
    # As the site's CommonMiddleware does: without it gunicorn sends the body in chunks.
    response["Content-Length"] = len(COPIES[name])
    return response


urlpatterns = [path("<str:name>", page, name="page")]
