"""Settings for the Kazanlak international cooperation site.

Everything that differs between a developer's laptop and production comes from environment
variables (listed in `.env.example`). The defaults are the safe, production ones: `DEBUG` is off
and the site refuses to start without a real `SECRET_KEY` unless `DEBUG` is switched on.
"""

import os
import re
from datetime import date
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.countries import cldr_country_names

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # git-ignored: the SQLite database and uploaded media live here


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example); "
            "only a local run with DEBUG=1 may go without one."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's public address, as search engines should know it (sitemap.xml, robots.txt): fixed
# here, never taken from a request's Host header, whose port nothing checks.
SITE_URL = os.environ.get(
    "SITE_URL", "http://127.0.0.1:8000" if DEBUG else "https://international.kazanlak.bg"
).rstrip("/")
if not re.fullmatch(r"https?://[^/?#\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} is not a site address such as https://international.kazanlak.bg "
        "(scheme and host, no path)."
    )

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its admin classes take over.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "django_countries",
    "django_ratelimit",
    "axes",
    "reversion",
    "csp",
    # Outgoing e-mail: django-mailer's queue; before core, whose admin replaces its English one.
    "core.apps.MailQueueConfig",
    "core",
    "partnerships",
    "contacts",
    # Deletes a FileField's old file after the change commits; last, as its docs ask.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    # PostgreSQL that hangs: no request waits more than DATABASE_WAIT_SECONDS for it (503 page).
    "core.database_deadline.DatabaseDeadlineMiddleware",
    "kazanlak_site.middleware.RequestLogMiddleware",
    # The one page cache (core.page_cache): a hit is served here, its version read under
    # the deadline above and logged, and no middleware below runs; the headers those add (security,
    # CSP, Permissions-Policy, X-Frame-Options, the ETag) were stored with the page. It also answers
    # 304 for an unchanged page (ETag), cached or not.
    "core.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kazanlak_site.middleware.PermissionsPolicyMiddleware",
    # GET, HEAD and POST only (TRACE, PUT, OPTIONS…: 405, the site's page), before anything else
    # reads the request; inside the header middlewares above, so the 405 carries their headers.
    "kazanlak_site.middleware.AllowedMethodsMiddleware",
    # Static files straight from the app server: compressed, hashed names, cached for a year
    # (WhiteNoise, without the collectstatic manifest staticfiles.json).
    "kazanlak_site.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Staff-made redirects (admin → „Пренасочвания“), tried only for addresses that give 404.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # Locks out repeated failed sign-ins (django-axes); last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user name from one address lock it for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The client address as the proposal limit reads it (RATELIMIT_IP_META_KEY behind a proxy): without
# django-ipware, axes would otherwise count everyone behind nginx as one address.
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_ip"

# Whole pages are cached (core.page_cache) and invalidated by any content change.
CACHE_MIDDLEWARE_ALIAS = "local"
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"

SITE_ID = 1

ROOT_URLCONF = "kazanlak_site.urls"
WSGI_APPLICATION = "kazanlak_site.wsgi.application"
# gunicorn's worker processes (gunicorn reads the same variable): more than one needs REDIS_URL,
# which `manage.py check --deploy` insists on (core/checks.py).
WEB_CONCURRENCY = int(os.environ.get("WEB_CONCURRENCY") or "1")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.language_alternates",
                "contacts.context_processors.footer_contacts",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A PostgreSQL server that hangs must not hold requests. While a request is answered, no wait for
