import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from core import page_cache


@pytest.fixture(autouse=True)
def bulgarian():
    """Every test starts in Bulgarian, the site's default language."""
    with translation.override("bg"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: no page cached by an earlier test."""
    for alias in settings.CACHES:
        caches[alias].clear()
    page_cache.forget_known_version()  # the content version remembered from an earlier test


@pytest.fixture
def initial_data(db):
    """The real fixtures, loaded the way `make run` loads them."""
    call_command("load_initial_data", verbosity=0)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "staff", "staff@example.org", "a-long-test-password"
    )
    client.force_login(user)
    return client
