"""Test settings: the real settings, with a test secret key and fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

from council.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Throttling is tested on its own (with its own rate); elsewhere it would make tests flaky.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}  # noqa: F405

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# Rendered PDFs go to a scratch folder, never into the project.
PDF_ROOT = Path(tempfile.mkdtemp(prefix="paacl-test-pdf-"))
