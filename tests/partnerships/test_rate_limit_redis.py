"""With REDIS_URL set, the proposal rate limit lives in Redis: another server process sees it."""

import os
import subprocess
import sys

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import caches

from kazanlak_site.settings import redis_cache as production_redis_cache
from partnerships.models import Proposal
from tests.partnerships.test_proposals import URL, valid_data
from tests.services import require_redis

pytestmark = pytest.mark.django_db

OTHER_PROCESS = """
import django
django.setup()
from django.test import RequestFactory
from django_ratelimit.core import get_usage
request = RequestFactory().post("/predlozhenie/", REMOTE_ADDR="203.0.113.9")
print(get_usage(request, group="proposals", key="ip", rate="2/h", method="POST", increment=False)["count"])
"""


@pytest.fixture
def redis_cache(settings):
    url = require_redis()
    redis.Redis.from_url(url).flushdb()
    settings.CACHES = {
        **settings.CACHES,  # the per-process caches stay
        "default": production_redis_cache(url),  # as production configures it
    }
    settings.PROPOSALS_RATE_LIMIT = "2/h"
    yield url
    caches["default"].close()
    redis.Redis.from_url(url).flushdb()


def count_seen_by_another_process(url):
    env = {**os.environ, "REDIS_URL": url, "DJANGO_SETTINGS_MODULE": "kazanlak_site.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


def test_the_limit_is_counted_in_redis_and_holds_in_another_process(
    client, initial_data, redis_cache, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    assert count_seen_by_another_process(redis_cache) == 0
    for _ in range(2):
        assert client.post(URL, valid_data(), REMOTE_ADDR="203.0.113.9").status_code == 302
    assert count_seen_by_another_process(redis_cache) == 2
    assert client.post(URL, valid_data(), REMOTE_ADDR="203.0.113.9").status_code == 429
    assert Proposal.objects.count() == 2
