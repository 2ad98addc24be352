"""The site search's results page, read as a visitor reads it."""

import html
import re

from django.urls import reverse
from django.utils.html import strip_tags

SECTION = re.compile(r'<h2 id="results-(\w+)">.*?</h2>\s*<ul>(.*?)</ul>', re.S)
ITEM = re.compile(r"<li>(.*?)</li>", re.S)


def search_results(client, query, prefix=""):
    """The results page as a visitor reads it: each section's id and the text of its links."""
    response = client.get(prefix + reverse("core:search"), {"q": query})
    assert response.status_code == 200
    return {
        kind: [" ".join(html.unescape(strip_tags(item)).split()) for item in ITEM.findall(items)]
        for kind, items in SECTION.findall(response.content.decode())
    }
