"""The cooperation editor („Редактор – международно сътрудничество“) records where a fact of a
relationship's history comes from, in Chromium, through the real admin pages: a new source with
its date typed „15.09.2026“, then, on the city's page, an event citing it, chosen by typing part
of its title; the city page then shows the event with its source, linked."""

import datetime

import pytest
from reversion.models import Version

from partnerships.models import CityEvent, PartnerCity, Source
from tests.browser.staff import save, sign_in

pytestmark = pytest.mark.browser

ADDRESS = "https://example.org/kochani/druzhba-2026"


def test_the_cooperation_editor_cites_a_source_for_a_new_event(live_server, editors, page):
    base = live_server.url
    sign_in(page, base, "cooperation-editor")

    # A new source: a statement of the partner's municipality, dated as staff write dates.
    page.goto(f"{base}/admin/partnerships/source/add/")
    assert page.locator("h1").inner_text() == "Добави източник"
    page.fill("#id_title", "Изявление за 50 години приятелство")
    page.fill("#id_publisher", "Община Кочани")
    page.fill("#id_date", "15.09.2026")
    page.fill("#id_url", ADDRESS)
    save(page, base, "/admin/partnerships/source/")
    source = Source.objects.get(url=ADDRESS)
    assert source.date == datetime.date(2026, 9, 15) and source.language == "bg"
    assert Version.objects.get_for_object(source).count() == 1  # its history starts here

    # On the city's page, a visit with the source chosen by typing part of its title.
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    page.goto(f"{base}/admin/partnerships/partnercity/{kochani.pk}/change/")
    page.locator("#events-group .add-row a").click()
    new = "events-1"  # the fixtures' start of the relationship is events-0
    page.fill(f"#id_{new}-date", "15.09.2026")
    page.select_option(f"#id_{new}-kind", label="посещение")
    page.fill(f"#id_{new}-description_bg", "Делегация от Кочани в Казанлък.")
    page.locator(f"#{new} .field-sources .select2-selection").click()
    page.keyboard.type("приятелство")
    option = page.locator(".select2-results__option", has_text="Изявление за 50 години")
    option.click()
    assert "Изявление за 50 години" in page.locator(f"#{new} .field-sources").inner_text()
    save(page, base, "/admin/partnerships/partnercity/")

    visit = CityEvent.objects.get(city=kochani, kind="visit")
    assert (visit.date, visit.date_precision) == (datetime.date(2026, 9, 15), "day")
    assert list(visit.sources.all()) == [source]

    # The city page: the event with its source, and the start of the relationship with its own.
    page.goto(f"{base}{kochani.get_absolute_url()}")
    history = page.locator("#city-history + ol.history > li")
    assert history.count() == 2
    start, event = history.nth(0), history.nth(1)
    assert start.inner_text().startswith("1994 г. — начало на отношенията (побратимен град)")
    assert "Международно сътрудничество, Община Казанлък, без дата" in start.inner_text()
    text = event.inner_text()
    assert text.startswith("15 септември 2026 г. — Посещение: Делегация от Кочани в Казанлък.")
    assert "Източник: Изявление за 50 години приятелство, Община Кочани, 15 септември 2026 г." in (
        text
    )
    link = event.get_by_role("link", name="Изявление за 50 години приятелство")
    assert link.get_attribute("href") == ADDRESS
