"""`manage.py restore FILE`: replace the database and the stored PDFs with a backup's, then check
the result against the backup's manifest."""

import sys

from django.core.management.base import BaseCommand, CommandError

from council.site.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database (its current "
        "content is replaced) and PDF_ROOT, then verify counts, the audit chain and PDF hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar file written by manage.py backup")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="do not ask for confirmation (the database's current content is replaced)",
        )

    def handle(self, *args, **options):
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError("Restoring replaces the database's content: confirm with --yes.")
            answer = input("This replaces the database's current content. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            report = restore(options["archive"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not report.ok:
            raise CommandError(
                "Restored, but the result differs from the backup:\n- "
                + "\n- ".join(report.problems)
            )
        counts = report.manifest["counts"]
        self.stdout.write(
            f"Restored {sum(counts.values())} rows in {len(counts)} tables and "
            f"{len(report.manifest['pdf_files'])} PDFs; counts, the audit chain "
            f"({report.manifest['audit_head'][:12]}…) and the PDF hashes match the backup."
        )
