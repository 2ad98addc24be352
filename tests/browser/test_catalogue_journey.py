"""The open-data catalogue as the cooperation editor keeps it, in Chromium, through the real admin.

The editor finds the partner cities' dataset under „Набори от отворени данни“, rewrites its
description, sees it on /otvoreni-danni/ and in the catalogue at once, then takes the initiatives
off the page by unticking „публикуван“ and finds the first version in the history.
"""

import pytest
from reversion.models import Version

from core.models import Dataset
from tests.browser.staff import save, sign_in

pytestmark = pytest.mark.browser

DESCRIPTION = "Градовете партньори на Казанлък, с годините на отношенията и картата им."


def test_the_cooperation_editor_rewrites_and_unpublishes_a_dataset(live_server, editors, page):
    base = live_server.url
    sign_in(page, base, "cooperation-editor")
    page.goto(f"{base}/admin/")
    page.get_by_role("link", name="Набори от отворени данни").click()
    page.wait_for_url(f"{base}/admin/core/dataset/")
    page.get_by_role("link", name="Побратимени и партньорски градове на Община Казанлък").click()

    page.fill("#id_description_bg", DESCRIPTION)
    page.select_option("#id_frequency", label="ежемесечно")
    save(page, base, "/admin/core/dataset/")

    page.goto(f"{base}/otvoreni-danni/")
    section = page.locator("section#partner-cities")
    assert DESCRIPTION in section.inner_text()
    assert "ежемесечно" in section.locator(".facts").first.inner_text()
    turtle = page.request.get(f"{base}/otvoreni-danni/catalog.ttl").text()
    assert DESCRIPTION in turtle and "/resource/authority/frequency/MONTHLY" in turtle

    # Taken off the page and the catalogue; the history keeps the text as the app first gave it.
    initiatives = Dataset.objects.get(key="initiatives")
    page.goto(f"{base}/admin/core/dataset/{initiatives.pk}/change/")
    page.uncheck("#id_is_published")
    save(page, base, "/admin/core/dataset/")
    page.goto(f"{base}/otvoreni-danni/")
    assert page.locator("section#initiatives").count() == 0
    assert page.locator("section#partner-cities").count() == 1
    cities = Dataset.objects.get(key="partner-cities")
    assert Version.objects.get_for_object(cities).count() == 2  # the first version, and the edit
    page.goto(f"{base}/admin/core/dataset/{cities.pk}/history/")
    page.locator("#change-history tbody tr").first.locator("a").click()  # the oldest
    assert page.locator("#id_description_bg").input_value().startswith("Градовете, с които")
