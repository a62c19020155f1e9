"""`make bench-documents`: documents at size.

1. Memory: gunicorn (one sync worker, the production server) on loopback takes a 50 MB PDF
   through the staff API (multipart) and serves it back whole and as a range; the worker's peak
   resident memory (VmHWM) is read before and after, so the figure is the server's own, not the
   client's. A flat process grows by a small fraction of the file's size.
2. Search: 10,000 public documents with text, and the public search page asked for a word in
   some of them, cold (the page cache cleared before each request): median time and queries, at
   1,000 and at 10,000 documents (the query count must not grow).

    make bench-documents                              # a scratch SQLite database
    DATABASE_URL=postgres://... make bench-documents  # PostgreSQL (documents are added to it)
    BENCH_DOCUMENT_MB=50 BENCH_DOCUMENTS=1000,10000 make bench-documents

Prints a table and, as its last line, one JSON object. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="paacl-bench-documents-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-of-sufficient-length-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DOCUMENTS_ROOT", str(SCRATCH / "documents"))
os.environ.setdefault("STATIC_ROOT", str(SCRATCH / "static"))
os.environ.setdefault("PDF_ROOT", str(SCRATCH / "pdf"))
os.environ.setdefault("API_THROTTLE_ANON", "")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.site.settings")
MEGABYTES = int(os.environ.get("BENCH_DOCUMENT_MB", "50"))
SIZES = [int(n) for n in os.environ.get("BENCH_DOCUMENTS", "1000,10000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
PORT = int(os.environ.get("BENCH_PORT", "8798"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

WORDS = [
    "regulament", "buget", "școală", "grădiniță", "parc", "stradă", "iluminat", "transport",
    "salubrizare", "cultură", "sport", "sănătate", "asistență", "locuință", "patrimoniu",
    "investiție", "taxă", "impozit", "digitalizare", "energie",
]  # fmt: skip


def big_pdf(path: Path, megabytes: int) -> None:
    """A valid one-page PDF with a text layer and an unreferenced stream of random bytes that
    makes it `megabytes` large (as a scanned annex would be)."""
    content = b"BT /F1 12 Tf 72 720 Td (Anexa scanata: planul parcului) Tj ET"
    filler = megabytes * 1024 * 1024 - 4096  # the whole file just under the limit
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        offsets.append(out.tell())
        out.write(b"6 0 obj\n<< /Length %d >>\nstream\n" % filler)
        remaining = filler
        while remaining:
            chunk = min(remaining, 1 << 20)
            out.write(secrets.token_bytes(chunk))
            remaining -= chunk
        out.write(b"\nendstream\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(offsets) + 1, xref)
        )


def setup_records():
    """A secretariat user with an API token, and a registered draft to attach files to."""
    from knox.models import AuthToken

    from council.services import draft_register
    from program import roles
    from program.accounts import staff_user_save
    from program.models import Department

    department, _ = Department.objects.get_or_create(
        slug="bench", defaults={"name": "Direcția de test"}
    )
    user = staff_user_save(
        username=f"bench-{secrets.token_hex(3)}", role=roles.SECRETARIAT, password="x" * 20,
        email="bench@example.ro",
    )  # fmt: skip
    draft = draft_register(
        user=user, title="Proiect de hotărâre privind bancul de probă", initiator="Primarul",
        statement="Referat.", department=department, legal_character="individual",
        majority="simple",
    )  # fmt: skip
    _, token = AuthToken.objects.create(user)
    return user, draft, token


def rss_peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def memory(draft, token: str) -> dict:
    import requests

    env = {**os.environ}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "council.site.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{PORT}", "--timeout", "300", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/healthz", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        worker = worker_pid(server.pid)
        for _ in range(3):  # warm-up: imports, templates, connections
            requests.get(base + "/api/v1/documents/", timeout=30)
        before = rss_peak_kb(worker)
        path = SCRATCH / "big.pdf"
        big_pdf(path, MEGABYTES)
        size = path.stat().st_size
        started = time.perf_counter()
        with path.open("rb") as file:
            response = requests.post(
                f"{base}/api/v1/drafts/{draft.pk}/documents/",
                files={"file": ("anexa-scanata.pdf", file, "application/pdf")},
                data={"kind": "annex", "title": "Anexă scanată"},
                headers={"Authorization": f"Token {token}"},
                timeout=300,
            )
        upload_s = time.perf_counter() - started
        if response.status_code != 201:
            raise SystemExit(f"The upload was refused ({response.status_code}): {response.text}")
        document = response.json()
        after_upload = rss_peak_kb(worker)
        started = time.perf_counter()
        received, digest = 0, hashlib.sha256()
        with requests.get(document["download_url"], stream=True, timeout=300) as download:
            download.raise_for_status()
            for chunk in download.iter_content(1 << 20):
                received += len(chunk)
                digest.update(chunk)
        download_s = time.perf_counter() - started
        assert received == size and digest.hexdigest() == document["sha256"]
        ranged = requests.get(
            document["download_url"], headers={"Range": "bytes=1000-1999"}, timeout=30
        )
        assert ranged.status_code == 206 and len(ranged.content) == 1000
        after_download = rss_peak_kb(worker)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    mb = 1024
    return {
        "file_mb": round(size / 1024 / 1024, 1),
        "worker_peak_before_mb": round(before / mb, 1),
        "worker_peak_after_upload_mb": round(after_upload / mb, 1),
        "worker_peak_after_download_mb": round(after_download / mb, 1),
        "growth_mb": round((after_download - before) / mb, 1),
        "growth_per_file_size": round((after_download - before) / (size / 1024), 3),
        "upload_s": round(upload_s, 2),
        "download_s": round(download_s, 2),
    }


def add_documents(draft, user, total: int) -> None:
    """Documents with text up to `total`, written in bulk (the services' checks and logging are
    measured elsewhere; here the search is)."""
    from council.files import fold
    from council.models import Document
    from workflows import audit, clock

    have = Document.objects.filter(draft=draft, title__startswith="Document de probă").count()
    rows = []
    for n in range(have, total):
        words = " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(40))
        text = f"Document de probă {n}. {words} " + ("regulamentul parcului" if n % 50 == 0 else "")
        rows.append(
            Document(
                kind="annex",
                title=f"Document de probă {n}",
                draft=draft,
                file=f"bench/{n}.pdf",
                filename=f"document-{n}.pdf",
                media_type="application/pdf",
                size=1000 + n,
                sha256=f"{n:064x}",
                search_text=fold(text * 5),
                uploaded_at=clock.now(),
                uploaded_by=user,
            )
        )
    from django.db import transaction

    with transaction.atomic(), audit.writing():
        Document.objects.bulk_create(rows, batch_size=1000)


def search(client: Client, word: str) -> tuple[float, int, int]:
    times = []
    for run in range(REPEAT + 1):
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": word})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200
        if run:  # the first is a warm-up
            times.append(elapsed)
    hits = response.content.decode().count("/documents/")
    return statistics.median(times), len(captured.captured_queries), hits


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    user, draft, token = setup_records()
    figures: dict = {"database": connection.vendor}
    figures["memory"] = memory(draft, token)
    client = Client()
    for size in SIZES:
        add_documents(draft, user, size)
        ms, queries, hits = search(client, "regulamentul parcului")
        figures[f"search_{size}_ms"] = round(ms, 1)
        figures[f"search_{size}_queries"] = queries
        figures[f"search_{size}_hits"] = hits
    memory_ = figures["memory"]
    print(f"Documents benchmark ({figures['database']}, {settings.DOCUMENTS_ROOT})")
    print(f"  {memory_['file_mb']} MB upload + download through gunicorn (1 sync worker):")
    print(f"    worker peak RSS {memory_['worker_peak_before_mb']} MB before, "
          f"{memory_['worker_peak_after_upload_mb']} MB after the upload, "
          f"{memory_['worker_peak_after_download_mb']} MB after the download")  # fmt: skip
    print(f"    growth {memory_['growth_mb']} MB = {memory_['growth_per_file_size']} × the file; "
          f"upload {memory_['upload_s']} s, download {memory_['download_s']} s")  # fmt: skip
    for size in SIZES:
        print(f"  search over {size:>6} documents, cold: {figures[f'search_{size}_ms']:>7} ms, "
              f"{figures[f'search_{size}_queries']} queries, "
              f"{figures[f'search_{size}_hits']} documents listed")  # fmt: skip
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
