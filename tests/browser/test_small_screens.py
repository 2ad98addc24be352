"""What this round of work added, seen at 360 px in Chromium as a visitor sees it: an initiative
with its photo, the proposal form once its sender has reached the limit, and the site's own 405
page. Each fits the width (no sideways scrolling), and screenshots go to var/screenshots/."""

from pathlib import Path

import pytest
from django.conf import settings

from partnerships.models import InitiativeKind
from tests.factories import make_initiative
from tests.photos import photo_jpeg

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTH = 360


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def fits(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{WIDTH}.png", full_page=True)
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


@pytest.fixture
def small_page(page):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    return page


def test_an_initiative_with_its_photo_fits_a_small_screen(live_server, live_data, small_page):
    initiative = make_initiative(
        title="Концерт на приятелството в Кочани",
        kind=InitiativeKind.objects.first(),
        image=photo_jpeg(),
        image_alt_bg="Хор на сцената",
    )
    small_page.goto(live_server.url + initiative.get_absolute_url())
    photo = small_page.locator("img.record-photo")
    assert photo.get_attribute("alt") == "Хор на сцената"
    assert photo.bounding_box()["width"] <= WIDTH
    assert fits(small_page, "initiative-with-photo")


def send_proposal(page, form_url, authority):
    page.goto(form_url)
    page.fill("#id_authority_name", authority)
    page.select_option("#id_country", "MK")
    page.fill("#id_city", "Кочани")
    page.fill("#id_contact_person", "Марија Петровска")
    page.fill("#id_email", "marija@kocani.gov.mk")
    page.locator("input[name=areas]").first.check()
    page.fill("#id_message", "Предлагаме съвместен фестивал.")
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("form.proposal-form button[type=submit]")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_limited_sender_reads_when_to_send_again_on_a_small_screen(
    live_server, live_data, small_page, settings, prefix
):
    settings.PROPOSALS_RATE_LIMIT = "1/h"
    form_url = f"{live_server.url}{prefix}/predlozhenie/"
    send_proposal(small_page, form_url, "Община Кочани")
    assert "/predlozhenie/" in small_page.url and small_page.locator(".form-limit").count() == 0
    send_proposal(small_page, form_url, "Община Кочани, второ")
    notice = small_page.locator(".form-limit")
    assert notice.count() == 1 and small_page.locator(".form-errors").count() == 0
    assert "1" in notice.inner_text()  # the one proposal already sent
    assert small_page.input_value("#id_authority_name") == "Община Кочани, второ"  # kept
    assert fits(small_page, f"proposal-limited{prefix.replace('/', '-')}")


def test_the_sites_own_405_page_fits_a_small_screen(live_server, small_page):
    response = small_page.request.fetch(live_server.url + "/", method="TRACE")
    assert response.status == 405
    small_page.set_content(response.text())
    assert small_page.locator("h1").count() == 1
    assert fits(small_page, "405")
