"""Backup and restore (PostgreSQL): one archive holding a pg_dump of the database, the stored
publication PDFs, the council's documents (council.models.Document, from their storage) and a
manifest (row counts, the audit chain's head, the PDFs' and the documents' hashes) taken from the
same snapshot as the dump. A restore checks itself against the manifest: every document's bytes
must hash to the SHA-256 its row records.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from workflows import audit, clock

FORMAT = 1


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


def _database() -> dict:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "Backups use pg_dump and need PostgreSQL (DATABASE_URL=postgres://...). For the SQLite "
            "demo database, copy the db.sqlite3 file while the service is stopped."
        )
    return database


def _client_env(database: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found; install the PostgreSQL client (postgresql-client)."
        )
    return found


def snapshot_facts() -> dict:
    """Row counts of every table the application owns, the audit chain's head and the PDFs."""
    counts = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.label] = model._default_manager.using("default").count()
    from council.models import Document
    from program.models import PdfDocument

    pdfs = {d.key: d.sha256 for d in PdfDocument.objects.using("default").order_by("key")}
    documents = {
        str(pk): {"name": name, "sha256": sha256}
        for pk, name, sha256 in Document.objects.using("default")
        .order_by("pk")
        .values_list("pk", "file", "sha256")
    }
    return {"counts": counts, "audit_head": audit.head(), "pdfs": pdfs, "documents": documents}


def _document_storage():
    from django.core.files.storage import storages

    return storages["documents"]


def _stream_sha256(stream) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(output: Path) -> dict:
    """Write the archive to `output` (a .tar file); return its manifest."""
    database = _database()
    pg_dump = _tool("pg_dump")
    output = Path(output)
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="paacl-backup-") as scratch:
        dump = Path(scratch) / "database.dump"
        # One snapshot for the dump and the manifest: writes during the backup are in neither.
        with transaction.atomic(using="default"):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            facts = snapshot_facts()
            result = subprocess.run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-owner",
                 f"--file={dump}", database["NAME"]],
                env=_client_env(database), capture_output=True, text=True,
            )  # fmt: skip
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        pdf_root = Path(settings.PDF_ROOT)
        files = {}
        for key in facts["pdfs"]:
            path = pdf_root / f"{key}.pdf"
            if path.exists():
                files[key] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "created_at": clock.now().isoformat(),
            "database": database["NAME"],
            **facts,
            "pdf_files": files,
            "database_sha256": _sha256(dump),
        }
        partial = output.with_name(f".{output.name}.partial")
        partial.unlink(missing_ok=True)
        # Readable by its owner only, from the first byte: it holds password hashes, API token
        # digests, session keys and second-factor secrets (docs/deploy.md: encrypt it off-site).
        handle = os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
        with handle, tarfile.open(fileobj=handle, mode="w") as archive:
            archive.add(dump, arcname="database.dump")
            for key in files:
                archive.add(pdf_root / f"{key}.pdf", arcname=f"pdf/{key}.pdf")
            storage = _document_storage()
            for document in facts["documents"].values():
                # Streamed from the storage (local disk or object store), never whole in memory.
                info = tarfile.TarInfo(f"documents/{document['name']}")
                info.size = storage.size(document["name"])
                with storage.open(document["name"], "rb") as stream:
                    archive.addfile(info, stream)
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, output)
    return manifest


@dataclass(frozen=True)
class RestoreReport:
    manifest: dict
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def restore(archive_path: Path) -> RestoreReport:
    """Restore the archive into the configured database (emptied first) and PDF_ROOT, then
    compare what is there with the archive's manifest."""
    database = _database()
    pg_restore = _tool("pg_restore")
    with tempfile.TemporaryDirectory(prefix="paacl-restore-") as scratch:
        root = Path(scratch)
        try:
            with tarfile.open(archive_path, "r") as archive:
                archive.extractall(root, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise BackupError(
                f"{archive_path} is not a readable backup archive: {error}"
            ) from error
        try:
            manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BackupError(f"{archive_path} has no valid manifest.json: {error}") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        dump = root / "database.dump"
        if _sha256(dump) != manifest["database_sha256"]:
            raise BackupError("The database dump in the archive is damaged (its hash differs).")
        connection.close()
        result = subprocess.run(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", f"--dbname={database['NAME']}", str(dump)],
            env=_client_env(database), capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        pdf_root = Path(settings.PDF_ROOT)
        pdf_root.mkdir(parents=True, exist_ok=True)
        for key in manifest["pdf_files"]:
            shutil.copyfile(root / "pdf" / f"{key}.pdf", pdf_root / f"{key}.pdf")
        storage = _document_storage()
        for document in manifest.get("documents", {}).values():
            name = document["name"]
            if storage.exists(name):
                storage.delete(name)
            with (root / "documents" / name).open("rb") as stream:
                stored = storage.save(name, stream)
            if stored != name:
                raise BackupError(f"The document {name} could not be restored under its name.")
    connection.close()
    return RestoreReport(manifest, compare(manifest))


def compare(manifest: dict) -> list[str]:
    """What differs between the database and PDFs here and the manifest."""
    problems = []
    facts = snapshot_facts()
    for label, expected in manifest["counts"].items():
        found = facts["counts"].get(label)
        if found != expected:
            problems.append(f"{label}: {found} rows, the backup had {expected}")
    verification = audit.verify()
    if not verification.intact:
        problems.append(
            f"the audit chain is broken at row {verification.first_break.row_id}: "
            f"{verification.first_break.reason}"
        )
    elif verification.head != manifest["audit_head"]:
        problems.append("the audit chain's head differs from the backup's")
    pdf_root = Path(settings.PDF_ROOT)
    for key, expected in manifest["pdf_files"].items():
        path = pdf_root / f"{key}.pdf"
        found = _sha256(path) if path.exists() else "missing"
        if found != expected or facts["pdfs"].get(key) != expected:
            problems.append(f"PDF {key}: its hash differs from the backup's")
    storage = _document_storage()
    for pk, document in manifest.get("documents", {}).items():
        name = document["name"]
        try:
            with storage.open(name, "rb") as stream:
                found = _stream_sha256(stream)
        except OSError:
            found = "missing"
        recorded = facts["documents"].get(pk, {}).get("sha256")
        if found != document["sha256"] or recorded != document["sha256"]:
            problems.append(f"document {pk} ({name}): its hash differs from the backup's")
    return problems
