"""PDF benchmark: cold render of a 500-item program, and serving the stored file.

    .venv/bin/python bench/pdf_bench.py            # a scratch SQLite database
    DATABASE_URL=postgres://... .venv/bin/python bench/pdf_bench.py

Prints the figures (medians) and one JSON line. Not a test: machines here are shared and noisy.
"""

import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
scratch = Path(tempfile.mkdtemp(prefix="paacl-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("PDF_ROOT", str(scratch / "pdf"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.site.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from council.web.pdf import ensure_program_pdf  # noqa: E402
from program.models import AnnualProgram  # noqa: E402
from workflows import clock  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    year = clock.today().year
    if not AnnualProgram.objects.filter(year=year, items__isnull=False).exists():
        call_command(
            "generate_load_data", "--years", "1", "--items-per-year", "500", stdout=io.StringIO()
        )
    program = AnnualProgram.objects.get(year=year)
    published = program.items.filter(status="published").count()
    cold = []
    for _ in range(3):
        started = time.perf_counter()
        rendered = ensure_program_pdf(program, force=True, render_here=True)
        cold.append(time.perf_counter() - started)
    client = Client()
    first = client.get(f"/program/{year}.pdf")
    assert first.status_code == 200, first.status_code
    served = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get(f"/program/{year}.pdf")
        b"".join(response.streaming_content)
        served.append(time.perf_counter() - started)
    figures = {
        "db": django.db.connection.vendor,
        "items_in_program": program.items.count(),
        "published_items": published,
        "pdf_bytes": rendered.document.size,
        "pdf_500_cold_s": round(statistics.median(cold), 2),
        "pdf_stored_ms": round(statistics.median(served) * 1000, 2),
    }
    print(
        f"database: {figures['db']}; program of {figures['items_in_program']} items "
        f"({published} published)"
    )
    print(
        f"cold render (median of 3): {figures['pdf_500_cold_s']} s, {rendered.document.size} bytes"
    )
    print(f"stored file served (median of 20): {figures['pdf_stored_ms']} ms")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
