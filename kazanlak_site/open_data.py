"""Open-data exports (CSV and JSON) of the site's lists: one way to write them for every app.

A view names its `fields` (documented in the README, stable), its `filename`, the JSON key of its
rows and how to collect them; the body is made once per content version, language and host.
"""

import csv
import gzip
import re

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.generic import View

from .page_cache import cached_for_version, set_content_etag

# A thousand-row export is a tenth of its size gzipped; every browser and HTTP library asks for it.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def csv_row(record, fields):
    """Lists become "; "-separated text in CSV; a missing value an empty cell."""
    return [
        ("; ".join(v) if isinstance(v, list) else ("" if v is None else v))
        for v in (record[f] for f in fields)
    ]


class OpenDataExportView(View):
    fields = ()
    filename = ""
    items_key = "items"
    format = "json"  # or "csv", from the URL

    def collect(self):
        """The rows, as dicts with at least `fields`."""
        raise NotImplementedError

    def get(self, request):
        compress = ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) is not None
        encoding = "gzip" if compress else "identity"
        key = f"export:{self.filename}:{self.format}:{get_language()}:{request.get_host()}"
        response = cached_for_version(
            f"{key}:{encoding}", lambda: self.make_tagged_response(compress), timeout=600
        )
        response["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any site
        return response

    def make_tagged_response(self, compress):
        """Compressed if the client accepts it, and with its ETag: the cached copy is then served
        as it is, neither compressed nor hashed again."""
        response = self.make_response()
        if compress:
            response.content = gzip.compress(response.content, mtime=0)
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ["Accept-Encoding"])
        return set_content_etag(response)

    def make_response(self):
        records = self.collect()
        if self.format == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{self.filename}.csv"'
            response.write("\ufeff")  # BOM: spreadsheet programs then read the Cyrillic as UTF-8
            writer = csv.writer(response)
            writer.writerow(self.fields)
            writer.writerows(csv_row(record, self.fields) for record in records)
            return response
        return JsonResponse(
            {"fields": list(self.fields), self.items_key: records},
            # UTF-8 as it is, no spaces after separators: the export may list thousands of rows.
            json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
        )
