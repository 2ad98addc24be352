"""Django's Redis cache back-end, made to degrade instead of fail when Redis is unreachable.

Redis holds only what every server process must share and may lose: the proposal limit (the
pages' content version lives in the database). With Redis down every read is a miss and every
write is dropped; the failure is logged (at most every 30 seconds).

A Redis that hangs answers nothing, so each call would wait for its socket timeout (0.5 s). A
circuit breaker keeps that to one wait every BREAK_SECONDS per process: after a failure or a
timeout no call goes to Redis for BREAK_SECONDS (each returns the miss or fallback at once); then
one call is let through as a trial, and its answer closes the breaker again.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
BREAK_SECONDS = 5.0
_last_warning = 0.0


def _warn(error):
    global _last_warning
    if time.monotonic() - _last_warning > 30:
        _last_warning = time.monotonic()
        logger.warning(
            "Redis unreachable, serving without the shared cache (next try in %g s): %s",
            BREAK_SECONDS,
            error,
        )


class CircuitBreaker:
    """Closed: calls go through. Open (after a failure): none does until `open_until`. Then the
    first caller makes the trial, while the others still get the fallback."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.open_until = 0.0
        self._lock = threading.Lock()

    def allows_a_call(self):
        if not self.open_until:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self.open_until:
                return False
            self.open_until = now + self.seconds  # this call is the trial: the others wait for it
            return True

    def answered(self):
        self.open_until = 0.0

    def failed(self):
        self.open_until = time.monotonic() + self.seconds


# One breaker per Redis server and process: Django makes a cache object per thread.
_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(servers):
    with _breakers_lock:
        return _breakers.setdefault(tuple(servers), CircuitBreaker(BREAK_SECONDS))


def _degrading(method_name, fallback):
    parent = getattr(RedisCacheClient, method_name)

    def method(self, *args, **kwargs):
        if not self.breaker.allows_a_call():
            return fallback(*args, **kwargs)
        try:
            result = parent(self, *args, **kwargs)
        except UNREACHABLE as error:
            self.breaker.failed()
            _warn(error)
            return fallback(*args, **kwargs)
        except Exception:
            self.breaker.answered()  # Redis did answer (incr() of a missing key, say)
            raise
        self.breaker.answered()
        return result

    method.__name__ = method_name
    return method


def _missing(key, *args, **kwargs):
    raise ValueError(
        f"Key {key!r} not found (cache unreachable)"
    )  # what incr() says of a missing key


class DegradingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}
        self.breaker = breaker_for(servers)

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
