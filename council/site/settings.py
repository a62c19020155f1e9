"""Settings, read from the environment (see the configuration table in README.md)."""

import datetime as dt
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from council.site.rules import council_rules

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (it is required when DEBUG is off), or set DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "council.site.apps.LoginLockoutsConfig",  # django-axes
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django_fsm",
    "pgtrigger",
    # Ours, from the bottom layer up: the engine, planning, execution (docs/architecture.md).
    "workflows",
    "program",
    "council",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "council.site.middleware.PublicReadMiddleware",
    "csp.middleware.CSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "council.site.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "council.site.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that a refused login is counted after authentication has run.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "council.site.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "council.site.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# A read replica (PostgreSQL streaming replication) for anonymous public reads; staff and every
# write use the primary. See council/site/routers.py and docs/scaling.md.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE transactions take the write lock up front, so two concurrent writers queue
        # instead of failing half-way with "database is locked".
        database.setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    else:
        database.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        database.setdefault("CONN_HEALTH_CHECKS", True)
        options = database.setdefault("OPTIONS", {})
        # An unreachable server is reported within seconds, not after the OS's TCP timeout.
        options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
        # A connection that stops answering (a network that drops packets, a stalled proxy) is
        # given up after ~20 s: keepalive probes while waiting, and unacknowledged data.
        options.setdefault("keepalives", 1)
        options.setdefault("keepalives_idle", env.int("DATABASE_KEEPALIVE_IDLE", default=10))
        options.setdefault("keepalives_interval", 3)
        options.setdefault("keepalives_count", 3)
        options.setdefault(
            "tcp_user_timeout", env.int("DATABASE_TCP_USER_TIMEOUT_MS", default=15000)
        )
        # No statement runs longer than this: the request gets a 503 that says so.
        options.setdefault(
            "options",
            f"-c statement_timeout={env.int('DATABASE_STATEMENT_TIMEOUT_MS', default=30000)}",
        )
DATABASE_ROUTERS = ["council.site.routers.PublicReadRouter"]
# /healthz answers within this many seconds, whatever the database does.
HEALTHZ_TIMEOUT = env.float("HEALTHZ_TIMEOUT", default=3.0)
PUBLIC_READ_DATABASE = "replica" if "replica" in DATABASES else None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The registers' door triggers (workflows/door.py) are (re)installed by every `migrate`.
PGTRIGGER_INSTALL_ON_MIGRATE = True

# SQLite (the demo database) cannot make "one opinion per draft, kind and committee" a unique
# constraint when the committee is empty; council.services checks it there, PostgreSQL enforces it.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

# The shared cache (Redis) when REDIS_URL is set: every app server sees the same page cache and
# throttle counters. If Redis goes down, the service goes on without a cache
# (council/site/cache.py).
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "council.site.cache.ResilientRedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
    }
else:
    # One process's own memory: room for a year's calendar events (kept one by one) besides the
    # pages; Django's default of 300 entries would cull them before they are used again.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Whether the public version (workflows/version.py) is read from the cache, with the page, in
# one round trip: only when the cache is shared by every process; otherwise from its one row.
PUBLIC_VERSION_CACHED = bool(env.str("REDIS_URL", default=""))
# With Redis, when a process is not told of moves (PUBLIC_VERSION_PUSHED off, or its subscription
# lost): how long it may serve pages under the public version it last read before asking Redis
# again (seconds; 0, the default, asks on every hit). Another process's change then shows up to
# this much later.
PUBLIC_VERSION_LOCAL_SECONDS = env.float("PUBLIC_VERSION_LOCAL_SECONDS", default=0.0)
if not 0 <= PUBLIC_VERSION_LOCAL_SECONDS <= 60:
    raise ImproperlyConfigured("PUBLIC_VERSION_LOCAL_SECONDS must be between 0 and 60.")
