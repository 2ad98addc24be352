"""Whole-page caching that any content change invalidates at once.

Every saved or deleted record of the site's apps bumps a "content version" kept in the shared
cache; cached pages are stored under the version they were made with, so after a change every page
and export is made afresh. Django's own cache middleware does the storing; these subclasses only
put the version into its key prefix.

Browsers are told `Cache-Control: no-cache`: they may keep a page but must ask again, and get a
cheap 304 when it has not changed (ConditionalGetMiddleware and the ETag), so a change shows at
once there too.
"""

import contextvars

from django.conf import settings
from django.core.cache import caches
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

VERSION_KEY = "content-version"
_current_prefix = contextvars.ContextVar("page_cache_prefix", default="")
# The version read once per request (reset when a request starts and whenever it is bumped), so
# that a page's several fragments and tables cost one round trip to the shared cache.
_request_version = contextvars.ContextVar("content_version_of_this_request", default=None)


def _cache():
    """The shared cache: every server process reads the same version."""
    return caches["default"]


def local_cache():
    """This process's cache of pages, fragments and derived data (keys carry the version)."""
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def cached_for_version(key, build, timeout=None):
    """`build()` once per content version in this process."""
    return local_cache().get_or_set(f"{key}:v{content_version()}", build, timeout=timeout)


def content_version():
    remembered = _request_version.get()
    if remembered is not None:
        return remembered
    cache = _cache()
    cache.add(VERSION_KEY, 1, timeout=None)
    version = cache.get(VERSION_KEY, 1)
    _request_version.set(version)
    return version


def forget_request_version():
    _request_version.set(None)


def bump_content_version(**_signal_arguments):
    forget_request_version()
    cache = _cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set: any new value makes old pages unreachable
        cache.set(VERSION_KEY, 2, timeout=None)


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
