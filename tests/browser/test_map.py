"""The partner-city map in Chromium, at a phone's width (360 px) and a desktop's (1280 px), in both
languages: every marker is at least a 24 × 24 px target, no two cities' markers overlap (nor cover
Kazanlak's diamond), and the keyboard reaches every marker, which then shows the city's name inside
the map; pointing at a marker shows it too. Screenshots go to var/screenshots/."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from partnerships.models import PartnerCity

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = [360, 1280]


def overlap(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def inside(box, outer):
    return (
        box["x"] >= outer["x"]
        and box["y"] >= outer["y"]
        and box["x"] + box["width"] <= outer["x"] + outer["width"]
        and box["y"] + box["height"] <= outer["y"] + outer["height"]
    )


def assert_apart_and_large(page):
    """Every marker at least 24 × 24 px, none over another city's or over Kazanlak's diamond."""
    markers = [
        (marker.get_attribute("data-slug"), marker.bounding_box())
        for marker in page.locator("svg.map circle.marker").all()
    ]
    for slug, box in markers:
        assert box["width"] >= 24 and box["height"] >= 24, (slug, box)
    for i, (slug, box) in enumerate(markers):
        for other, other_box in markers[i + 1 :]:
            assert not overlap(box, other_box), (slug, other)
    for home in page.locator("svg.map path.home").all():
        for slug, box in markers:
            assert not overlap(box, home.bounding_box()), slug
    return [slug for slug, _box in markers]


def published_names(language):
    with translation.override(language):
        return {city.slug: city.name for city in PartnerCity.objects.published()}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["bg", "en"])
def test_markers_are_large_apart_and_named_on_focus_and_hover(
    live_server, live_data, page, width, language
):
    names = published_names(language)
    prefix = "" if language == "bg" else "/en"
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{prefix}/gradove/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("figure.city-map").screenshot(
        path=SCREENSHOTS / f"city-map-{language}-{width}.png"
    )
    assert sorted(assert_apart_and_large(page)) == sorted(names)
    # Both views are on the screen: beside each other on a desktop, one above the other on a phone.
    world, europe = (view.bounding_box() for view in page.locator("svg.map").all())
    assert world["width"] <= width and europe["width"] <= width
    if width == 1280:
        assert world["y"] == europe["y"] and world["x"] + world["width"] < europe["x"]
    else:
        assert world["y"] + world["height"] < europe["y"]

    # The keyboard: Tab from the filter form's button reaches the frame of Europe, then every city.
    page.locator(".filters button[type=submit]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#cities-map-europe"
    shown = {}
    for _city in names:
        page.keyboard.press("Tab")
        focused = page.locator("svg.map a.city:focus")
        assert focused.count() == 1
        name = focused.locator("text.name")
        assert name.is_visible()
        map_box = page.locator("svg.map", has=page.locator("a.city:focus")).bounding_box()
        assert inside(name.bounding_box(), map_box), name.text_content()
        slug = focused.locator("circle.marker").get_attribute("data-slug")
        shown[slug] = name.text_content()
        assert focused.get_attribute("aria-label") == shown[slug]
    assert shown == names
    page.screenshot(path=SCREENSHOTS / f"city-map-focus-{language}-{width}.png")

    # Pointing: a name shows only for the marker under the pointer.
    page.locator("h1").click()  # nothing focused
    for marker in page.locator("svg.map circle.marker").all():
        marker.hover()
        names_shown = page.locator("svg.map text.name").all()
        visible = [name.text_content() for name in names_shown if name.is_visible()]
        assert visible == [names[marker.get_attribute("data-slug")]]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_city_next_to_kazanlak_is_drawn_apart_from_it(live_server, live_data, page, width):
    """Târgoviște is 2.3° north of Kazanlak: on a phone its marker would cover the diamond."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/gradove/targovishte-rumaniya/")
    assert assert_apart_and_large(page) == ["targovishte-rumaniya"]
    page.locator("svg.map a.city").focus()
    assert page.locator("svg.map a.city text.name").text_content() == "Търговище"
    assert page.locator("svg.map a.city text.name").is_visible()
    page.locator("figure.city-map").screenshot(path=SCREENSHOTS / f"city-map-detail-{width}.png")
