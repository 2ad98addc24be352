"""Debian's Chromium, driven by Playwright: for the browser tests (tests/browser/) and for the
production tests that use the site through nginx as a browser does (tests/production/). Without
Chromium those tests skip, except in CI (CI=true), where a missing browser is a failure: `.ci/run`
installs it."""

import os
import shutil
from contextlib import contextmanager

import pytest

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


@contextmanager
def playwright_chromium(executable):
    """Playwright driving Debian's Chromium (Playwright's own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while it lives; the tests'
    # own ORM calls (and the test database's set-up and clean-up) are still synchronous, so
    # Django's async-safety guard is switched off while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_FLAGS[1:]
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
