"""Browser tests run Debian's Chromium. Without it they skip, except in CI (CI=true), where a
missing browser is a failure: `.ci/run` installs it."""

import os
import shutil
import subprocess

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from core.roles import ROLES, sync_group
from tests.browser.staff import STAFF_PASSWORD

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--no-first-run",
    # The machine's network is closed: no background connections to Google's services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium():
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is required in CI (apt-get install chromium); .ci/run installs it.")
    pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped.")


@pytest.fixture(scope="session")
def chromium():
    return find_chromium()


@pytest.fixture
def run_chromium(chromium, tmp_path):
    def run(*args):
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
        return subprocess.run(command, capture_output=True, timeout=90, check=True)

    return run


@pytest.fixture
def live_data(transactional_db):
    """The real fixtures, visible to the live server's thread."""
    call_command("load_initial_data", verbosity=0)


@pytest.fixture(scope="session")
def browser(chromium):
    """Playwright driving Debian's Chromium (Playwright's own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while it lives; the tests'
    # own ORM calls (and the test database's set-up and clean-up) are still synchronous, so
    # Django's async-safety guard is switched off while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS[1:])
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="bg-BG")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def editors(live_data, django_user_model):
    """One signed-up editor per role, with the role's group as the migration makes it."""
    users = {}
    for role in ROLES:
        user = django_user_model.objects.create_user(
            f"{role}-editor", password=STAFF_PASSWORD, is_staff=True
        )
        # A transactional test's database is emptied between tests, the migration's groups too.
        user.groups.add(sync_group(role, Group, Permission))
        users[role] = user
    return users
