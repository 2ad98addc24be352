"""Whole-page caching that any content change invalidates at once.

Every saved or deleted record of the site's apps bumps a "content version" kept in the shared
cache; cached pages are stored under the version they were made with, so after a change every page
and export is made afresh. Django's own cache middleware does the storing; these subclasses only
put the version into its key prefix. The same holds for fragments and derived data.

The version is a random token, read once per request. While the shared cache is unreachable it is
unknown, and nothing is taken from or put into this process's caches; a change made meanwhile is
announced as soon as the shared cache answers again.

Browsers are told `Cache-Control: no-cache`: they may keep a page but must ask again, and get a
cheap 304 when it has not changed (ConditionalGetMiddleware and the ETag), so a change shows at
once there too.
"""

import contextvars
import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import quote_etag
from django.utils.functional import SimpleLazyObject

VERSION_KEY = "content-version"
_NOT_READ = object()
_current_prefix = contextvars.ContextVar("page_cache_prefix", default="")
# The version read once per request (reset when a request starts and whenever it is bumped), so
# that a page's several fragments and tables cost one round trip to the shared cache.
_request_version = contextvars.ContextVar("content_version_of_this_request", default=_NOT_READ)
# Set when a change could not be announced because the shared cache was unreachable: the first
# request that finds it again announces one, so that no process keeps serving what it had cached.
_announce_pending = False


def _cache():
    """The shared cache: every server process reads the same version."""
    return caches["default"]


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
    """A random token, not a counter: a shared cache that restarts empty (or evicts the key)
    starts a version no process has cached anything under."""
    return secrets.token_hex(8)


def content_version():
    """The shared content version, or None while the shared cache is unreachable."""
    version = _request_version.get()
    if version is _NOT_READ:
        version = _read_version()
        _request_version.set(version)
    return version


def _read_version():
    global _announce_pending
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:  # first use, a restarted cache, or an unreachable one
        cache.add(VERSION_KEY, new_version(), timeout=None)  # one process wins, all agree
        version = cache.get(VERSION_KEY)
    if version is not None and _announce_pending:
        _announce_pending = False
        return _announce_change()
    return version


def forget_request_version():
    _request_version.set(_NOT_READ)


def bump_content_version(**_signal_arguments):
    """A change was saved: announce a new version now, and again when its transaction commits.
    Between the two, another process may cache a page made from the data still committed
    before the change; the second announcement leaves such pages behind."""
    _announce_new_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_announce_new_version)


def _announce_new_version():
    forget_request_version()
    _announce_change()


def _announce_change():
    global _announce_pending
    version = new_version()
    cache = _cache()
    cache.set(VERSION_KEY, version, timeout=None)
    if cache.get(VERSION_KEY) != version:  # not stored: the shared cache is unreachable
        _announce_pending = True
        return None
    return version


class ContentCache(LocMemCache):
    """This process's memory for pages, fragments and derived data, in use only while the
    shared content version is known: while the shared cache is unreachable, nothing cached here
    could be told apart from what is current, so everything is made from the database."""

    def get(self, key, default=None, version=None):
        if content_version() is None:
            return default
        return super().get(key, default, version)

    def set(self, key, value, timeout=None, version=None):
        if content_version() is not None:
            super().set(key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        if content_version() is None:
            return False
        return super().add(key, value, timeout, version)


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


class FetchFromPageCacheMiddleware(_VersionedKeyPrefix, FetchFromCacheMiddleware):
    def process_request(self, request):
        forget_request_version()  # another server may have changed the content since
        if not page_cache_enabled():
            request._cache_update_cache = False
            return None
        _current_prefix.set(f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:v{content_version()}")
        response = super().process_request(request)
        return for_browsers(response) if response is not None else None
