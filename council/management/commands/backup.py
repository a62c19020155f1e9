"""`manage.py backup [--output FILE]`: the database, the stored PDFs, the documents and a
manifest, in one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from council.site.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database, the stored PDFs and the documents into one archive "
        "(see make backup)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the archive to write (default backups/paacl-<date and time>.tar)",
        )

    def handle(self, *args, **options):
        output = Path(
            options["output"] or f"backups/paacl-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
        )
        try:
            manifest = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backup written to {output}: {rows} rows in {len(manifest['counts'])} tables, "
            f"{len(manifest['pdf_files'])} PDFs, {len(manifest['documents'])} documents, "
            f"audit chain head {manifest['audit_head']}."
        )
