"""Each role's everyday tasks, in Chromium, through the real admin pages with real inputs.

The cooperation editor uploads three photos of ordinary sizes, adds an initiative with a date typed
„15.09.2026“, no slug and a description pasted with line breaks, restores a city's original from
its history, and is refused every history address of the contacts area. The contacts editor sets
an office's weekly hours in one step, restores an office, and is refused the cooperation area's.
"""

import re

import pytest
from reversion.models import Version

from contacts.models import Office
from partnerships.models import Initiative, PartnerCity, Proposal
from tests.browser.staff import save, sign_in
from tests.photos import PHOTOS

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def write_photos(folder):
    folder.mkdir()
    paths = []
    for make in PHOTOS.values():
        upload = make()
        path = folder / upload.name
        path.write_bytes(upload.read())
        paths.append(path)
    return paths


def other_area_addresses(base, model, version):
    """Every history address of `model`'s admin, aimed at a version of the other area."""
    prefix = f"{base}/admin/{model._meta.app_label}/{model._meta.model_name}"
    own = model.objects.first()
    own_pk = own.pk if own else 1
    return [
        f"{prefix}/recover/{version.pk}/",
        f"{prefix}/{own_pk}/history/{version.pk}/",
        f"{prefix}/{version.object_id}/history/{version.pk}/",
        f"{prefix}/{own_pk}/history/",
        f"{prefix}/recover/",
    ]


def test_the_cooperation_editors_day(live_server, editors, page, media, tmp_path):
    base = live_server.url
    sign_in(page, base, "cooperation-editor")

    # Three photos of a city, one after the other, each with its description.
    kochani = PartnerCity.objects.get(slug="kochani-makedoniya")
    for path in write_photos(tmp_path / "photos"):
        page.goto(f"{base}/admin/partnerships/partnercity/{kochani.pk}/change/")
        page.set_input_files("#id_image", str(path))
        page.fill("#id_image_alt_bg", f"Кочани, снимка {path.suffix}")
        save(page, base, "/admin/partnerships/partnercity/")
        kochani.refresh_from_db()
        assert (media / kochani.image.name).exists()
        page.goto(f"{base}/gradove/kochani-makedoniya/")
        photo = page.locator("img.record-photo")
        assert photo.get_attribute("alt") == f"Кочани, снимка {path.suffix}"
        assert photo.get_attribute("src") == f"/media/{kochani.image.name}"
        srcset = photo.get_attribute("srcset")
        assert "320w" in srcset
        for thumbnail in re.findall(r"/media/(\S+) \d+w", srcset):
            assert (media / thumbnail).exists()

    # An initiative as staff write it: a Bulgarian date, no slug, a pasted description.
    page.goto(f"{base}/admin/partnerships/initiative/add/")
    page.fill("#id_title_bg", "Концерт на приятелството")
    page.select_option("#id_kind", label="Концерти")
    page.fill("#id_date", "15.09.2026")
    page.fill("#id_description_bg", "Първи ред.\nВтори ред.\n\nНов абзац.")
    page.select_option("#id_partner_cities_from", label=str(kochani))
    page.click("#id_partner_cities_add")
    save(page, base, "/admin/partnerships/initiative/")
    initiative = Initiative.objects.get(title_bg="Концерт на приятелството")
    assert initiative.slug == "kontsert-na-priyatelstvoto-2026"
    page.goto(f"{base}{initiative.get_absolute_url()}")
    assert "15 септември 2026 г." in page.locator("main").inner_text()
    assert page.locator("main p").filter(has_text="Първи ред.").inner_html().count("<br>") == 1
    page.goto(f"{base}/gradove/kochani-makedoniya/")
    assert page.get_by_role("link", name="Концерт на приятелството").count() == 1

    # A change, then the original restored from the history.
    page.goto(f"{base}/admin/partnerships/partnercity/{kochani.pk}/change/")
    page.fill("#id_since_year", "1993")
    save(page, base, "/admin/partnerships/partnercity/")
    page.goto(f"{base}/admin/partnerships/partnercity/{kochani.pk}/history/")
    page.locator("#change-history tbody tr").first.locator("a").click()  # the oldest: as loaded
    assert page.locator("#id_since_year").input_value() == "1994"
    save(page, base, "/admin/partnerships/partnercity/")
    kochani.refresh_from_db()
    assert kochani.since_year == 1994 and not kochani.image  # as it was loaded

    # The other area's history addresses, aimed at an office's first version: refused.
    office_version = Version.objects.get_for_model(Office).first()
    for url in other_area_addresses(base, Office, office_version):
        assert page.goto(url).status in (403, 404), url
    for model in (PartnerCity, Proposal):
        for url in other_area_addresses(base, model, office_version)[:3]:
            assert page.goto(url).status in (403, 404), url
    office = Office.objects.get(pk=office_version.object_id)
    assert Version.objects.get_for_object(office).count() == 1  # nothing was reverted or saved


def test_the_contacts_editors_day(live_server, editors, page):
    base = live_server.url
    sign_in(page, base, "contacts-editor")
    grao = Office.objects.get(name_bg="ГРАО")
    assert not grao.hours.exists()

    # The week's hours in one step, typed as people say them.
    page.goto(f"{base}/admin/contacts/office/{grao.pk}/change/")
    page.fill("#id_opening_hours", "пн-пт 8:30-12:30 и 13:30-17:30")
    save(page, base, "/admin/contacts/office/")
    row = page.locator("#result_list tr").filter(has_text="ГРАО")
    assert "понеделник – петък: 8:30–12:30, 13:30–17:30" in row.inner_text()
    assert grao.hours.count() == 10
    page.goto(f"{base}{grao.get_absolute_url()}")
    hours = page.locator("main .hours-row").first.inner_text()
    assert "Понеделник – петък" in hours and "8:30–12:30, 13:30–17:30" in hours

    # The original restored from the history: the office had no hours of its own.
    page.goto(f"{base}/admin/contacts/office/{grao.pk}/history/")
    page.locator("#change-history tbody tr").first.locator("a").click()  # the oldest: as loaded
    assert page.locator("#id_opening_hours").input_value() == ""
    save(page, base, "/admin/contacts/office/")
    assert not grao.hours.exists()
    page.goto(f"{base}{grao.get_absolute_url()}")
    assert page.locator("main .hours-row").count() == 0

    # The other area's history addresses, aimed at a city's first version: refused.
    city_version = Version.objects.get_for_model(PartnerCity).first()
    for url in other_area_addresses(base, PartnerCity, city_version):
        assert page.goto(url).status in (403, 404), url
    for url in other_area_addresses(base, Office, city_version)[:3]:
        assert page.goto(url).status in (403, 404), url
    city = PartnerCity.objects.get(pk=city_version.object_id)
    assert Version.objects.get_for_object(city).count() == 1  # nothing was reverted or saved
