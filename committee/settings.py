"""Settings for the 1540 Committee information system.

Everything comes from the environment, through the small typed helpers below, with defaults that
run a fresh checkout as it is: SQLite in the project folder, a local-memory cache and Celery tasks
run in-process. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis. With ``DEBUG``
off the secrets have no defaults: a missing one stops start-up with a message saying what to set.

The file is in sections by concern, each setting defined once in the section that governs it:

1. environment helpers
2. core Django: debug, secret key, hosts, URLs
3. apps, middleware and templates
4. database
5. authentication, sessions and two-factor
6. security headers and HTTPS
7. internationalisation
8. static and media files, uploads
9. cache and page cache
10. Celery and the broker: beat schedule and routes
11. mail
12. REST API, schema and throttling
13. logging, metrics and error reporting
14. the Committee's own settings
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from core.observability import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# 1. Environment helpers: read a variable as a string, boolean, number or list, and say plainly
# what is wrong with a value that does not parse.
# ---------------------------------------------------------------------------------------------


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name: str, why: str) -> str:
    value = env_str(name)
    if value is None:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off: {why}")
    return value


def _rate(name: str, default: str) -> str | None:
    value = env_str(name, default)
    # "off" turns a limit off (the load benchmark does, to measure the pages rather than the limit).
    return None if value == "off" else value


# ---------------------------------------------------------------------------------------------
# 2. Core Django: debug mode, the secret key, the host names served, the URL and WSGI entry
# points. DEBUG decides most defaults below, so it comes first.
# ---------------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    if env_str("SECRET_KEY") is None and sys.argv[1:2] == ["runserver"]:
        print(
            "warning: DEBUG is on and SECRET_KEY is unset; using a development key.",
            file=sys.stderr,
        )
else:
    SECRET_KEY = env_required("SECRET_KEY", "it signs sessions and tokens.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set when DEBUG is off: a comma-separated list of the host "
            "names this site answers to, e.g. ALLOWED_HOSTS=1540.example.org"
        )

ROOT_URLCONF = "committee.urls"
WSGI_APPLICATION = "committee.wsgi.application"


# ---------------------------------------------------------------------------------------------
# 3. Apps, middleware and templates: what is installed, in which order requests pass through,
# and where templates are found.
# ---------------------------------------------------------------------------------------------

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: its admin classes patch the admin's.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search of the website on PostgreSQL (outreach/search.py); harmless on SQLite.
    "django.contrib.postgres",
    "rest_framework",
    # API tokens stored only as a hash, with an expiry (replaces rest_framework.authtoken, which
    # kept every token in clear).
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "rules",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "corsheaders",
    # Recovery codes: ten single-use codes for when the authenticator app is lost.
    "django_otp.plugins.otp_static",
    # The shared base (core/): before the apps that build on it. Its models keep the label
    # "committee" (core/models/__init__.py).
    "core",
    "committee",
    "states",
    "assistance",
    "workinggroups",
    "outreach",
]

MIDDLEWARE = [
    # First, so that every response carries X-Request-ID and every log line its request's id,
    # then the metrics, timing all that follows (core/observability.py, core/metrics.py).
    "core.observability.RequestIdMiddleware",
    "core.metrics.MetricsMiddleware",
    # Public GETs of /api/ readable from any origin, without credentials (CORS_* below).
    "core.api.ApiCorsMiddleware",
    # Large API answers compressed; only the API's: see core/api.py's ApiGZipMiddleware (BREACH).
    "core.api.ApiGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Serves collected static files in production; runserver serves them in development.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.security.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anonymous GETs read from the replica when one is configured (core/db_router.py).
    "core.db_router.ReplicaReadsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.security.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out answer.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.roles",
            ],
            # {% can %}, the permission registry's tag, in every template.
            "builtins": ["core.templatetags.permissions"],
        },
    },
]


# ---------------------------------------------------------------------------------------------
# 4. Database: SQLite in the project folder unless DATABASE_URL names another (PostgreSQL in
# production and in the tests).
# ---------------------------------------------------------------------------------------------

#
# Connections to PostgreSQL are kept open between requests by default (DB_CONN_MAX_AGE seconds),
# each checked before reuse (CONN_HEALTH_CHECKS), so that a restarted database costs one failed
# check, not errors. DATABASE_POOL=true uses psycopg's pool instead (one per process, shared by
# its threads; DATABASE_POOL_MIN_SIZE/MAX_SIZE; Django requires CONN_MAX_AGE 0 with it): for
# threaded servers, or to bound the connections a host opens. SQLite opens a file, not a
# connection over the network: neither applies. docs/SCALING.md.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASE_POOL = env_bool("DATABASE_POOL", False)


def _database(url: str) -> dict:
    database = dj_database_url.parse(url, conn_max_age=0)
    if database["ENGINE"] != "django.db.backends.postgresql":
        return database
    if DATABASE_POOL:
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 8),
            # A request waits this long for a free connection before failing.
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
        }
    else:
        database["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
        database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {"default": _database(DATABASE_URL)}
# A read-only replica of the primary for the heavy public reads (core/db_router.py): anonymous
# GETs of public pages and of the API read from it; everything else from the primary. In the
# tests it is the primary itself (Django's test MIRROR).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**_database(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# ---------------------------------------------------------------------------------------------
# 5. Authentication, sessions and two-factor: the user model, how a sign-in is checked and
# throttled, passwords, the second factor, and how long a session lasts.
# ---------------------------------------------------------------------------------------------

AUTH_USER_MODEL = "committee.User"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses a locked-out account before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "rules.permissions.ObjectPermissionBackend",
    "core.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # At least 12 characters: length over composition rules (NIST SP 800-63B).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "committee:role-home"
LOGOUT_REDIRECT_URL = "home"
# A password reset link works for an hour (Django's default is three days): the message
# waits in the outbox (core/mail.py), which the secretariat can read.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_MINUTES", 60) * 60
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)  # a working day

# Login throttling (django-axes): five wrong passwords are allowed; the sixth locks the account
# (by username, not by address: delegations share their mission's address) for a while.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 6)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# django-axes warns that locking by username alone lets an attacker rotate addresses; locking by
# address would lock out every delegate of a mission behind one address, which is worse here.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Every failed sign-in is kept for the audit log (core/audit.py), besides the counter above.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Two-factor authentication (TOTP, django-otp) for secretariat, experts and committee members.
# Required whenever DEBUG is off; in development it is off unless asked for, so that the demo
# users sign in with their password.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "1540 Committee"
# Pairing a first authenticator takes a one-time code from the secretariat (core/pairing.py),
# valid this many hours.
PAIRING_CODE_HOURS = env_int("PAIRING_CODE_HOURS", 72)


# ---------------------------------------------------------------------------------------------
# 6. Security headers and HTTPS: cookie flags, framing, content sniffing, referrers, the
# Content-Security-Policy, and (with DEBUG off) TLS redirects and HSTS.
# ---------------------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Production sits behind TLS. `make serve` runs the production settings over plain HTTP on
    # this machine only, with HTTPS=false.
    HTTPS = env_bool("HTTPS", default=True)
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    SECURE_SSL_REDIRECT = HTTPS
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The health checks are polled over plain HTTP by the load balancer and by `make serve`.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^readyz$"]

# Content-Security-Policy (Django's own): scripts and styles from this site only, nothing
# inline, nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}


# ---------------------------------------------------------------------------------------------
# 7. Internationalisation: the six official languages of the United Nations, for the interface
# (gettext, locale/) and for content kept per language (django-modeltranslation). Times in UTC.
# ---------------------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content kept per language (FAQ, events, cooperation pages: outreach/translation.py) falls
# back to English where a translation is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "ar", "zh-hans", "fr", "ru", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
# Dates and times in each language's own forms (Django's locale formats), with the project's
# few corrections: committee/formats/ (English in the UN's style, Arabic date-and-time forms).
FORMAT_MODULE_PATH = ["committee.formats"]
USE_I18N = True
USE_TZ = True


# ---------------------------------------------------------------------------------------------
# 8. Static and media files, uploads: where files live, how they are served, and the limits on
# what a request may upload.
# ---------------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside the static tree and have no public URL: every download goes
# through a view that checks who is asking (see core/files.py).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# With S3_BUCKET set, uploads and generated PDFs go to S3-compatible object storage (AWS S3,
# MinIO, Ceph...) shared by every web host and worker; without it, the local MEDIA_ROOT (`make
# run`). Objects are private (no public ACL, no public URL): the views stream them after their
# permission check, as from the disk. A signed URL, if anything ever asks for one, lasts 5 min.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL")  # unset for AWS itself
    S3_STORAGE_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": S3_ENDPOINT_URL,
        "access_key": env_str("S3_ACCESS_KEY_ID"),
        "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
        "region_name": env_str("S3_REGION"),
        # A folder of the bucket, so that one bucket can hold several installations.
        "location": env_str("S3_PREFIX", ""),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        # Two uploads of the same name get two objects, as on disk: overwriting would lose a
        # document (and a rebuilt PDF deletes the one it replaces by name after commit).
        "file_overwrite": False,
        "signature_version": "s3v4",
        # MinIO and most other S3-compatible servers answer on one host name: path-style
        # addresses (host/bucket/key). AWS prefers virtual hosts (bucket.host/key).
        "addressing_style": env_str("S3_ADDRESSING_STYLE", "path" if S3_ENDPOINT_URL else None),
    }
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": S3_STORAGE_OPTIONS,
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # WhiteNoise's, forgiving a file missing from the manifest (see that module). The
            # tests, which have no collected manifest, get the plain storage from their fixture.
            else "core.staticfiles.StaticFilesStorage"
        )
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024
# A DOCX is a zip archive: a few hundred KB can declare gigabytes (an archive bomb). At upload its
# central directory is read and refused past these; the search indexer also caps what it inflates.
UPLOAD_MAX_EXPANDED_BYTES = env_int("UPLOAD_MAX_EXPANDED_MB", 100) * 1024 * 1024
UPLOAD_MAX_ARCHIVE_MEMBERS = env_int("UPLOAD_MAX_ARCHIVE_MEMBERS", 2000)
# Word's XML compresses 5 to 30 times; deflate's ceiling is about 1,030 (what bombs use).
UPLOAD_MAX_COMPRESSION_RATIO = env_int("UPLOAD_MAX_COMPRESSION_RATIO", 200)
# Uploads stop being read as soon as a file passes UPLOAD_MAX_BYTES (core/uploads.py), instead
# of being written to a temporary file to the end and only then measured.
FILE_UPLOAD_HANDLERS = [
    "core.uploads.LimitedMemoryFileUploadHandler",
    "core.uploads.LimitedTemporaryFileUploadHandler",
]
# Small files stay in memory; anything larger is streamed to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The fields of a form or a JSON body, files excluded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB, said here for the handlers


# ---------------------------------------------------------------------------------------------
# 9. Cache and page cache: Redis when REDIS_URL is set (degrading to no cache when it is down),
# local memory otherwise; public pages cached for anonymous readers.
# ---------------------------------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to no cache when Redis is down: pages keep serving (core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            # A Redis of its own in production (CACHE_REDIS_URL), with maxmemory and
            # allkeys-lru: cached pages may be evicted, the broker's queued tasks must not be.
            "LOCATION": env_str("CACHE_REDIS_URL") or REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "committee1540"),
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages are cached for anonymous readers and forgotten on any write (core/page_cache.py).
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 600)


# ---------------------------------------------------------------------------------------------
# 10. Celery and the broker: Redis (REDIS_URL) or, without it, tasks run in-process; delivery,
# the outbox's circuit breaker (core/queue.py), the beat schedule and the queue routes.
# ---------------------------------------------------------------------------------------------

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://"
    # No broker configured: run tasks in-process so that a fresh checkout works as it is.
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task whose worker died before acknowledging it goes back to the queue after this long (Redis
# broker), for another worker to run. Longer than any task takes (PDFs take seconds to minutes).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 15 * 60),
    # Redis on the same network answers in milliseconds: a write should not wait seconds for one
    # that is down (core/queue.py keeps the task and sends it later).
    "socket_connect_timeout": 0.5,
    "socket_timeout": 2.0,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
# Publishing does not retry: a task the broker refuses is kept in QueuedTask at once.
CELERY_TASK_PUBLISH_RETRY = False
# After the broker failed once, a web process keeps new tasks in QueuedTask without trying it
# again for this long (the circuit breaker of core/queue.py).
BROKER_CIRCUIT_OPEN_SECONDS = env_int("BROKER_CIRCUIT_OPEN_SECONDS", 30)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery workers log through LOGGING (section 13: same format, with the task's request id)
# instead of replacing it with their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Schedules live here (django-celery-beat pins Django < 6.1); each task is a thin wrapper over a
# service. Times are UTC.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # 9(h): the committee is informed at least once a quarter, for the quarter just ended.
    "quarterly-assistance-digest": {
        "task": "assistance.tasks.build_digest_for_last_quarter",
        "schedule": crontab(minute=0, hour=5, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # 8(a): the annual review goes to the Council by the end of December; a first build on
    # 1 December.
    "annual-review": {
        "task": "committee.tasks.build_scheduled_annual_review",
        "schedule": crontab(minute=0, hour=5, day_of_month=1, month_of_year=12),
    },
    # Each person who chose a daily summary of their notifications gets it in the morning
    # (core/notifications.py; once a day per person, whatever the number of runs).
    "daily-notification-summary": {
        "task": "committee.tasks.send_daily_summaries",
        "schedule": crontab(minute=0, hour=6),
    },
    # Tasks whose message could not reach the broker (core/queue.py), sent again.
    "resend-queued-tasks": {
        "task": "committee.tasks.resend_queued_tasks",
        "schedule": 60.0,
    },
}
# One beat at a time (core/beat.py): every host may run beat; only the one holding a lock in the
# broker's Redis sends the scheduled tasks, and another takes over within BEAT_LOCK_SECONDS of
# the holder stopping.
if REDIS_URL:
    CELERY_BEAT_SCHEDULER = "core.beat:LockedScheduler"
BEAT_LOCK_SECONDS = env_int("BEAT_LOCK_SECONDS", 30)
BEAT_LOCK_KEY = "committee1540:beat-lock"
# PDFs take seconds to minutes and much memory: they go to their own queue, which the "pdf"
# worker serves one at a time (deploy/Procfile), so that a long build never holds up the other
# tasks. `make serve` runs one worker for both queues.
CELERY_TASK_DEFAULT_QUEUE = "celery"
PDF_QUEUE = "pdf"
CELERY_TASK_ROUTES = {
    name: {"queue": PDF_QUEUE}
    for name in (
        "states.tasks.generate_matrix_letter",
        "states.tasks.build_matrix_pdf",
        "assistance.tasks.build_digest",
        "assistance.tasks.build_digest_for_last_quarter",
        "committee.tasks.build_annual_review",
        "committee.tasks.build_scheduled_annual_review",
    )
}


# ---------------------------------------------------------------------------------------------
# 11. Mail: Django 6.1's MAILERS replaces EMAIL_BACKEND. Mail is printed on the console in
# development and sent through SMTP in production (MAIL_HOST, MAIL_PORT, MAIL_USER,
# MAIL_PASSWORD).
# ---------------------------------------------------------------------------------------------

MAIL_BACKEND = env_str(
    "MAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": MAIL_BACKEND}}
if MAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("MAIL_HOST", "localhost"),
        "port": env_int("MAIL_PORT", 587),
        "username": env_str("MAIL_USER", ""),
        "password": env_str("MAIL_PASSWORD", ""),
        "use_tls": env_bool("MAIL_USE_TLS", default=True),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "1540-committee@localhost")
# Where the site is read, for the links in the mail (a message is read outside any request).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")


# ---------------------------------------------------------------------------------------------
# 12. REST API, schema and throttling: API tokens, Django REST framework's defaults, request
# rate limits, and the OpenAPI schema (drf-spectacular).
# ---------------------------------------------------------------------------------------------

# API tokens (django-rest-knox): shown once to their owner at /api/v1/auth/token/, stored as a
# SHA-512 digest, and refused once API_TOKEN_DAYS have passed (then the owner asks for a new one).
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_DAYS", 90)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: its header turns a refused token into 401 (core/authentication.py).
        "core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 50,
    # JSON nested past API_MAX_JSON_DEPTH is a 400, not a RecursionError (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # ?ordering= among each ViewSet's ordering_fields; another field is a 400 (core/filters.py).
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.filters.StrictOrderingFilter",
    ],
    # Read-only fields described by the column behind them (null, blank): core/schema.py.
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Rates are read from API_THROTTLE_RATES at request time (core/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonymousRateThrottle",
        "core.throttling.SignedInRateThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# CORS (django-cors-headers): any origin may read the API with GET, never with the reader's
# cookies; writes stay same-origin (their preflight gets no Access-Control-Allow-Origin).
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# How deeply a JSON body may nest (core/api.py): no endpoint takes more than three levels.
API_MAX_JSON_DEPTH = 32
API_THROTTLE_RATES = {
    "anonymous": _rate("API_THROTTLE_ANONYMOUS", "120/minute"),
    "signed_in": _rate("API_THROTTLE_SIGNED_IN", "600/minute"),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "1540 Committee information system API",
    "DESCRIPTION": (
        "Member states, national reports and points of contact of the Security Council "
        "Committee established pursuant to resolution 1540 (2004)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # One name per choice set in the OpenAPI schema (several models have a "status").
    "ENUM_NAME_OVERRIDES": {
        "WorkingGroupNumberEnum": "committee.work.choices.WorkingGroupNumber",
        "WorkItemStatusEnum": "committee.work.choices.WorkItemStatus",
        "AnnualReviewStatusEnum": "committee.work.choices.AnnualReviewStatus",
        "WrittenReviewStatusEnum": "committee.work.choices.WrittenReviewStatus",
        "MeetingStatusEnum": "workinggroups.choices.MeetingStatus",
        "MeetingKindEnum": "workinggroups.choices.MeetingKind",
        "ReportStatusEnum": "states.choices.ReportStatus",
        "EventStatusEnum": "outreach.choices.EventStatus",
        "SubmissionStatusEnum": "states.practices.choices.SubmissionStatus",
        "PracticeAreaEnum": "states.practices.choices.PracticeArea",
        # The six official languages: a report's, a document's, a build's, a letter's.
        "LanguageEnum": "core.choices.Language",
        # The correspondence register (committee/correspondence/): a note's kind, and the kind
        # of record it concerns, are two "kind" fields.
        "CorrespondenceKindEnum": "committee.correspondence.choices.CorrespondenceKind",
        "LinkKindEnum": "committee.correspondence.choices.LinkKind",
        # Assistance projects (12(e)) and the ISO 4217 currencies of budgets and contributions.
        "ProjectStatusEnum": "assistance.choices.ProjectStatus",
        "CurrencyEnum": "assistance.currencies.CURRENCY_CHOICES",
    },
}


# ---------------------------------------------------------------------------------------------
# 13. Logging, metrics and error reporting (core/observability.py, core/metrics.py). Every log
# line has its time, level, logger, request id and user id: one JSON object per line in
# production (LOG_FORMAT=json, the default with DEBUG off), readable lines in development
# (LOG_FORMAT=text).
# ---------------------------------------------------------------------------------------------

LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.observability.ContextFilter"}},
    "formatters": {
        "text": {"()": "core.observability.TextFormatter"},
        "json": {"()": "core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
# /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is closed to everyone.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Errors reported to Sentry only when SENTRY_DSN is set; no personal data is sent.
SENTRY_ENABLED = init_sentry(
    env_str("SENTRY_DSN"),
    release=env_str("SENTRY_RELEASE"),
    environment=env_str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
)


# ---------------------------------------------------------------------------------------------
# 14. The Committee's own settings: rules of its work that are not Django's or a library's.
# ---------------------------------------------------------------------------------------------

# Paragraph 5: meeting documents go to all delegations before the meeting; a document circulated
# with less notice than this many working days (Monday to Friday) is flagged as late.
MEETING_DOCUMENT_NOTICE_WORKING_DAYS = env_int("MEETING_DOCUMENT_NOTICE_WORKING_DAYS", 2)
# Demo users are created only by `manage.py seed_demo`, which refuses to run with DEBUG off.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo-1540")