# With Redis: each process is told when the public version moves (Redis publish and subscribe)
# and serves its hits without asking Redis until then (workflows/version.py). Off: every hit asks
# (or keeps the version for PUBLIC_VERSION_LOCAL_SECONDS).
PUBLIC_VERSION_PUSHED = env.bool("PUBLIC_VERSION_PUSHED", default=True)

# Background work (rendering publication PDFs). The default runs a task at once, in the process
# that enqueued it (after the commit); TASK_BACKEND=database queues it in PostgreSQL for
# `manage.py db_worker`, so that web processes never render.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env.str("TASK_BACKEND", default="immediate")]
    }
}
# Whether a request may render a missing or stale PDF itself (when there is no worker).
PDF_RENDER_IN_REQUEST = env.bool(
    "PDF_RENDER_IN_REQUEST", default=TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
)
# A PDF that takes longer than this to render is answered with a 503 (the page says why).
PDF_RENDER_TIMEOUT = env.float("PDF_RENDER_TIMEOUT", default=60.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses logins for an account or address locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "staff:login"

# Staff sessions end after a working day, and after two idle hours (council/site/middleware.py).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=2 * 3600)

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed attempts for one username from one
# address, that pair is locked for AXES_COOLOFF_TIME hours. Failures are kept in the database.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "council.staff.accounts.locked_out"
# No user names or addresses in the logs (GDPR): the lockouts are in the admin.
AXES_VERBOSE = False
# The client's address comes from one place (council/net.py) for the lockout and the throttle:
# REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies (nginx: 1) the address the nearest
# one saw; never an address the client wrote into X-Forwarded-For itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "council.net.client_address"
# Two-factor authentication (django-otp, TOTP) is required of these groups once they have a device;
# REQUIRE_OTP_FOR_SECRETARIAT makes it compulsory for the secretariat.
OTP_TOTP_ISSUER = "PAACL Sector 1"
REQUIRE_OTP_FOR_SECRETARIAT = env.bool("REQUIRE_OTP_FOR_SECRETARIAT", default=False)

LANGUAGE_CODE = "ro"
LANGUAGES = [("ro", "Română"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Bucharest"
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Rendered publication PDFs are stored here and served from here.
PDF_ROOT = Path(env.str("PDF_ROOT", default=str(MEDIA_ROOT / "pdf")))

# The council's documents (council.models.Document): on the local disk under MEDIA_ROOT by default,
# or in an S3-compatible object store (several app servers) when DOCUMENTS_S3_BUCKET is set
# (`pip install -e ".[s3]"`). Files are only ever added, never overwritten.
DOCUMENTS_ROOT = Path(env.str("DOCUMENTS_ROOT", default=str(MEDIA_ROOT / "documents")))
DOCUMENTS_S3_BUCKET = env.str("DOCUMENTS_S3_BUCKET", default="")
# The largest file the staff may upload.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=50 * 1024 * 1024)
# Behind nginx: the internal location that serves DOCUMENTS_ROOT (X-Accel-Redirect), e.g.
# "/protected-documents/"; empty: the application streams the file itself.
DOCUMENTS_X_ACCEL_PREFIX = env.str("DOCUMENTS_X_ACCEL_PREFIX", default="")
# Uploads larger than this go to a temporary file, not memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the root of the site (/favicon.ico, /apple-touch-icon.png).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# WhiteNoise serves the collected files with far-future caching (hashed names) and compression.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env.str("DOCUMENTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DOCUMENTS_S3_REGION", default="") or None,
            "access_key": env.str("DOCUMENTS_S3_ACCESS_KEY", default="") or None,
            "secret_key": env.str("DOCUMENTS_S3_SECRET_KEY", default="") or None,
            "file_overwrite": False,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
    if DOCUMENTS_S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# HTTPS. In production the site is behind a proxy (nginx) that terminates TLS and sets
# X-Forwarded-Proto. HTTPS=0 is for running the production stack locally over plain HTTP.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# The load balancer's health probe may use plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp 4): nothing but this site's own files; no inline script or
# style, no framing, forms post only here.
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

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="paacl@primariasector1.ro")
# A mail server that does not answer is given up after this many seconds (the change that sent
# the notification has been committed already; the failure is logged).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The site's public address, used in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "council.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "council.api.renderers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "council.api.authentication.OTPSessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "council.api.pagination.ItemPagination",
    "EXCEPTION_HANDLER": "workflows.api.exceptions.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["council.net.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_THROTTLE_ANON", default="120/minute") or None},
}

# API tokens (django-rest-knox): stored as hashes, they expire, and their owner lists and revokes
# them (/staff/tokens/). Issued only under the staff login's rules (council/api/auth.py).
API_TOKEN_TTL = dt.timedelta(hours=env.int("API_TOKEN_HOURS", default=8))
REST_KNOX = {"TOKEN_TTL": API_TOKEN_TTL, "AUTO_REFRESH": False}

SPECTACULAR_SETTINGS = {
    "TITLE": "PAACL API — Consiliul Local al Sectorului 1",
    "DESCRIPTION": (BASE_DIR / "docs" / "api-description.md").read_text(encoding="utf-8"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The interactive documentation is served from this site: it works offline, with no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ItemStatusEnum": "program.models.ItemStatus",
        "ItemKindEnum": "program.models.ItemKind",
        "SittingKindEnum": "council.models.Kind",
        "ProgressEnum": "program.models.Progress",
        "MajorityEnum": "program.models.Majority",
        "LegalCharacterEnum": "program.models.LegalCharacter",
        "DraftStageEnum": "council.models.DraftStatus",
        "SittingStatusEnum": "council.models.SittingStatus",
        "OutcomeEnum": "council.models.Outcome",
        "DocumentKindEnum": "council.models.DocumentKind",
        "ProgramStatusEnum": "program.models.ProgramStatus",
        "DecisionStatusEnum": "council.models.DecisionStatus",
        "BallotEnum": "council.models.Ballot",
        "VoteEnum": "council.models.VoteChoice",
        "MandateEndReasonEnum": "council.models.MandateEnd",
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "council.api.schema.bilingual_enums",
        "council.api.schema.error_responses",
    ],
}

# Public reads may be used from any origin (transparency portals' own pages); the staff endpoints
# may not: no credentials, no Authorization header, no writes, and not their paths.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = (
    r"^/api/v1/(?!auth/)(?!items/\d+/(transitions|inputs)/)(?!programs/\d+/(approve|publish)/).*$"
)
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes reports every login at INFO; failures and lockouts are in its tables.
        "axes": {"level": "WARNING"},
        # django-pgtrigger reports each (re)installed trigger at every migrate.
        "pgtrigger": {"level": "WARNING"},
    },
}

# Legal figures (DOMAIN.md). Kept here so the legal department can adjust them without a code
# change; each can be overridden from the environment.
COUNCIL = {
    "NAME": env.str("COUNCIL_NAME", default="Consiliul Local al Sectorului 1"),
    "SHORT_NAME": env.str("COUNCIL_SHORT_NAME", default="Sectorul 1"),
    # Where the public writes to the council's secretariat (the accessibility page, OParl Body).
    "EMAIL": env.str("COUNCIL_EMAIL", default="secretariat@primarie1.ro"),
    # The council's terms (legislaturi): a name, the first day and, once known, the last day; a
    # new term is added when the council is constituted after an election. The demo's mandates
    # start on 25 October 2024 (program/reference_data.py).
    "TERMS": env.json(
        "COUNCIL_TERMS", default=[{"name": "2024–2028", "start": "2024-10-25", "end": None}]
    ),
}

# Legal figures (DOMAIN.md, docs/legal.md; those marked "to confirm" are the council legal
# department's to confirm). COUNCIL_RULES in the environment, as JSON, overrides any of them; a
# nested rule keeps what it does not override, and a bad value stops the start with its name.
COUNCIL_RULES = council_rules(env.json("COUNCIL_RULES", default={}))
