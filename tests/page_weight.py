"""What a visitor's browser downloads for a page, measured from the test client's response.

The page's HTML, then every stylesheet, script and image it references (and the images its
stylesheets reference): static files read from the finders, as the tests serve them; uploaded
files from the storage; anything else of the site's own through the test client. Each is
compressed with gzip as the server sends it, and counted once however often it is referenced.
"""

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

TEXT_BUDGET = 60 * 1024  # HTML, CSS and JavaScript of a page together, compressed
IMAGE_BUDGET = 300 * 1024
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def compressed_size(body):
    return len(gzip.compress(body, compresslevel=6))


class _References(HTMLParser):
    """The files a page makes a browser fetch, as (kind, address): "text" or "image"."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel:
            self.found.append(("text", attrs.get("href")))
        elif tag == "link" and "icon" in rel:
            self.found.append(("image", attrs.get("href")))
        elif tag == "script":
            self.found.append(("text", attrs.get("src")))
        elif tag in ("img", "source"):
            # The largest candidate: the most any screen would download.
            self.found.append(("image", largest_candidate(attrs.get("srcset")) or attrs.get("src")))
        elif tag in ("use", "image"):
            self.found.append(("image", attrs.get("href") or attrs.get("xlink:href")))
        elif tag == "video":
            self.found.append(("image", attrs.get("poster")))


def largest_candidate(srcset):
    """The widest image of a `srcset` ("a.jpg 320w, b.jpg 640w"), None without one."""
    candidates = []
    for candidate in (srcset or "").split(","):
        address, _, descriptor = candidate.strip().partition(" ")
        if address:
            width = descriptor.strip().rstrip("wx") or "1"
            candidates.append((float(width), address))
    return max(candidates)[1] if candidates else None


def references(html):
    parser = _References()
    parser.feed(html)
    return [(kind, address) for kind, address in parser.found if address]


def body_of(client, address):
    """The bytes a browser would get for one of the site's own addresses."""
    path = unquote(urlsplit(address).path)
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        assert found, f"{address}: no such static file"
        with open(found, "rb") as file:
            return file.read()
    if path.startswith(settings.MEDIA_URL):
        with default_storage.open(path.removeprefix(settings.MEDIA_URL)) as file:
            return file.read()
    response = client.get(address)
    assert response.status_code == 200, f"{address}: {response.status_code}"
    return response.content


def page_weight(client, url, html):
    """(text, images): compressed bytes of HTML, CSS and JavaScript, and of images."""
    sizes = {"text": compressed_size(html.encode()), "image": 0}
    seen = set()
    pending = [(kind, urljoin(url, address)) for kind, address in references(html)]
    while pending:
        kind, address = pending.pop()
        address = address.split("#", 1)[0]  # an SVG sprite's fragment is the same file
        if address in seen or not address:
            continue
        seen.add(address)
        body = body_of(client, address)
        sizes[kind] += compressed_size(body)
        if urlsplit(address).path.endswith(".css"):
            text = body.decode("utf-8", "replace")
            found = [ref for ref in CSS_URL.findall(text) if not ref.startswith("data:")]
            pending += [("image", urljoin(address, ref)) for ref in found]
    return sizes["text"], sizes["image"]
