"""The contacts editor enters a closure of one office in Chromium, through the real admin pages,
and sees it on the office's public page; a date typed the wrong way round is refused with the
input kept.
"""

import datetime

import pytest
from django.utils import timezone
from reversion.models import Version

from contacts.models import Closure, Office
from tests.browser.staff import save, sign_in

pytestmark = pytest.mark.browser


def next_christmas_eve():
    """The coming 24 December, so that the closure is still to come when the test runs."""
    today = timezone.localdate()
    eve = datetime.date(today.year, 12, 24)
    return eve if eve > today else datetime.date(today.year + 1, 12, 24)


def test_the_contacts_editor_closes_one_office_on_christmas_eve(live_server, editors, page):
    base = live_server.url
    eve = next_christmas_eve()
    typed = f"{eve:%d.%m.%Y}"  # „24.12.2026“, as staff write it
    centre = Office.objects.get(slug="tsentar-za-informatsiya-i-uslugi")
    sign_in(page, base, "contacts-editor")

    page.goto(f"{base}/admin/")
    page.get_by_role("link", name="Неработни дни").first.click()
    page.wait_for_url(f"{base}/admin/contacts/closure/")
    page.goto(f"{base}/admin/contacts/closure/add/")

    # The last day before the first: refused in Bulgarian, with what was typed kept.
    page.fill("#id_start_date", typed)
    page.fill("#id_end_date", f"{eve - datetime.timedelta(days=1):%d.%m.%Y}")
    page.fill("#id_reason_bg", "Бъдни вечер")
    page.click("input[name=_save]")
    assert "проверете датите" in page.locator(".errorlist").first.inner_text()
    assert page.locator("#id_start_date").input_value() == typed
    assert page.locator("#id_reason_bg").input_value() == "Бъдни вечер"
    assert not Closure.objects.exists()

    # One day, one office: the last day left empty.
    page.fill("#id_end_date", "")
    page.fill("#id_reason_en", "Christmas Eve")
    page.select_option("#id_offices_from", label=centre.name)
    page.click("#id_offices_add")
    save(page, base, "/admin/contacts/closure/")
    closure = Closure.objects.get()
    assert (closure.start_date, closure.end_date) == (eve, eve)
    assert list(closure.offices.all()) == [centre]
    assert Version.objects.get_for_object(closure).count() == 1  # in its history

    # The public page of that office says so; another office's does not.
    expected = f"Затворено на 24 декември {eve.year} г. – Бъдни вечер"
    page.goto(f"{base}{centre.get_absolute_url()}")
    assert expected in page.locator("main .hours-changes").inner_text()
    page.goto(f"{base}/en{centre.get_absolute_url()}")
    assert f"Closed on 24 December {eve.year} – Christmas Eve" in page.locator("main").inner_text()
    administration = Office.objects.get(slug="obshtinska-administratsiya")
    page.goto(f"{base}{administration.get_absolute_url()}")
    assert "Бъдни вечер" not in page.locator("main").inner_text()
