"""`/healthz`: is the database there, is the cache there. For load balancers and monitoring.

It answers within HEALTH_DATABASE_SECONDS or so even when PostgreSQL hangs (its own, shorter
database deadline; the page cache never holds it up), and at once when Redis hangs: one call to
the cache, which django-redis turns into a miss, after at most one short wait every few seconds
(core.redis_breaker).
"""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .database_deadline import deadline

# A probe must answer sooner than a page: load balancers time out after a few seconds.
HEALTH_DATABASE_SECONDS = 1.0


def database_status():
    try:
        with deadline(HEALTH_DATABASE_SECONDS), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as error:  # any failure is a "not ok", reported, never a 500
        return f"error: {type(error).__name__}"


def cache_status():
    """One round trip: adding a new key succeeds only if the cache took it (it expires alone)."""
    added = cache.add(f"healthz:{uuid.uuid4().hex}", "ok", timeout=2)
    return "ok" if added else "unavailable"


@never_cache
def healthz(request):
    """200 while the database answers (a missing cache only slows the site: "degraded")."""
    database, cache_ = database_status(), cache_status()
    healthy = database == "ok"
    status = "ok" if healthy and cache_ == "ok" else ("degraded" if healthy else "down")
    return JsonResponse(
        {"status": status, "database": database, "cache": cache_}, status=200 if healthy else 503
    )
