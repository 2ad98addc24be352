"""Open-data exports (CSV and JSON) of the site's lists: one way to write them for every app.

A view names its `fields` (documented in the README, stable), its `filename`, the JSON key of its
rows and how to collect them. The page cache keeps the response like any page (per content
version, language, address and gzip or not, core.page_cache): compressed and hashed once.
"""

import csv
import gzip
import re

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.generic import View

from .page_cache import set_content_etag

# A thousand-row export is a tenth of its size gzipped; every browser and HTTP library asks for it.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


# A cell that starts with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (=HYPERLINK(…), +cmd|…, @SUM(…)); OWASP's rule: make it text with a leading single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(text):
    """Text a spreadsheet shows and never runs. Legitimate values are quoted too (a phone
    „+35943198201“ becomes „'+35943198201“): the JSON export keeps every value as it is."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value):
    """Lists become "; "-separated text; a missing value an empty cell. Numbers (a longitude of
    -8.6) stay numbers: only text can carry a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    return spreadsheet_safe(value) if isinstance(value, str) else value


def csv_row(record, fields):
    return [csv_cell(record[field]) for field in fields]


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
        response = self.make_tagged_response(compress)
        response["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any site
        return response

    def make_tagged_response(self, compress):
        """Compressed if the client accepts it, and with its ETag: the page cache's copy is then
        served as it is, neither compressed nor hashed again."""
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
