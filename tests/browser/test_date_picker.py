"""The admin's date picker, in a real browser, writes dates the Bulgarian way („29.11.2026“), and
what it writes is saved as that day."""

import datetime

import pytest
from django.utils import timezone

from partnerships.models import Initiative
from tests.browser.staff import STAFF_PASSWORD, save, sign_in
from tests.factories import make_kind

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(live_server, transactional_db, django_user_model, page):
    django_user_model.objects.create_superuser("staff", "staff@example.org", STAFF_PASSWORD)
    sign_in(page, live_server.url, "staff")
    return page


def test_the_today_link_and_the_calendar_write_day_first_dates(live_server, signed_in):
    page = signed_in
    kind = make_kind(name="Концерти", slug="kontserti")
    before = timezone.localdate()  # the admin's „Днес“ is the server's day
    page.goto(f"{live_server.url}/admin/partnerships/initiative/add/")
    shortcuts = page.locator(".field-date .datetimeshortcuts")

    shortcuts.get_by_role("link", name="Днес").click()
    typed = page.input_value("#id_date")
    assert typed in {f"{day:%d.%m.%Y}" for day in (before, timezone.localdate())}

    # The calendar, opened on this month, writes the day that is clicked the same way.
    today = datetime.datetime.strptime(typed, "%d.%m.%Y").date()
    shortcuts.locator("a[id^=calendarlink]").click()
    page.locator(".calendarbox:visible td a").get_by_text("15", exact=True).click()
    assert page.input_value("#id_date") == f"15.{today:%m.%Y}"

    page.fill("#id_title_bg", "Концерт в Казанлък")
    page.fill("#id_slug", "kontsert-v-kazanlak")
    page.select_option("#id_kind", str(kind.pk))
    save(page, live_server.url, "/admin/partnerships/initiative/")
    assert Initiative.objects.get().date == today.replace(day=15)
