import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import override_settings
from django.utils import translation
from xdist.scheduler import LoadScopeScheduling

from core import page_cache
from core.roles import ROLES
from tests import initial_data as initial_data_rows
from tests.chromium import find_chromium, playwright_chromium

# Modules whose tests run in one worker under pytest-xdist (`make test`): the production tests'
# servers, databases and nginx are module fixtures, started once there, and each module's Redis
# database is used by one test at a time; the public pages are fetched once (a module fixture);
# the browser tests' transactional database is emptied after each, which makes the next
# `initial_data` record the fixtures again (tests/initial_data.py): better once a module. The
# largest units start first: the admin URL matrix (a minute in all) is one, so it does not come
# last and keep one worker busy while the other waits.
KEPT_TOGETHER = (
    "tests/production/",
    "tests/browser/",
    "tests/test_public_pages.py",
    "tests/staff/test_admin_url_matrix.py",
)


class KeptTogetherScheduling(LoadScopeScheduling):
    """xdist's load balancing, test by test, except that each module under KEPT_TOGETHER is one
    unit of work. The largest units are handed out first (xdist's `loadscope` order), so the
    long server modules start early and single tests fill in at the end.

    xdist's own `--dist loadgroup` would read `xdist_group` marks, but it passes them in node ids
    that pytest 9.2 no longer lets it change, so they are silently ignored (pytest-xdist #1386).
    """

    def _split_scope(self, nodeid):
        module = nodeid.split("::", 1)[0]
        return module if module.startswith(KEPT_TOGETHER) else nodeid


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") in ("load", "loadgroup"):
        return KeptTogetherScheduling(config, log)
    return None


@pytest.fixture(scope="session", autouse=True)
def uploads_of_this_worker(tmp_path_factory):
    """Uploaded files go to folders of this test process's own: parallel workers never see,
    replace or clean up each other's files, and nothing lands in the site's var/."""
    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"),
    ):
        yield


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


@pytest.fixture(scope="session")
def initial_rows(django_db_setup, django_db_blocker):
    """What `load_initial_data` writes, recorded in this test process on the empty database,
    before any test's transaction (tests/initial_data.py). A list: recorded afresh when needed."""
    with django_db_blocker.unblock():
        return [initial_data_rows.record()]


@pytest.fixture
def initial_data(initial_rows, db):
    """The real fixtures, as `make run` loads them (`load_initial_data`): the rows the command
    wrote in this process, written back."""
    initial_data_rows.write_back(initial_data_rows.current(initial_rows))
    page_cache.bump_content_version()  # a token of this test's own, as the command writes one


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "staff", "staff@example.org", "a-long-test-password"
    )
    client.force_login(user)
    return client


@pytest.fixture
def make_editor(django_user_model):
    """make(role, username=None): a staff user in the role's group (core.roles), as the
    migration makes the group; named „<role>-editor“ unless a test needs two of a role."""

    def make(role, username=None):
        user = django_user_model.objects.create_user(
            username or f"{role}-editor", password="a-long-test-password", is_staff=True
        )
        user.groups.add(Group.objects.get(name=ROLES[role]["name"]))
        return user

    return make


@pytest.fixture
def cooperation_client(client, make_editor):
    """Signed in as „Редактор – международно сътрудничество“."""
    client.force_login(make_editor("cooperation"))
    return client


@pytest.fixture
def contacts_client(client, make_editor):
    """Signed in as „Редактор – контакти“."""
    client.force_login(make_editor("contacts"))
    return client


# Debian's Chromium (tests/chromium.py), one per test process: the browser tests and the
# production tests that use the site through nginx share it (Playwright's sync API runs one at a
# time in a thread).
@pytest.fixture(scope="session")
def chromium():
    return find_chromium()


@pytest.fixture(scope="session")
def browser(chromium):
    with playwright_chromium(chromium) as browser:
        yield browser
