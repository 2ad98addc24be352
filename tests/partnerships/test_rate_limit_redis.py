"""With REDIS_URL set, the proposal rate limit lives in Redis: another server process sees it."""

import os
import subprocess
import sys

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import caches

from partnerships.models import Proposal
from tests.partnerships.test_proposals import URL, valid_data
from tests.services import require_redis

pytestmark = pytest.mark.django_db
DEGRADING = "core.cache_backends.DegradingRedisCache"

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
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "kazanlak",
        },
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


def test_the_redis_client_is_made_once_per_connection_pool(redis_cache, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "BACKEND": DEGRADING},
    }
    client = caches["default"]._cache
    assert client.get_client() is client.get_client(write=True)
    caches["default"].set("some-key", 7)
    assert caches["default"].get("some-key") == 7
