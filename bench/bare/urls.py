"""One URL, one view: `/<name>` answers the copy of a page of the site that bench/run.py saved as
`<name>` in the folder BENCH_COPIES, byte for byte, with the headers the site sent with it (saved
beside it as `<name>.headers`: the security headers, the ETag, Cache-Control…), so that the
yardstick sends what the site sends. The copies are read once, when a worker starts, as a
template would be."""

import json
import os
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import path

COPIES = {copy.name: copy.read_bytes() for copy in Path(os.environ["BENCH_COPIES"]).glob("*.html")}
HEADERS = {
    name: json.loads((Path(os.environ["BENCH_COPIES"]) / f"{name}.headers").read_text())
    for name in COPIES
}


def page(request, name):
    if name not in COPIES:
        raise Http404(name)
    # The site's Content-Type comes with the other headers.
    response = HttpResponse(COPIES[name], headers=dict(HEADERS[name]))
    # As the site's CommonMiddleware does: without it gunicorn sends the body in chunks.
    response["Content-Length"] = len(COPIES[name])
    return response


urlpatterns = [path("<str:name>", page, name="page")]
