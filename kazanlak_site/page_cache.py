"""Whole-page caching that any content change invalidates on every server within a second.

The content version is a random token kept in the database (core.models.ContentVersion). Every
saved or deleted record of the site's apps writes a new token in the same transaction as the
change (kazanlak_site.content_signals), so whoever reads the token also reads the data it stands
for. Each server process keeps whole pages, fragments and derived data in its own memory under
the token they were made from; after a change they are made afresh. Django's own cache middleware
does the storing; these subclasses only put the version into its key prefix.

Each process reads the token at most about once a second (VERSION_MEMO_SECONDS), and at once
after a change of its own commits: a change shows on every server within a second, and a page
whose fragments are cached costs that one small query, or none. Redis plays no part: while it is
unreachable, pages are still cached and still current.

The token is pinned when a request starts, before the request reads any content, so nothing made
from data older than the token is ever stored under it. (Data newer than its token may be: it is
left behind by the next read of the token.)

Browsers are told `Cache-Control: no-cache`: they may keep a page but must ask again, and get a
cheap 304 when it has not changed (ConditionalGetMiddleware and the ETag), so a change shows at
once there too.
"""

import contextvars
import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import quote_etag
from django.utils.functional import SimpleLazyObject

from core.models import ContentVersion

# How long a process trusts the token it last read before reading it again.
VERSION_MEMO_SECONDS = 1.0
_NOT_READ = object()
_current_prefix = contextvars.ContextVar("page_cache_prefix", default="")
# The version this request uses: read (or taken from the memo) once, when the request starts.
_request_version = contextvars.ContextVar("content_version_of_this_request", default=_NOT_READ)


class _Memo:
    """The token this process last read, when, and a count of forgettings: a read that a change
    overtook (the count moved while it ran) is not remembered."""

    token = None
    read_at = 0.0
    forgotten = 0


_memo = _Memo()


def local_cache():
    """This process's cache of pages, fragments and derived data (keys carry the version)."""
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def versioned(key):
    """`key` under the current content version: a change anywhere makes it a new key."""
    return f"{key}:v{content_version()}"


def cached_for_version(key, build, timeout=None):
    """`build()` once per content version in this process."""
    return local_cache().get_or_set(versioned(key), build, timeout=timeout)


def key_part(text):
    """Free text (a slug, a visitor's query) made fit for a cache key: short, no spaces."""
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def when_used(build):
    """A list made only when a template reads it. Inside a cached fragment, a hit then costs no
    query, and not even the preparing of one (modeltranslation makes that costly)."""
    return SimpleLazyObject(lambda: list(build()))


def new_version():
    """A random token, never a counter: a database restored from a backup cannot bring back a
    token some process still has pages under."""
    return secrets.token_hex(8)


def content_version():
    """The content version this request uses (read when it started)."""
    version = _request_version.get()
    if version is _NOT_READ:
        version = _current_version()
        _request_version.set(version)
    return version


def _current_version():
    memo = _memo
    started, forgotten = time.monotonic(), memo.forgotten
    if memo.token is not None and started - memo.read_at < VERSION_MEMO_SECONDS:
        return memo.token
    token = _read_version()
    # Inside a transaction the token read may be this transaction's own, not yet committed: other
    # requests of this process must not use it (they would store old data under it).
    if not transaction.get_connection().in_atomic_block and memo.forgotten == forgotten:
        memo.token, memo.read_at = token, started
    return token


def _read_version():
    rows = ContentVersion.objects.filter(id=ContentVersion.ONLY).values_list("token", flat=True)
    for token in rows:
        return token
    # The migration makes the row; only a database emptied by `flush` (tests) has none.
    return ContentVersion.objects.get_or_create(
        id=ContentVersion.ONLY, defaults={"token": new_version()}
    )[0].token


def forget_request_version():
    _request_version.set(_NOT_READ)


def forget_known_version():
    """Read the token from the database next time, in this request and in this process."""
    _memo.forgotten += 1
    _memo.token = None
    forget_request_version()


def bump_content_version(**_signal_arguments):
    """A change was saved: write a new token in its transaction. Other processes see it when the
    transaction commits, together with the change; this one forgets its token then, so that its
    next request reads the new one."""
    token = new_version()
    row = ContentVersion.objects.filter(id=ContentVersion.ONLY)
    if not row.update(token=token, changed_at=timezone.now()):  # update() skips auto_now
        ContentVersion.objects.update_or_create(id=ContentVersion.ONLY, defaults={"token": token})
    forget_request_version()  # the rest of this request reads the new token (its own transaction's)
    transaction.on_commit(forget_known_version)  # at once outside a transaction


def set_content_etag(response):
    """The ETag: the body's SHA-256, which current processors compute in hardware, 2–3 times as
    fast as the MD5 Django would use; it counts on a page of a thousand cities."""
    if not response.streaming and response.content:
        response.headers["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    return response


def for_browsers(response):
    """Browsers revalidate every time; the server's copy does the saving."""
    if response.has_header("Expires"):
        del response["Expires"]
    cache_control = response.get("Cache-Control", "")
    if "private" not in cache_control and "no-store" not in cache_control:
        response["Cache-Control"] = "no-cache"
    return response


class _VersionedKeyPrefix:
    @property
    def key_prefix(self):
        return _current_prefix.get()

    @key_prefix.setter
    def key_prefix(self, value):
        """Django sets a fixed prefix in __init__; ours comes from the content version."""


def page_cache_enabled():
    """PAGE_CACHE_SECONDS=0 switches whole-page caching off (views' own max-age included)."""
    return settings.CACHE_MIDDLEWARE_SECONDS > 0


class UpdatePageCacheMiddleware(_VersionedKeyPrefix, UpdateCacheMiddleware):
    def _should_update_cache(self, request, response):
        return page_cache_enabled() and super()._should_update_cache(request, response)

    def process_response(self, request, response):
        if (
            request.method == "GET"
            and not response.has_header("ETag")
            and "no-store" not in response.get("Cache-Control", "")
        ):
            # Set here, not by ConditionalGetMiddleware: a stored copy then keeps it, and no hit
            # hashes the body again.
            set_content_etag(response)
        return for_browsers(super().process_response(request, response))


def is_health_probe(request):
    """`/healthz` must answer within its own short database deadline (kazanlak_site.health): it
    neither reads the content version nor is ever cached."""
    return request.path_info == reverse("healthz")


class FetchFromPageCacheMiddleware(_VersionedKeyPrefix, FetchFromCacheMiddleware):
    def process_request(self, request):
        forget_request_version()  # another server may have changed the content since
        if is_health_probe(request):
            request._cache_update_cache = False
            return None
        version = content_version()  # pinned now, before the request reads any content
        if not page_cache_enabled():
            request._cache_update_cache = False
            return None
        _current_prefix.set(f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:v{version}")
        response = super().process_request(request)
        return for_browsers(response) if response is not None else None
