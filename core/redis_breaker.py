"""The shared cache's Redis client, behind a circuit breaker (pybreaker).

django-redis turns a call that fails into a miss (IGNORE_EXCEPTIONS, kazanlak_site.settings), but
each call still waits for its socket timeout (0.25 s) while Redis hangs. The breaker keeps that
to one wait every BREAK_SECONDS per process and Redis server: after a failure, calls fail at once
(a miss for django-redis) until one trial call gets an answer again. Pages never ask Redis; the
proposal limit and /healthz do.
"""

import logging
import threading

import pybreaker
import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
BREAK_SECONDS = 5
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class LogStateChanges(pybreaker.CircuitBreakerListener):
    """One line when Redis is given up on and one when it answers again, not one per call."""

    def state_change(self, cb, old_state, new_state):
        if new_state.name == pybreaker.STATE_OPEN:
            logger.warning("Redis %s unreachable: not asked for %s s", cb.name, BREAK_SECONDS)
        elif new_state.name == pybreaker.STATE_CLOSED and old_state is not None:
            logger.warning("Redis %s answers again", cb.name)


_breakers = {}
_lock = threading.Lock()


def breaker_for(address):
    with _lock:
        if address not in _breakers:
            _breakers[address] = pybreaker.CircuitBreaker(
                fail_max=1,
                reset_timeout=BREAK_SECONDS,
                # Only a Redis that refuses or hangs opens it: an answer, even an error, is Redis.
                exclude=[lambda error: not isinstance(error, UNREACHABLE)],
                listeners=[LogStateChanges()],
                name=address,
            )
        return _breakers[address]


class BreakerRedis(redis.Redis):
    """django-redis's REDIS_CLIENT_CLASS: every command goes through its server's breaker."""

    def execute_command(self, *args, **options):
        kwargs = self.connection_pool.connection_kwargs
        breaker = breaker_for(f"{kwargs.get('host')}:{kwargs.get('port')}")
        try:
            return breaker.call(super().execute_command, *args, **options)
        except pybreaker.CircuitBreakerError as error:
            raise RedisConnectionError(f"circuit open for {BREAK_SECONDS} s") from error
