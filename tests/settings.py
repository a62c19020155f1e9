"""Test settings: the real settings, with a test secret key and fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

from council.site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Throttling is tested on its own (with its own rate); elsewhere it would make tests flaky.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}  # noqa: F405

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# Rendered PDFs go to a scratch folder, never into the project.
PDF_ROOT = Path(tempfile.mkdtemp(prefix="paacl-test-pdf-"))

# The test client and the live server speak plain HTTP; production redirects to HTTPS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="paacl-test-static-"))
# `{% static %}` without collectstatic (production uses WhiteNoise's manifest).
# Documents too.
DOCUMENTS_ROOT = Path(tempfile.mkdtemp(prefix="paacl-test-documents-"))
STORAGES = {
    **STORAGES,  # noqa: F405
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run at once, after the commit, as in the demo.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PDF_RENDER_IN_REQUEST = True

# A second alias for the read replica, mirroring the primary (the router tests switch it on with
# PUBLIC_READ_DATABASE). Only on PostgreSQL, the production database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
PUBLIC_READ_DATABASE = None
