"""WCAG 2.2 AA in a real browser (axe-core), small screens, keyboard, no JavaScript.

Every public page, in both languages, as sitemap.xml lists it, is opened once at 360 px: it must
answer, fit the screen and pass axe-core's WCAG 2.2 A and AA rules. Page weight needs no browser:
tests/test_public_pages.py measures every page from its response.

Screenshots of the main pages at 360 and 1280 pixels are written to var/screenshots/.
"""

import os
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from partnerships.models import InitiativeKind, PartnerCity
from tests.factories import make_initiative
from tests.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser
ROOT = Path(settings.BASE_DIR)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# What the sitemap leaves out: filtered lists and search results (tests/public_pages.py).
NOT_IN_THE_SITEMAP = [url for url in PUBLIC_PAGES if "?" in url]
SMALL_SCREEN = 360
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is required in CI (npm ci); .ci/run installs it.")
        pytest.skip("axe-core is not installed (run `npm ci`); accessibility tests skipped.")
    return AXE.read_text()


def axe_violations(page, axe_source):
    page.evaluate(
        axe_source
    )  # through the DevTools protocol: the site's CSP stays as strict as it is
    result = page.evaluate(
        "options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


@pytest.fixture
def every_kind_of_page(live_data):
    """The fixtures and one initiative of each kind, with Kočani: every kind of page exists, and
    the initiatives' kind filter offers its longest name („Проекти в сферата на социалните
    дейности“, which once made /initsiativi/ 459 px wide at 360)."""
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    for n, kind in enumerate(InitiativeKind.objects.all(), start=1):
        make_initiative(
            cities=[kochani], kind=kind, title=f"Инициатива {n}", title_en=f"Initiative {n}"
        )


def sitemap_paths(page, base):
    """Every address sitemap.xml lists (both languages), as a path on the live server."""
    response = page.request.get(base + "/sitemap.xml")
    assert response.ok
    root = ET.fromstring(response.body())
    return [
        urlsplit(loc.text)._replace(scheme="", netloc="").geturl()
        for loc in root.iter(f"{SITEMAP}loc")
    ]


def wider_than_the_screen(page):
    """The page's width when it scrolls sideways, with the first elements that stick out."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= SMALL_SCREEN:
        return []
    sticking_out = page.evaluate(
        """limit => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > limit + 1)
            .slice(0, 3)
            .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                 + (e.className && typeof e.className === "string" ? "." + e.className : ""))""",
        SMALL_SCREEN,
    )
    return [f"{width} px wide at {SMALL_SCREEN} px: scrolls sideways ({sticking_out})"]


def test_every_public_page_fits_a_small_screen_and_passes_wcag_22_aa(
    live_server, every_kind_of_page, page, axe_source
):
    """The pages come from sitemap.xml, so a new page, city or office is checked without a new
    test; the filtered lists and search results are added. One browser, each page loaded once,
    at 360 px; the failures name the page."""
    listed = sitemap_paths(page, live_server.url)
    assert {url.startswith("/en/") for url in listed} == {True, False}, "both languages"
    assert any("/initsiativi/" in url and url.count("/") > 3 for url in listed), "initiatives"
    extra = [*NOT_IN_THE_SITEMAP, *("/en" + url for url in NOT_IN_THE_SITEMAP)]
    page.set_viewport_size({"width": SMALL_SCREEN, "height": 800})
    found = {}
    for url in dict.fromkeys([*listed, *extra]):
        response = page.goto(live_server.url + url)
        found[url] = [f"status {response.status}"] if response.status != 200 else []
        found[url] += wider_than_the_screen(page)
        found[url] += axe_violations(page, axe_source)
    assert {url: problems for url, problems in found.items() if problems} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_proposal_form_with_its_errors_shown(live_server, live_data, page, axe_source, prefix):
    page.goto(f"{live_server.url}{prefix}/predlozhenie/")
    page.fill("#id_email", "not-an-email")
    with page.expect_navigation():
        page.click("form.proposal-form button[type=submit]")
    assert page.locator(".form-errors").count() == 1
    assert page.locator("[aria-invalid=true]").count() >= 3
    assert axe_violations(page, axe_source) == []


SCREENSHOT_PAGES = {
    "cooperation": "/",
    "cities": "/gradove/",
    "city": "/gradove/kochani-makedoniya/",
    "directory": "/kontakti/",
    "proposal": "/predlozhenie/",
    "cooperation-en": "/en/",
}


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_and_no_sideways_scrolling(live_server, live_data, page, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    for name, url in SCREENSHOT_PAGES.items():
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    assert len(list(SCREENSHOTS.glob(f"*-{width}.png"))) >= len(SCREENSHOT_PAGES)


def test_keyboard_skip_link_visible_focus_and_navigation(live_server, live_data, page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({cls: document.activeElement.className, top: document.activeElement.getBoundingClientRect().top})"
    )
    assert focused["cls"] == "skip-link" and focused["top"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(live_server.url + "/")  # from the top again: skip link, brand, languages, navigation
    for _ in range(12):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        if page.evaluate("document.activeElement.closest('nav.main-nav') !== null"):
            assert outline != "none"
            break
    else:
        pytest.fail("the main navigation was not reached by keyboard")
    page.keyboard.press("Tab")  # the next navigation link: „Градове“
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/gradove/")


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, locale="bg-BG")
    page = context.new_page()
    yield page
    context.close()


def test_everything_works_without_javascript(
    live_server, live_data, no_js_page, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    page, base = no_js_page, live_server.url
    # Filters
    page.goto(f"{base}/gradove/")
    page.select_option("#id_continent", "AS")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "continent=AS" in page.url
    assert page.locator(".city-list li").count() == 4  # Fukuyama, Munakata, Jinan, Jungnang-gu
    # The directory's search
    page.goto(f"{base}/kontakti/")
    page.fill("#directory-q", "0431/98201")
    with page.expect_navigation():
        page.press("#directory-q", "Enter")
    assert page.locator("article.office").count() == 1
    # The site's search
    page.goto(f"{base}/tarsene/")
    page.fill("#site-q", "KOCANI")
    with page.expect_navigation():
        page.press("#site-q", "Enter")
    assert page.get_by_role("link", name="Кочани").count() == 1
    # The language switch keeps the page
    page.goto(f"{base}/gradove/kochani-makedoniya/")
    with page.expect_navigation():
        page.click(".language-switch a[hreflang=en]")
    assert page.url == f"{base}/en/gradove/kochani-makedoniya/"
    assert page.locator("html").get_attribute("lang") == "en"
    # The proposal form, first with an error, then sent
    page.goto(f"{base}/en/predlozhenie/")
    with page.expect_navigation():
        page.click("form.proposal-form button[type=submit]")
    assert page.locator(".form-errors").count() == 1
    page.fill("#id_authority_name", "Municipality of Kočani")
    page.select_option("#id_country", "MK")
    page.fill("#id_city", "Kočani")
    page.fill("#id_contact_person", "Marija Petrovska")
    page.fill("#id_email", "marija@kocani.gov.mk")
    page.check("input[name=areas] >> nth=0")
    page.fill("#id_message", "We propose a joint festival.")
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("form.proposal-form button[type=submit]")
    assert "/en/predlozhenie/blagodarim/" in page.url
    assert page.locator(".reference strong").inner_text().startswith("KZ-")
