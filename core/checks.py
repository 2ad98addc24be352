"""Deployment checks (`manage.py check --deploy`) for settings that only work together.

Each says what goes wrong for visitors and which variable to set (see `.env.example` and the
README's "Production" section)."""

import re
from pathlib import Path

from django.conf import settings
from django.core.checks import Error

# Django's name for a request header in request.META, or the connection's own address.
META_KEY = re.compile(r"^(HTTP_[A-Z0-9_]+|REMOTE_ADDR)$")
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def client_address_behind_proxy(app_configs, **kwargs):
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.RATELIMIT_IP_META_KEY:
        return [
            Error(
                "BEHIND_TLS_PROXY=1 is set but RATELIMIT_IP_META_KEY is not: behind a proxy every "
                "request comes from the proxy's address, so all visitors share one proposal limit "
                "and one sign-in lock-out counter (one visitor's wrong passwords lock everyone out).",
                hint="Set RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP; the proxy must set X-Real-IP from "
                "the client's address (deploy/nginx/snippets/kazanlak-locations.conf does).",
                id="core.E001",
            )
        ]
    return []


def client_address_header_name(app_configs, **kwargs):
    key = settings.RATELIMIT_IP_META_KEY
    if not isinstance(key, str) or "." in key:
        return []  # unset, or a function (django-ratelimit accepts a dotted path)
    if key == "HTTP_X_FORWARDED_FOR":
        return [
            Error(
                "RATELIMIT_IP_META_KEY=HTTP_X_FORWARDED_FOR: X-Forwarded-For is a list that the "
                "client starts itself, and django-ratelimit fails on a list.",
                hint="Use one header that the proxy sets from the connection: HTTP_X_REAL_IP.",
                id="core.E002",
            )
        ]
    if not META_KEY.match(key):
        return [
            Error(
                f"RATELIMIT_IP_META_KEY={key!r} is not a header name as Django sees it: every "
                "proposal would fail with a server error.",
                hint="Write it in request.META form: X-Real-IP is HTTP_X_REAL_IP.",
                id="core.E002",
            )
        ]
    return []


def shared_cache_for_several_workers(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.WEB_CONCURRENCY > 1 and backend in PROCESS_LOCAL_CACHES:
        return [
            Error(
                f"WEB_CONCURRENCY={settings.WEB_CONCURRENCY} server processes but no shared cache "
                "(REDIS_URL is not set): each process would count the proposal limit on its own, "
                "so a sender could send that many proposals to each process.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0), or WEB_CONCURRENCY=1.",
                id="core.E003",
            )
        ]
    return []


def private_files_outside_public_folders(app_configs, **kwargs):
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = Path(getattr(settings, name)).resolve()
        if private == public or private.is_relative_to(public) or public.is_relative_to(private):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) and {name} ({public}) overlap: the web server "
                    f"serves {name} to anyone, and with it the proposals' attachments.",
                    hint="Keep PRIVATE_MEDIA_ROOT in a folder of its own, beside MEDIA_ROOT.",
                    id="core.E004",
                )
            )
    return errors


DEPLOY_CHECKS = [
    client_address_behind_proxy,
    client_address_header_name,
    shared_cache_for_several_workers,
    private_files_outside_public_folders,
]
