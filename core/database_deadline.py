"""A PostgreSQL server that hangs must not hold a request: the visitor gets the 503 page soon.

A server that refuses connections fails at once. One that hangs (stuck, or a network path that
drops everything) never answers: a query waits for ever, and so does a connection that CONN_MAX_AGE
kept open. libpq's `connect_timeout` covers only new connections, and the server's
`statement_timeout` is never heard from a server that does not answer. So while a request is
answered, each wait for PostgreSQL is bounded here, in the client.

psycopg2 lets a program do its waiting for it ("green" support, made for coroutine libraries):
with `set_wait_callback` every connection runs asynchronously inside, and psycopg2 calls our
`wait()` whenever it would block. Ours polls the connection's socket with a time limit. When the
limit passes it raises OperationalError; psycopg2 then closes that connection, Django reconnects
on a later request, and the site recovers by itself when the database answers again.

- Pages: `DATABASE_WAIT_SECONDS` (settings; env DB_WAIT_TIMEOUT) for any one wait, and after one
  wait has given up, the rest of the request gives up at once instead of waiting again (Django
  would otherwise check its kept connection, then open a new one: two waits). The exception
  becomes the 503 page with Retry-After (core.errors).
- `/healthz` waits less (`deadline()` in core.health).
- Outside requests (migrate, backup, the mail worker) nothing changes: no time limit is set, and
  libpq's own `connect_timeout` and the server's `statement_timeout` apply (settings).
- SQLite is a file, not a server: with it the middleware removes itself.
"""

import contextlib
import contextvars
import select
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections


class _Wait:
    def __init__(self, seconds):
        self.seconds = seconds
        self.gave_up = False


_current = contextvars.ContextVar("database_wait_limit", default=None)


@contextlib.contextmanager
def deadline(seconds):
    """Within this block, no wait for PostgreSQL lasts more than `seconds`."""
    token = _current.set(_Wait(seconds))
    try:
        yield
    finally:
        _current.reset(token)


def wait(connection):
    """psycopg2's wait callback: its own blocking loop, with a time limit when one is set."""
    import psycopg2
    from psycopg2.extensions import POLL_OK, POLL_READ, POLL_WRITE

    limit = _current.get()
    if limit is not None and limit.gave_up:
        raise psycopg2.OperationalError(
            "PostgreSQL did not answer earlier in this request: not waiting for it again"
        )
    ends = None if limit is None else time.monotonic() + limit.seconds
    while True:
        state = connection.poll()
        if state == POLL_OK:
            return
        if state not in (POLL_READ, POLL_WRITE):
            raise psycopg2.OperationalError(f"unexpected state from poll(): {state!r}")
        poller = select.poll()
        poller.register(
            connection.fileno(), select.POLLIN if state == POLL_READ else select.POLLOUT
        )
        if ends is None:
            poller.poll()
            continue
        left = ends - time.monotonic()
        if left <= 0 or not poller.poll(left * 1000):
            limit.gave_up = True
            raise psycopg2.OperationalError(f"PostgreSQL did not answer within {limit.seconds:g} s")


def uses_psycopg2():
    if not any(connection.vendor == "postgresql" for connection in connections.all()):
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3


class DatabaseDeadlineMiddleware:
    """Puts every request under the page deadline. First in MIDDLEWARE, so that it covers the
    database work of every other middleware too."""

    def __init__(self, get_response):
        if not uses_psycopg2():
            raise MiddlewareNotUsed("SQLite: nothing to wait for")
        from psycopg2.extensions import set_wait_callback

        set_wait_callback(wait)  # for the whole process; without a deadline it simply blocks
        self.get_response = get_response

    def __call__(self, request):
        with deadline(settings.DATABASE_WAIT_SECONDS):
            return self.get_response(request)