# it lasts more than DATABASE_WAIT_SECONDS, and after one such wait the request gives up: the
# visitor gets the 503 page with Retry-After (core.database_deadline; /healthz waits
# less). Outside requests (migrate, backup, the mail worker) libpq gives up connecting after
# DB_CONNECT_TIMEOUT, and the server stops any statement after DB_STATEMENT_TIMEOUT.
DATABASE_WAIT_SECONDS = float(os.environ.get("DB_WAIT_TIMEOUT", "3"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _statement_ms = int(float(os.environ.get("DB_STATEMENT_TIMEOUT", "30")) * 1000)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=int(os.environ.get("DB_CONNECT_TIMEOUT", "3")),
        options=f"-c statement_timeout={_statement_ms}",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Bulgarian first, English for foreign partners.
LANGUAGE_CODE = "bg"
LANGUAGES = [("bg", "Български"), ("en", "English")]
# The site's own catalogue first; then corrections of Django's and the libraries' Bulgarian
# (admin, django-reversion, django-axes), kept apart so that `make messages` never drops them.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides"]
USE_I18N = True
FORMAT_MODULE_PATH = ["kazanlak_site.formats"]

# Country names from the Unicode CLDR in the page's language (core.countries), not
# django-countries' own translations.
COUNTRIES_OVERRIDE = cldr_country_names()

# `load_initial_data` (run by `make run`): each fixture in fixtures/, and the model whose rows show
# that it has been loaded (it is loaded only while that table is empty).
INITIAL_DATA_FIXTURES = {
    "partnerships": "partnerships.PartnerCity",
    "contacts": "contacts.Office",
}

USE_TZ = True
TIME_ZONE = "Europe/Sofia"

MODELTRANSLATION_DEFAULT_LANGUAGE = "bg"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("bg",)

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files visitors send (proposal attachments): never served by a URL, only through the admin.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600 if not DEBUG else 0

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Security. Production runs behind HTTPS; these are switched off only for the local DEBUG run.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Off only where production settings are tried over plain http on this machine (`make serve`).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Joining the browsers' HSTS preload list binds every subdomain of the municipality's domain
# for years: that is the domain owner's decision (SECURE_HSTS_PRELOAD=1), not a code default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Load balancers probe over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# A strict Content-Security-Policy: everything comes from the site itself; no inline script or
# style anywhere (JSON-LD data blocks are not scripts and need no permission).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A shared cache (Redis) when REDIS_URL is set, so that limits hold across server processes;
# local memory otherwise (one process: `make run`, tests).
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url):
    """django-redis, which django-ratelimit supports. While Redis is unreachable every read is a
    miss and every write is dropped (IGNORE_EXCEPTIONS), and a circuit breaker (core.redis_breaker)
    keeps a Redis that hangs to one short wait every few seconds per process: only the proposal
    limit and /healthz use it, never a page."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "kazanlak",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
            # redis-py retries a timed-out call 3 times by default: one wait is enough.
            "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 0)},
            "REDIS_CLIENT_CLASS": "core.redis_breaker.BreakerRedis",
        },
    }


# The breaker logs when Redis goes and comes back; a line per call would say nothing more.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # django-ratelimit wants a cache shared by all server processes. Without REDIS_URL there is
    # one process (`make run`, the tests), whose own memory is shared enough; with more than
    # one process, set REDIS_URL.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Two levels. The shared cache above holds only what every server process must share and may
# lose: the proposal limit. Whole public pages (the one page cache) are kept in each
# process's memory, under keys that carry the content version, which lives in the database and
# changes in the same transaction as the content (core.page_cache): a change made through
# any server shows on all of them within a second, Redis or not, and a hit costs no round trip.
LOCAL_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kazanlak-per-process",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CACHES["local"] = LOCAL_CACHE

# E-mail. No request waits for an SMTP server: every message (proposals, error reports) is written
# into a queue in the database (django-mailer), and the mail worker (`manage.py run_mail_worker`,
# started by `make run`/`make serve`, deploy/kazanlak-mail.service in production) sends it, with
# retries. EMAIL_BACKEND is how the worker sends: printed to the console for the local run, SMTP
# in production (EMAIL_HOST, …).
EMAIL_BACKEND = "core.mail.backend.QueueBackend"
MAILER_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# How long the worker waits for an SMTP server that does not answer before it tries later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The right-hand side of the Message-IDs given when a message is queued.
MAIL_ID_DOMAIN = DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
MAILER_ERROR_HANDLER = "core.mail.delivery.defer_on_any_error"
# A failed message is tried again after 1, 2, 4, … minutes, then every hour: 72 attempts, about
# three days; then staff see it as given up in the admin and can send it again from there.
MAIL_RETRY_FIRST_SECONDS = 60
MAIL_RETRY_LONGEST_SECONDS = 3600
MAILER_EMAIL_MAX_RETRIES = int(os.environ.get("MAIL_MAX_RETRIES", "72"))
MAIL_WORKER_INTERVAL_SECONDS = float(os.environ.get("MAIL_WORKER_INTERVAL_SECONDS", "5"))
# With SMTP hanging each attempt costs EMAIL_TIMEOUT: stop a pass after 3 failures.
MAILER_EMAIL_MAX_DEFERRED = 3
# Two workers never send one message twice: on PostgreSQL each message's row is locked while it
# is sent (other workers skip it); SQLite has no row locks, so a lock file allows one worker.
MAILER_USE_FILE_LOCK = DATABASES["default"]["ENGINE"].endswith("sqlite3")
MAILER_LOCK_PATH = os.environ.get("MAILER_LOCK_PATH") or str(VAR_DIR / "mail-worker")

# Cooperation proposals: who is told of a new one, how many a client address may send, and how
# long a closed one is kept (`manage.py purge_proposals`).
PROPOSALS_NOTIFY_EMAILS = env_list("PROPOSALS_NOTIFY_EMAILS")
PROPOSALS_RATE_LIMIT = os.environ.get("PROPOSALS_RATE_LIMIT", "5/h")
PROPOSALS_RETENTION_MONTHS = int(os.environ.get("PROPOSALS_RETENTION_MONTHS", "24"))
# What the sender is promised: an answer within this many days of receipt (the thank-you page, the
# confirmation, and the staff's notice, which gives the date).
PROPOSAL_REPLY_DAYS = int(os.environ.get("PROPOSAL_REPLY_DAYS", "14"))
# Whom a sender writes to about a proposal (the thank-you page, the confirmation's Reply-To and the
# privacy notice): the mayor's office's address, the one the municipality's page on international
# cooperation gives (fixtures/contacts.json).
PROPOSAL_CONTACT_EMAIL = os.environ.get("PROPOSAL_CONTACT_EMAIL", "mayor@kazanlak.bg")
# The privacy notice of the proposal form. The controller, as the municipality's own page names it
# and its address (fixtures/source/international-cooperation.bg.txt), per language; the
# data-protection officer's address is shown only when set (the source names none).
DATA_CONTROLLER_NAME = {"bg": "Община Казанлък", "en": "Municipality of Kazanlak"}
DATA_CONTROLLER_ADDRESS = {
    "bg": "бул. „Розова долина“ № 6, 6100 Казанлък, България",
    "en": "6 Rozova Dolina Blvd., 6100 Kazanlak, Bulgaria",
}
DATA_PROTECTION_OFFICER_EMAIL = os.environ.get("DATA_PROTECTION_OFFICER_EMAIL", "")
RATELIMIT_USE_CACHE = "default"
# With the cache unreachable the limit cannot be counted: accept proposals rather than refuse
# every one (the honeypot and the field limits still apply).
RATELIMIT_FAIL_OPEN = True
# Behind a proxy, the header that carries the client's address (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
# The upload limit is enforced while the file arrives (partnerships.uploads); this caps the
# whole request so that nothing larger is even parsed.
PROPOSAL_MAX_REQUEST_BYTES = 8 * 1024 * 1024

# The accessibility statement: when the site was last assessed, and where people write about it.
ACCESSIBILITY_STATEMENT_DATE = date.fromisoformat(
    os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2026-11-26")
)
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
    "ACCESSIBILITY_CONTACT_EMAIL", "delovodstvo@kazanlak.bg"
)

# Where the directory's "report a wrong number" link writes to.
DIRECTORY_CORRECTIONS_EMAIL = os.environ.get(
    "DIRECTORY_CORRECTIONS_EMAIL", "delovodstvo@kazanlak.bg"
)

# The licence of the open data (the exports, and the catalogue at /otvoreni-danni/ that describes
# them; its contact point is DIRECTORY_CORRECTIONS_EMAIL). The site stated no licence before: the
# default is Creative Commons Attribution 4.0, the most restrictive licence that the EU's rules on
# high-value datasets (Implementing Regulation 2023/138) accept; the municipality may choose another
# (core.catalogue.LICENCES names and summarises CC BY 4.0 and CC0, any other address is shown as
# it is).
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# Error reports go to ADMINS through the queue: none for a bad Host header (a scanner's noise),
# one per distinct error per 10 minutes (core.error_mail).
ADMINS = [("Admin", a) for a in env_list("ADMIN_EMAILS")]
ERROR_MAIL_INTERVAL_SECONDS = 600

# One JSON object a line on stderr: each request (method, path, status, duration) and each error.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.json_logging.JsonFormatter"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "core.error_mail.RateLimitedAdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's errors are mailed (rate-limited) and, like everything, logged by the root.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # Its own line per request comes from kazanlak_site.middleware; keep only the errors here.
        "django.server": {"level": "WARNING"},
    },
}

ADMIN_SITE_HEADER = _("Община Казанлък — международно сътрудничество")
