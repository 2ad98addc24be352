"""Error reports by e-mail, without the flood: Django's AdminEmailHandler, rate-limited.

- None for a bad Host header (django.security.DisallowedHost): scanners send thousands, and
  there is nothing to fix.
- At most one per distinct error per ERROR_MAIL_INTERVAL_SECONDS (10 minutes). An error is its
  exception type and the place in our code (or the library's) where it was raised, or for a
  logged response without an exception (a 503 while the database is down) the logger, the log
  call and the status: the same fault on every page is one error, not one per address.
- Counted in the shared cache, so that all server processes together send one; while the cache
  cannot be reached each process counts in its own memory.
- The report is queued (EMAIL_BACKEND), never sent inside the request. If it cannot be queued
  (the database is down) that is logged and the request goes on.
"""

import hashlib
import logging
import threading
import time
import traceback

from django.conf import settings
from django.core.cache import cache
from django.utils.log import AdminEmailHandler

logger = logging.getLogger(__name__)
NEVER_MAILED = {"django.security.DisallowedHost"}

_lock = threading.Lock()
_mailed_here = {}  # key → time of the last report from this process, while the cache is down


def error_key(record):
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        frames = traceback.extract_tb(error.__traceback__)
        place = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        what = f"{type(error).__module__}.{type(error).__qualname__}@{place}"
    else:
        status = getattr(record, "status_code", "")
        what = f"{record.name}@{record.pathname}:{record.lineno}:{record.msg}:{status}"
    return "error-mail:" + hashlib.sha256(what.encode()).hexdigest()[:32]


def first_in_interval(key):
    """True for the first report of this error in the interval, across all server processes."""
    interval = settings.ERROR_MAIL_INTERVAL_SECONDS
    if cache.add(key, 1, timeout=interval):
        return True
    if cache.get(key) is not None:
        return False  # reported by this or another process
    # The cache is unreachable (django-redis, ignoring the error, answers None to both): this
    # process counts in its own memory.
    now = time.time()
    with _lock:
        for old in [k for k, t in _mailed_here.items() if now - t >= interval]:
            del _mailed_here[old]
        if key in _mailed_here:
            return False
        _mailed_here[key] = now
        return True


class RateLimitedAdminEmailHandler(AdminEmailHandler):
    def emit(self, record):
        if record.name in NEVER_MAILED or not settings.ADMINS:
            return
        if not first_in_interval(error_key(record)):
            return
        try:
            super().emit(record)
        except Exception as error:
            logger.warning("Error report not queued (%s): %s", type(error).__name__, error)
