"""What every benchmark sets up first: a scratch directory, its database (SQLite there unless
DATABASE_URL names one), production-like settings (DEBUG off, hashed static files) and Django."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def prepare(name: str) -> Path:
    """Set the environment for benchmark `name` and start Django; the scratch directory."""
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix=f"paacl-bench-{name}-"))
    defaults = {
        "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "benchmark-only-secret-key-of-sufficient-length-0123456789",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "STATIC_ROOT": str(scratch / "static"),
        "PDF_ROOT": str(scratch / "pdf"),
        "DOCUMENTS_ROOT": str(scratch / "documents"),
        "API_THROTTLE_ANON": "",
        # The demo sends e-mails (confirmations); a benchmark keeps them in memory.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "council.site.settings",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()
    return scratch
