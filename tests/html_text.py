"""Read what the site serves as its readers do: a page as a visitor's screen reader would (which
text is in which language), its JSON-LD as a search engine, an export's CSV as a spreadsheet."""

import csv
import io
import json
import re
from html.parser import HTMLParser

CYRILLIC = re.compile("[А-Яа-яЁёЪъЬьЩщ]")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


class _LanguageParser(HTMLParser):
    def __init__(self, page_language):
        super().__init__()
        self.languages = [page_language]
        self.texts = []  # (language, text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.languages = [attrs.get("lang", self.languages[0])]
            return
        language = attrs.get("lang") or self.languages[-1]
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append((language, attrs[name]))
        if tag == "meta" and attrs.get("name") == "description":
            self.texts.append((language, attrs.get("content", "")))
        if tag not in VOID:
            self.languages.append(language)

    def handle_endtag(self, tag):
        if tag not in VOID and tag != "html" and len(self.languages) > 1:
            self.languages.pop()

    def handle_data(self, data):
        if data.strip():
            self.texts.append((self.languages[-1], data.strip()))


def texts_by_language(html, page_language="bg"):
    parser = _LanguageParser(page_language)
    parser.feed(html)
    return parser.texts


def cyrillic_outside_bulgarian(html, page_language="bg"):
    """Texts with Cyrillic letters that the page does not mark as Bulgarian.

    `page_language` applies to a fragment without `<html lang>`.
    """
    return [
        text
        for language, text in texts_by_language(html, page_language)
        if not language.startswith("bg") and CYRILLIC.search(text)
    ]


def json_ld(response):
    """The page's one JSON-LD block, parsed (a page with none, or two, fails here)."""
    [block] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(block)


def csv_rows(response):
    """An open-data CSV export's rows as dicts by field name, read past the BOM that spreadsheet
    programs need (core.open_data); served as UTF-8 CSV, or this fails."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
