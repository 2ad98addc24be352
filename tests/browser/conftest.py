"""Browser tests run Debian's Chromium (the `browser` fixture of tests/conftest.py): without it
they skip, except in CI."""

import subprocess

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from core.roles import ROLES, sync_group
from tests.browser.staff import STAFF_PASSWORD
from tests.chromium import CHROMIUM_FLAGS


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
