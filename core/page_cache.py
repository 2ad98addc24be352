"""Whole-page caching that any content change invalidates on every server within a second.

The content version is a random token kept in the database (core.models.ContentVersion). Every
saved or deleted record of the site's apps writes a new token in the same transaction as the
change (core.content_signals), so whoever reads the token also reads the data it stands
for. Each server process keeps whole public pages (and nothing else: no fragments, no derived
data) in its own memory under the token they were made from; after a change they are made afresh
(PageCacheMiddleware, below).

Each process reads the token at most about twice a second (VERSION_MEMO_SECONDS), and at once
after a change of its own commits: a change shows on every server within half a second, and a
cached page costs that one small query, or none. Redis plays no part: while it is
unreachable, pages are still cached and still current.

The token is pinned when a request starts, before the request reads any content, so nothing made
from data older than the token is ever stored under it. (Data newer than its token may be: it is
left behind by the next read of the token.)

Browsers are told `Cache-Control: no-cache`: they may keep a page but must ask again, and get a
cheap 304 when it has not changed (the ETag, checked by PageCacheMiddleware), so a change shows
at once there too.
"""

import contextvars
import functools
import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, get_max_age, quote_etag

from core.error_pages import language_of
from core.models import ContentVersion

# How long a process trusts the token it last read before reading it again.
VERSION_MEMO_SECONDS = 0.5
_NOT_READ = object()
# The version this request uses: read (or taken from the memo) once, when the request starts.
_request_version = contextvars.ContextVar("content_version_of_this_request", default=_NOT_READ)


class _Memo:
    """The token this process last read, when, and a count of forgettings: a read that a change
    overtook (the count moved while it ran) is not remembered."""

    token = None
    read_at = 0.0
    forgotten = 0


_memo = _Memo()


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


def for_proxy(response, kept):
    """Tell nginx's micro-cache (deploy/nginx/) how long it may keep this answer.

    Only what this cache would keep, and only while the current second lasts: nginx counts whole
    seconds, so its own `proxy_cache_valid 1s` keeps a page for 1 to 2 s, while "until the end of
    this second" (`@` and the time, in whole seconds) keeps it at most 1 s. With this process's
    content version at most VERSION_MEMO_SECONDS old, an edit shows through nginx within about
    1.5 s; and a page that must change at a whole minute (the directory's "open now") is never
    kept past it. Anything else (a 304, an error, a staff preview, a page that sets a cookie)
    gets 0: never stored, whatever nginx's own settings say. nginx removes the header."""
    if kept and response.status_code == 200:
        response["X-Accel-Expires"] = f"@{int(time.time())}"
    else:
        response["X-Accel-Expires"] = "0"
    return response


def page_cache_enabled():
    """PAGE_CACHE_SECONDS=0 switches whole-page caching off."""
    return settings.CACHE_MIDDLEWARE_SECONDS > 0


@functools.cache
def health_path():
    """The URL configuration is fixed while a process runs: reversed once, not per request."""
    return reverse("healthz")


def is_health_probe(request):
    """`/healthz` must answer within its own short database deadline (core.health): it
    neither reads the content version nor is ever cached."""
    return request.path_info == health_path()


def has_session_cookie(request):
    """Staff (or anyone logged in): read from the cookie's name alone. Touching `request.session`
    (or `request.user`) would add `Vary: Cookie` to the page, and every visitor with any cookie
    would then get a private copy from the browsers' and proxies' caches."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


# A page may say it varies on these and still be cached under our key: the language comes from
# the path (i18n_patterns; LocaleMiddleware names Accept-Language anyway), and the key carries
# whether the client takes gzip (the exports). Anything else (Cookie: the page read the session)
# is not cached.
_VARY_IN_KEY = {"accept-language", "accept-encoding"}
_SKIPPED_PREFIXES = (settings.STATIC_URL, settings.MEDIA_URL)
# What get_conditional_response() reads: without any of them the answer is the page itself.
_CONDITIONAL_HEADERS = frozenset(
    ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")
)


class PageCacheMiddleware:
    """The one page cache: whole public pages for anonymous visitors, in this process's memory
    (the "local" alias), keyed by language, scheme, host, the full path WITH its query string,
    gzip or not, and the content version.

    Placed right after the database deadline (the version read is bounded by it) and the request
    log (hits are logged), before everything else: a hit runs no other middleware. What the
    others add on the way out (the security headers, CSP, Permissions-Policy, the ETag) is stored
    with the page, so a hit rebuilds none of it. It also does ConditionalGetMiddleware's work,
    for cached and uncached pages alike: a SHA-256 ETag (set_content_etag) and the 304.

    Stored: GET 200 responses without Set-Cookie, `private` or `no-store` (staff previews), for
    requests without a session cookie (has_session_cookie). A page that must not outlive a
    moment says so with `Cache-Control: max-age` (the directory: the next opening or closing,
    contacts.views): it is kept at most that long, never more than PAGE_CACHE_SECONDS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_health_probe(request) or request.path_info.startswith(_SKIPPED_PREFIXES):
            return self.get_response(request)
        forget_request_version()  # another server may have changed the content since
        key = self.key(request)
        if key is not None:
            cached = caches[settings.CACHE_MIDDLEWARE_ALIAS].get(key)
            if cached is not None:
                return for_proxy(self.conditional(request, cached), kept=True)
        response = self.get_response(request)
        if self.needs_etag(request, response):
            set_content_etag(response)  # so a stored copy keeps it, and no hit hashes it again
        timeout = self.timeout(response)
        for_browsers(response)
        kept = key is not None and timeout > 0
        if kept and request.method == "GET":
            caches[settings.CACHE_MIDDLEWARE_ALIAS].set(key, response, timeout)
        return for_proxy(self.conditional(request, response), kept)

    def key(self, request):
        """None when this request is neither served from nor stored in the cache."""
        if not page_cache_enabled() or request.method not in ("GET", "HEAD"):
            return None
        if has_session_cookie(request):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # answered 400 further in, with the security headers
        version = content_version()  # pinned now, before the request reads any content
        language = language_of(request)  # the address's, as LocaleMiddleware will read it
        meta = request.META
        gzip = "gzip" if "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "") else "identity"
        # The address as received: the scheme, the host, the path and the query string, all
        # of it. (Not build_absolute_uri(): it quotes the path again, a cost on every hit.)
        address = f"{request.scheme}://{host}{request.path}?{meta.get('QUERY_STRING', '')}"
        address_hash = hashlib.sha256(address.encode()).hexdigest()
        return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:v{version}:{language}:{gzip}:{address_hash}"

    def needs_etag(self, request, response):
        return (
            request.method == "GET"
            and response.status_code == 200
            and not response.has_header("ETag")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def timeout(self, response):
        """Seconds to keep `response`, or 0 for not at all."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return 0
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control:
            return 0
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if not vary <= _VARY_IN_KEY:
            return 0
        max_age = get_max_age(response)
        seconds = settings.CACHE_MIDDLEWARE_SECONDS
        return seconds if max_age is None else min(seconds, max_age)

    def conditional(self, request, response):
        """304 when the browser's copy is current (GET only, as ConditionalGetMiddleware)."""
        if request.method != "GET" or not response.has_header("ETag"):
            return response
        if not _CONDITIONAL_HEADERS.intersection(request.META):
            return response  # most requests: nothing to compare
        return get_conditional_response(request, etag=response["ETag"], response=response)
