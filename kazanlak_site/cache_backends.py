"""Django's Redis cache back-end, made to degrade instead of fail when Redis is unreachable.

The cache only saves work: with Redis down every read is a miss and every write is dropped, so
the pages are made from the database. The failure is logged (at most every 30 seconds).
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_last_warning = 0.0


def _warn(error):
    global _last_warning
    if time.monotonic() - _last_warning > 30:
        _last_warning = time.monotonic()
        logger.warning("Redis unreachable, serving without the cache: %s", error)


def _degrading(method_name, fallback):
    parent = getattr(RedisCacheClient, method_name)

    def method(self, *args, **kwargs):
        try:
            return parent(self, *args, **kwargs)
        except UNREACHABLE as error:
            _warn(error)
            return fallback(*args, **kwargs)

    method.__name__ = method_name
    return method


def _missing(key, *args, **kwargs):
    raise ValueError(
        f"Key {key!r} not found (cache unreachable)"
    )  # what incr() says of a missing key


class DegradingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        """One client per connection pool, made once: Django makes a new one for every call,
        which costs more than the round trip to Redis itself."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client

    add = _degrading("add", lambda *a, **k: False)
    get = _degrading("get", lambda key, default=None: default)
    set = _degrading("set", lambda *a, **k: None)
    touch = _degrading("touch", lambda *a, **k: False)
    delete = _degrading("delete", lambda *a, **k: False)
    get_many = _degrading("get_many", lambda *a, **k: {})
    has_key = _degrading("has_key", lambda *a, **k: False)
    incr = _degrading("incr", _missing)
    set_many = _degrading("set_many", lambda *a, **k: [])
    delete_many = _degrading("delete_many", lambda *a, **k: None)
    clear = _degrading("clear", lambda *a, **k: False)


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = DegradingRedisCacheClient
