"""The site search's results page, read as a visitor reads it."""

import html
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import translation

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}
BLOCKS = {"p", "div", "ul", "ol", "li", "dl", "dt", "dd", "br", "address"}  # text around is apart


class _ResultsParser(HTMLParser):
    """Each results section (`<section aria-labelledby="results-<kind>">`) and, for each result
    (an `<li>` of the section's list), its heading text (outside `.hit-details`), all its text,
    and the `href` of every link in it."""

    def __init__(self):
        super().__init__()
        self.sections = {}
        self.stack = []  # open elements: (tag, role) with role in {"section", "hit", "details"}

    def roles(self):
        return [role for _tag, role in self.stack]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        role = None
        labelled = attrs.get("aria-labelledby") or ""
        if tag == "section" and labelled.startswith("results-"):
            role = "section"
            self.kind = labelled.removeprefix("results-")
            self.sections[self.kind] = []
        elif tag == "li" and "section" in self.roles() and "hit" not in self.roles():
            role = "hit"
            self.sections[self.kind].append({"title": "", "text": "", "links": []})
        elif "hit" in self.roles() and "hit-details" in (attrs.get("class") or "").split():
            role = "details"
        if "hit" in [*self.roles(), role] and tag == "a" and attrs.get("href"):
            self.sections[self.kind][-1]["links"].append(attrs["href"])
        if tag not in VOID:
            self.stack.append((tag, role))
        self.separate(tag)

    def separate(self, tag):
        if tag in BLOCKS and "hit" in self.roles():
            self.handle_data(" ")

    def handle_endtag(self, tag):
        self.separate(tag)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if "hit" not in self.roles():
            return
        hit = self.sections[self.kind][-1]
        hit["text"] += data
        if "details" not in self.roles():
            hit["title"] += data


def _tidy(text):
    return " ".join(html.unescape(text).split())


def search_hits(client, query, prefix=""):
    """{kind: [{"title", "text", "links"}]}: each result's heading (the link and its note), all
    its text (an office's numbers and hours too), and its links (`tel:` ones included)."""
    with translation.override("bg"):  # the Bulgarian address, whatever the last page's language
        path = reverse("core:search")
    response = client.get(prefix + path, {"q": query})
    assert response.status_code == 200
    parser = _ResultsParser()
    parser.feed(response.content.decode())
    return {
        kind: [
            {"title": _tidy(hit["title"]), "text": _tidy(hit["text"]), "links": hit["links"]}
            for hit in hits
        ]
        for kind, hits in parser.sections.items()
    }


def search_results(client, query, prefix=""):
    """The results page as a visitor reads it: each section's id and its results' headings."""
    return {
        kind: [hit["title"] for hit in hits]
        for kind, hits in search_hits(client, query, prefix).items()
    }
