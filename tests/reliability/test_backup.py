"""Backup and restore: `manage.py backup` dumps the database and the stored PDFs into one
archive; `manage.py restore` puts them into a fresh database and checks itself. The test
compares the restored database with the original on its own as well."""

import hashlib
import io
import os
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from program.models import ItemStatus, PdfDocument, ProgramItem
from program.services import program_publish
from tests.reliability.test_faults import needs_pdf
from workflows import audit
from workflows.models import TransitionLog

ROOT = Path(__file__).resolve().parents[2]
TABLES = [
    "program_programitem",
    "program_departmentalinput",
    "workflows_transitionlog",
    "program_pdfdocument",
    "auth_user",
]


def counts(conninfo: str) -> dict[str, int]:
    with psycopg.connect(conninfo) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def conninfo(name: str) -> str:
    settings = connection.settings_dict
    return (
        f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} "
        f"user={settings['USER']} dbname={name}"
    )


def damage(archive: Path, damaged: Path, prefix: str, change) -> Path:
    """A copy of the archive whose members named `prefix...` are changed by `change`."""
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith(prefix):
                data = change(data)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return damaged


@pytest.fixture
def scratch_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = conninfo("postgres")
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def records(program, make_item, bring_to, users, council_decision):
    for state in (ItemStatus.PUBLISHED, ItemStatus.REJECTED, ItemStatus.DRAFT):
        bring_to(make_item(title=f"Punct {state}"), state)
    return program


@needs_pdf
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_everything_intact(
    tmp_path, scratch_database, approved_program, make_item, bring_to, users
):
    program = approved_program
    bring_to(make_item(title="Punct retras"), ItemStatus.WITHDRAWN)
    program_publish(year=program.year, user=users["secretariat"])  # renders the PDF on commit
    pdf = PdfDocument.objects.get(key=f"program-{program.year}")
    original = counts(conninfo(connection.settings_dict["NAME"]))
    head = audit.head()

    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    restored_pdfs = tmp_path / "restored-pdf"
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "council.site.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{settings['USER']}@127.0.0.1:{settings['PORT'] or 5432}/"
        f"{scratch_database}",
        "PDF_ROOT": str(restored_pdfs),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), "--yes"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "match the backup" in result.stdout

    assert counts(conninfo(scratch_database)) == original
    with psycopg.connect(conninfo(scratch_database)) as db:
        restored_head = db.execute(
            "SELECT hash FROM workflows_transitionlog ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
        restored_sha = db.execute(
            "SELECT sha256 FROM program_pdfdocument WHERE key = %s", [pdf.key]
        ).fetchone()[0]
    assert restored_head == head
    file_sha = hashlib.sha256((restored_pdfs / f"{pdf.key}.pdf").read_bytes()).hexdigest()
    assert restored_sha == file_sha == pdf.sha256
    verified = subprocess.run(
        [sys.executable, "manage.py", "verify_audit_log"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stderr
    assert head in verified.stdout


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_replaced(tmp_path, records):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    damaged = damage(archive, tmp_path / "damaged.tar", "database.dump",
                     lambda data: data[:-100] + bytes(100))  # fmt: skip
    items = ProgramItem.objects.count()
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), "--yes", stdout=io.StringIO())
    assert ProgramItem.objects.count() == items
    assert audit.verify().intact


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restore_asks_for_confirmation_without_a_terminal(tmp_path, records):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_backup_manifest_records_counts_and_the_audit_head(tmp_path, records):
    archive = tmp_path / "backup.tar"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    import json

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["workflows.TransitionLog"] == TransitionLog.objects.count()
    assert manifest["counts"]["program.ProgramItem"] == 3
    assert manifest["audit_head"] == audit.head()
    assert str(archive) in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path, records):
    archive = tmp_path / "backups" / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.parent.stat().st_mode) == 0o700


@pytest.mark.django_db
def test_backup_on_sqlite_says_what_to_do_instead():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite message")
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup", stdout=io.StringIO())


def restore_elsewhere(archive: Path, database: str, documents: Path, pdfs: Path):
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "council.site.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{settings['USER']}@127.0.0.1:{settings['PORT'] or 5432}/"
        f"{database}",
        "PDF_ROOT": str(pdfs),
        "DOCUMENTS_ROOT": str(documents),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), "--yes"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def with_document(records, register, users):
    from council.documents import document_add
    from tests.council.test_documents import pdf_bytes, upload

    draft = register()
    return document_add(
        user=users["secretariat"], record="draft", record_id=draft.pk, kind="draft_text",
        file=upload(pdf_bytes()),
    )  # fmt: skip


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_documents_and_the_restore_checks_their_hashes(
    tmp_path, scratch_database, with_document
):
    archive = tmp_path / "backup.tar"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "1 documents" in out.getvalue()
    documents = tmp_path / "restored-documents"
    result = restore_elsewhere(archive, scratch_database, documents, tmp_path / "pdf")
    assert result.returncode == 0, result.stderr + result.stdout
    restored = documents / with_document.file.name
    assert hashlib.sha256(restored.read_bytes()).hexdigest() == with_document.sha256


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_restore_reports_a_document_whose_bytes_changed(
    tmp_path, scratch_database, with_document
):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    damaged = damage(archive, tmp_path / "damaged.tar", "documents/",
                     lambda data: data.replace(b"%PDF", b"%PDX", 1))  # fmt: skip
    result = restore_elsewhere(damaged, scratch_database, tmp_path / "docs", tmp_path / "pdf")
    assert result.returncode != 0
    assert f"document {with_document.pk}" in result.stdout + result.stderr
