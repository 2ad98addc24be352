"""Site-wide response headers, the per-request log line, the methods the site answers and the
static files it serves."""

import logging
import time

from whitenoise.middleware import WhiteNoiseMiddleware

from core import error_pages

logger = logging.getLogger("kazanlak.requests")

# Features no page of the site uses: browsers refuse them to any script that might try.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestLogMiddleware:
    """One structured line per request: method, path, status, duration (no query, no address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        return response


# What the site answers: pages and files (GET, HEAD) and its forms and the admin (POST). TRACE
# (echoes the request, cookies included), PUT, DELETE, OPTIONS, WebDAV's and made-up methods: 405.
ALLOWED_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    """405 for any method the site does not use, before anything else looks at the request; and
    the site's 405 page for the empty 405s of Django's own method checks (require_GET, …). The
    page is in the language of the address and costs no database query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return error_pages.method_not_allowed(request, ALLOWED_METHODS)
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            return error_pages.method_not_allowed(request, allowed or ALLOWED_METHODS)
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise serves every file in STATIC_ROOT; the manifest collectstatic writes there
    (staticfiles.json, every file's hashed name) is for the site, not for visitors: 404."""

    def hidden(self, url):
        manifest = self.static_prefix + "staticfiles.json"
        return url == manifest or url.startswith(manifest + ".")

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if not self.hidden(url):
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    def find_file(self, url):  # WHITENOISE_AUTOREFRESH (development, tests)
        return None if self.hidden(url) else super().find_file(url)
