"""The open-data catalogue as the cooperation editor finds it, in Chromium, through the real admin.

Only the way there and back is walked here, by the links' visible names as the editor clicks them:
from the admin's index to „Набори от отворени данни“, to the partner cities' dataset, and after an
edit from its change form to its history and the version the app first gave. What the edits do
(the page and the catalogue at once, unticking „публикуван“, the versions kept) is checked
with the test client in tests/test_open_data_catalogue.py.
"""

import pytest

from tests.browser.staff import save, sign_in

pytestmark = pytest.mark.browser

DATASETS = "/admin/core/dataset/"
CITIES = "Побратимени и партньорски градове на Община Казанлък"
DESCRIPTION = "Градовете партньори на Казанлък, с годините на отношенията и картата им."


def test_the_cooperation_editor_finds_a_dataset_and_its_first_version(live_server, editors, page):
    base = live_server.url
    sign_in(page, base, "cooperation-editor")
    page.get_by_role("link", name="Набори от отворени данни").click()
    page.wait_for_url(f"{base}{DATASETS}")
    page.locator("#result_list").get_by_role("link", name=CITIES).click()
    page.fill("#id_description_bg", DESCRIPTION)
    save(page, base, DATASETS)

    # Back to the dataset, and from its form to its history: the oldest version is the app's text.
    page.locator("#result_list").get_by_role("link", name=CITIES).click()  # not the message's
    page.get_by_role("link", name="История").click()
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == 2  # the first version, and the edit
    rows.first.locator("a").click()  # the oldest
    assert page.locator("#id_description_bg").input_value().startswith("Градовете, с които")
