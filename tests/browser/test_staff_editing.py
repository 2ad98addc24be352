"""A staff editor, in a real browser: signs in, edits a city's year, publishes a draft city and sees
both on the public pages; a contacts editor cannot open the cities."""

import pytest

from partnerships.models import PartnerCity
from tests.browser.staff import save, sign_in
from tests.factories import make_city

pytestmark = pytest.mark.browser


def test_an_editor_changes_a_year_and_publishes_a_draft(live_server, editors, page):
    base = live_server.url
    draft = make_city(
        name="Нов партньор",
        name_en="New Partner",
        slug="nov-partnyor-frantsiya",
        is_published=False,
    )
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    page.goto(f"{base}/gradove/")  # the public list is cached before the edits
    assert "Нов партньор" not in page.content()

    sign_in(page, base, "cooperation-editor")
    page.goto(f"{base}/admin/partnerships/partnercity/{kochani.pk}/change/")
    page.fill("#id_since_year", "1993")
    save(page, base, "/admin/partnerships/partnercity/")

    page.goto(f"{base}/admin/partnerships/partnercity/{draft.pk}/change/")
    page.check("#id_is_published")
    save(page, base, "/admin/partnerships/partnercity/")

    page.goto(f"{base}/gradove/kochani-makedoniya/")
    assert page.locator("dl.facts").inner_text().count("1993 г.") == 1
    page.goto(f"{base}/gradove/")
    assert page.locator(".city-list").get_by_role("link", name="Нов партньор").count() == 1
    assert (
        page.locator("svg.map").get_by_role("link", name="Нов партньор").count() == 1
    )  # on the map
    page.goto(f"{base}/en/gradove/")
    assert page.locator(".city-list").get_by_role("link", name="New Partner").count() == 1
    assert "since 1993" in page.content()


def test_a_contacts_editor_cannot_open_the_cities(live_server, editors, page):
    base = live_server.url
    sign_in(page, base, "contacts-editor")
    assert page.get_by_role("link", name="Звена и услуги").count() >= 1
    assert page.locator("a[href='/admin/partnerships/partnercity/']").count() == 0
    response = page.goto(f"{base}/admin/partnerships/partnercity/")
    assert response.status == 403
