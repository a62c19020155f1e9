"""Settings, read from the environment (see the configuration table in README.md)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

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

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_fsm",
    "council",
    "program",
    "workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "council.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "council.urls"

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

WSGI_APPLICATION = "council.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two concurrent writers queue
    # instead of failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# SQLite (the demo database) cannot make "one opinion per draft, kind and committee" a unique
# constraint when the committee is empty; council.services checks it there, PostgreSQL enforces it.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "staff:login"

LANGUAGE_CODE = "ro"
LANGUAGES = [("ro", "Română"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Bucharest"
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Rendered publication PDFs are stored here and served from here.
PDF_ROOT = Path(env.str("PDF_ROOT", default=str(MEDIA_ROOT / "pdf")))

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="paacl@primariasector1.ro")
# The site's public address, used in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "council.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "program.api.pagination.ItemPagination",
    "EXCEPTION_HANDLER": "workflows.api.exceptions.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_THROTTLE_ANON", default="120/minute") or None},
}

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
    },
}

# Legal figures (DOMAIN.md). Kept here so the legal department can adjust them without a code
# change; each can be overridden from the environment.
COUNCIL = {
    "NAME": env.str("COUNCIL_NAME", default="Consiliul Local al Sectorului 1"),
    "SHORT_NAME": env.str("COUNCIL_SHORT_NAME", default="Sectorul 1"),
}

# Legal figures (DOMAIN.md; those marked "to confirm" there are the council legal department's to
# confirm). COUNCIL_RULES in the environment, as JSON, overrides any of them.
COUNCIL_RULES = {
    # Codul administrativ art. 134: notice of a sitting, in calendar days, by kind.
    "NOTICE_DAYS": {"ordinary": 5, "extraordinary": 3, "emergency": 0},
    # Legea 52/2003 art. 7: a normative draft is announced at least 30 working days before it
    # is sent for opinions, and recommendations are accepted for at least 10 days.
    "CONSULTATION_WORKING_DAYS": 30,
    "RECOMMENDATION_DAYS": 10,
    # Minutes (proces-verbal) published within 3 days of the sitting.
    "MINUTES_DAYS": 3,
    # Codul administrativ art. 197: communication to the prefect and mayor in 10 working days.
    "COMMUNICATION_WORKING_DAYS": 10,
    # Publication of a normative decision in the Monitorul Oficial Local after communication.
    "PUBLICATION_DAYS": 5,
    # Art. 139: abstentions count as votes against (a majority of those present is needed).
    "ABSTENTIONS_COUNT_AS_AGAINST": True,
}
COUNCIL_RULES.update(env.json("COUNCIL_RULES", default={}))
